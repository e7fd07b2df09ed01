# Failing allocations (reliability R5): with every 7th malloc failing,
# connections through tcppm carry their bytes whole or are closed at once;
# no client hangs, no session is left behind, and the process goes on.
# supervised: no
. "$(dirname "$0")/../lib/lib.sh"
need curl
fault_origin
P=$(free_port)
malloc_fault_case tcppm tcppm 7 \
    --connect-to "127.0.0.1:$HTTP_PORT:127.0.0.1:$P" -- \
    -i127.0.0.1 "$P" 127.0.0.1 "$HTTP_PORT"
