# Failing allocations (reliability R5): with every 13th malloc failing, a
# request either gets its bytes whole or fails at once, with 21 in its
# record; no client waits on a lost read event and no session is left
# behind. Before the fix, a client whose input buffer could not be
# allocated waited for the idle timeout, its descriptor held.
# supervised: no
. "$(dirname "$0")/../lib/lib.sh"
need curl
fault_origin
P=$(free_port)
malloc_fault_case proxy proxy 13 -x "127.0.0.1:$P" -- -i127.0.0.1 -p"$P"
expect_file_match "$T/proxy.log" \
    "^[0-9]{12}\.[0-9]{3} $P 00021 - 127\.0\.0\.1:[0-9]+ "
