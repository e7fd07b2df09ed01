# The UDP relay serves only its client: once the first datagram pinned the
# client's port, datagrams from another port or another IP (127.0.0.2) are
# not relayed; when the request names a port, only that port is served; a
# datagram from a host the client never sent to does not reach the client.
. "$(dirname "$0")/../lib/lib.sh"
O=$(free_port)
bg other "$PY" "$LIB/udpecho.py" --port "$O" --other-port
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P"

out=$(SOCKS_PORT=$P "$PY" - "$O" <<'PYEOF'
import os, socket, sys, threading, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
O = int(sys.argv[1])
# A counting echo server in this process.
echo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
echo.bind(("127.0.0.1", 0))
E = echo.getsockname()[1]
seen = []
def serve():
    while True:
        d, a = echo.recvfrom(65536)
        seen.append(d)
        echo.sendto(b"echo:" + d, a)
threading.Thread(target=serve, daemon=True).start()

def udp(src="127.0.0.1"):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((src, 0))
    u.settimeout(0.5)
    return u

def hear(u):
    try:
        return udp_parse(u.recvfrom(65536)[0])[2]
    except socket.timeout:
        return None

s, rep = v5_open("0.0.0.0", 0, cmd=3)
relay = (rep[1], rep[2])
a, b, c = udp(), udp(), udp("127.0.0.2")
a.sendto(udp_header("127.0.0.1", E) + b"first", relay)
print(hear(a))
for i in range(50):
    b.sendto(udp_header("127.0.0.1", E) + b"other-port", relay)
    c.sendto(udp_header("127.0.0.1", E) + b"other-ip", relay)
print(hear(b), hear(c))
a.sendto(udp_header("127.0.0.1", E) + b"again", relay)
print(hear(a), seen)
# Replies that come from another source than the destination are dropped.
a.sendto(udp_header("127.0.0.1", O) + b"x", relay)
print("forged", hear(a))
s.close()

# The request names the client's port: another port is never served.
d, e = udp(), udp()
s, rep = v5_open("127.0.0.1", d.getsockname()[1], cmd=3)
relay = (rep[1], rep[2])
del seen[:]
e.sendto(udp_header("127.0.0.1", E) + b"not-me", relay)
d.sendto(udp_header("127.0.0.1", E) + b"me", relay)
print(hear(d), hear(e), seen)
PYEOF
)
expect_eq "spoofed datagrams" "$(echo $out)" "b'echo:first' None None b'echo:again' [b'first', b'again'] forged None b'echo:me' None [b'me']"
alive socks
