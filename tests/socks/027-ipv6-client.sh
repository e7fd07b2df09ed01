# A client that reaches socks over IPv6 (-i::1): CONNECT to an IPv4 target
# works; BIND listens on ::1 and the peer comes over IPv6; the UDP relay
# sits on ::1 and echoes from an IPv4 server come back with an IPv4 header.
. "$(dirname "$0")/../lib/lib.sh"
E=$(free_port)
bg echo "$PY" "$LIB/udpecho.py" --port "$E"
P=$(free_port)
run_module socks socks -i::1 -p"$P" -l"$T/access.log" -f'L%N|%E|%C|%T'

out=$(SOCKS_PORT=$P "$PY" - "$E" <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
E = int(sys.argv[1])
l = socket.socket()
l.bind(("127.0.0.1", 0))
l.listen(4)
l.settimeout(5)
def open6(host, port, cmd):
    s = conn(host="::1")
    s.sendall(v5_greeting() + v5_request(host, port, cmd))
    assert read_exact(s, 2) == b"\5\0"
    return s, read_v5_reply(s)
s, rep = open6("127.0.0.1", l.getsockname()[1], 1)
c, peer = l.accept()
print("connect", rep == (0, peer[0], peer[1]))
s, rep = open6("::", 0, 2)
peer = socket.create_connection((rep[1], rep[2]), timeout=5)
print("bind", rep[1], read_v5_reply(s) == (0, "::1", peer.getsockname()[1]))
s, rep = open6("::", 0, 3)
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.settimeout(1)
for i in range(20):
    u.sendto(udp_header("127.0.0.1", E) + b"v6", (rep[1], rep[2]))
    try:
        print("udp", rep[1], udp_parse(u.recvfrom(100)[0]))
        break
    except socket.timeout:
        pass
PYEOF
)
expect_eq "IPv6 client" "$(echo $out)" "connect True bind ::1 True udp ::1 ('127.0.0.1', $E, b'echo:v6')"
wait_file_match "$T/access.log" "^SOCK5\|00000\|::1\|UDPMAP 127\.0\.0\.1:$E$"
alive socks
