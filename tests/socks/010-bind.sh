# SOCKS5 BIND: the first reply names the real listening address and port
# (reachable, not socks' own port); a peer from the expected IP connects,
# the second reply names that peer, and bytes flow both ways. One BIND
# record with the peer as %R.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" \
    -f'L%N|%E|%R|%r|%Q|%q|%O|%I|%T'

out=$(SOCKS_PORT=$P "$PY" - "$P" <<'PYEOF'
import socket, sys
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
s, rep = v5_open("127.0.0.1", 0, cmd=2)
print(rep[0], rep[1], rep[2] not in (0, int(sys.argv[1])))
peer = socket.create_connection((rep[1], rep[2]), timeout=5)
rep2 = read_v5_reply(s)
print(rep2 == (0, "127.0.0.1", peer.getsockname()[1]))
peer.sendall(b"from-peer")
print(read_exact(s, 9).decode())
s.sendall(b"from-client")
print(read_exact(peer, 11).decode())
open(__import__("os").environ["T"] + "/peerport", "w").write(
    str(peer.getsockname()[1]))
peer.close()
print(read_to_close(s)[1])
PYEOF
)
expect_eq "BIND exchange" "$(echo $out)" \
    "0 127.0.0.1 True True from-peer from-client True"
PP=$(cat "$T/peerport")
wait_file_match "$T/access.log" \
    "^SOCK5\|00000\|127\.0\.0\.1\|$PP\|127\.0\.0\.1\|0\|11\|9\|BIND 127\.0\.0\.1:0$"
alive socks
