# An eager client sends greeting, RFC 1929, request and its first payload
# in one segment (and SOCKS4 request plus payload): the payload read along
# with the request reaches the target first and intact. RSV != 0 in the
# request is accepted.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -u1

out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
l = socket.socket()
l.bind(("127.0.0.1", 0))
l.listen(4)
l.settimeout(5)
tp = l.getsockname()[1]
payload = os.urandom(700)
s = conn()
req = bytearray(v5_request("127.0.0.1", tp))
req[2] = 0x55
s.sendall(v5_greeting((0, 2)) + v5_auth("eager", "pw") + bytes(req) + payload)
c, _ = l.accept()
print(read_exact(c, 700) == payload)
got = read_exact(s, 4 + 10)
print(got[:4].hex(), got[4:6].hex())
c.sendall(b"back")
print(read_exact(s, 4))
s = conn()
s.sendall(v4_request("127.0.0.1", tp, user=b"x") + b"early-bytes")
c, _ = l.accept()
print(read_exact(c, 11), read_v4_reply(s)[0])
PYEOF
)
expect_eq "pipelined handshake" "$(echo $out)" \
    "True 05020100 0500 b'back' b'early-bytes' 90"
alive socks
