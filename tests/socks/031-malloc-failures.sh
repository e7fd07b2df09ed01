# Failing allocations (reliability R5): with every 7th malloc failing,
# SOCKS 5 requests through socks get their bytes whole or fail at once; no
# client hangs, no session is left behind, and the process goes on serving.
# supervised: no
. "$(dirname "$0")/../lib/lib.sh"
need curl
fault_origin
P=$(free_port)
malloc_fault_case socks socks 7 --socks5-hostname "127.0.0.1:$P" -- \
    -i127.0.0.1 -p"$P"
