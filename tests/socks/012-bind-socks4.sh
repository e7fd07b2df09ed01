# SOCKS4 BIND: two 8-byte replies (90), the first with the listening
# address, the second with the peer; then the tunnel.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%N|%E|%R|%T'

out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import socket, sys
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
s = conn()
s.sendall(v4_request("127.0.0.1", 21, cmd=2, user=b"ftpuser"))
rep = read_v4_reply(s)
print(rep[0], rep[1])
peer = socket.create_connection((rep[1], rep[2]), timeout=5)
print(read_v4_reply(s) == (90, "127.0.0.1", peer.getsockname()[1]))
s.sendall(b"data")
print(read_exact(peer, 4).decode())
PYEOF
)
expect_eq "SOCKS4 BIND" "$(echo $out)" "90 127.0.0.1 True data"
wait_file_match "$T/access.log" "^SOCK4\|00000\|127\.0\.0\.1\|BIND 127\.0\.0\.1:21$"
alive socks
