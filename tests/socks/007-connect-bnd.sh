# The CONNECT reply reports the real source address and port of the
# outgoing connection (what the target sees as its peer), for IPv4 and IPv6
# and for SOCKS4; with -Ne the address is the NAT one and the port real.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P"
N=$(free_port)
run_module nat socks -i127.0.0.1 -p"$N" -Ne192.0.2.7

script bnd.py <<'PYEOF'
import socket, sys
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
P, N = int(sys.argv[1]), int(sys.argv[2])

def target(host):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    l = socket.socket(fam)
    l.bind((host, 0))
    l.listen(4)
    l.settimeout(5)
    return l, l.getsockname()[1]

for host in ("127.0.0.1", "::1"):
    l, tp = target(host)
    s, rep = v5_open(host, tp, port_=P)
    c, peer = l.accept()
    print(host, rep == (0, peer[0], peer[1]))
    # The tunnel works both ways right after the reply.
    s.sendall(b"ping")
    print(read_exact(c, 4) == b"ping")
    c.sendall(b"pong")
    print(read_exact(s, 4) == b"pong")
    s.close(); c.close(); l.close()

l, tp = target("127.0.0.1")
s = conn(P)
s.sendall(v4_request("127.0.0.1", tp))
rep = read_v4_reply(s)
c, peer = l.accept()
print("socks4", rep == (90, peer[0], peer[1]))
s.close(); c.close()

s, rep = v5_open("127.0.0.1", tp, port_=N)
c, peer = l.accept()
print("nat", rep == (0, "192.0.2.7", peer[1]))
PYEOF
out=$("$PY" "$T/bnd.py" "$P" "$N" | tr '\n' ' ')
expect_eq "BND.ADDR and BND.PORT" "$out" \
    "127.0.0.1 True True True ::1 True True True socks4 True nat True "
alive socks
alive nat
