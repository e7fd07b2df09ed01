# A WebSocket upgrade: the handshake goes through, the 101 comes back, and
# the connection becomes a tunnel carrying bytes both ways; a request body
# is passed on whole across the switch.
. "$(dirname "$0")/common.sh"
printf 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\nfrom-server' >"$T/ws"
start_stub up --reply "$T/ws"
start_proxy
"$PY" - "$PP" "$STUB_PORT" >"$T/out" <<'PYEOF'
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
c.sendall(b"GET http://127.0.0.1:%s/ws HTTP/1.1\r\nHost: x\r\n"
          b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
          b"Sec-WebSocket-Key: k\r\nSec-WebSocket-Version: 13\r\n\r\n"
          % sys.argv[2].encode())
got = b""
while b"from-server" not in got:
    got += c.recv(4096)
c.sendall(b"from-client")
c.shutdown(socket.SHUT_WR)
while True:
    d = c.recv(4096)
    if not d:
        break
    got += d
sys.stdout.write(got.decode().replace("\r", ""))
PYEOF
expect_file_match "$T/out" '^HTTP/1\.1 101 Switching Protocols$'
expect_file_match "$T/out" '^Upgrade: websocket$'
expect_file_match "$T/out" '^Connection: Upgrade$'
expect_file_match "$T/out" 'from-server$'
wait_file_match "$T/up.rec" 'from-client'
expect_file_match "$T/up.rec" '^Upgrade: websocket'
expect_file_match "$T/up.rec" '^Connection: Upgrade'
wait_file_match "$T/access.log" " 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$STUB_PORT [0-9]+ 11 0 GET http://127\.0\.0\.1:$STUB_PORT/ws HTTP/1\.1\$"
# An upgrade request with a 16 MB body whose server reads 1 MB, answers 101
# and then reads the rest: every body byte reaches it, in order, then what
# the client sent after the body (the bytes framed for the server and not
# yet written when the 101 came were dropped).
script wsbody.py <<'PYEOF'
import hashlib, os, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/proxy")
from threadsrv import serve
N = 16000000
def answer(c, _):
    f = c.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    got = f.read(1000000)
    # The proxy fills this socket and holds body bytes for it meanwhile.
    time.sleep(0.5)
    c.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
              b"Connection: Upgrade\r\n\r\n")
    time.sleep(0.5)
    got += f.read(N + 2 - len(got))
    print(len(got), hashlib.sha256(got).hexdigest(), flush=True)
    c.sendall(b"bye")
    c.close()
serve(answer)
PYEOF
W=$(free_port)
bg wsbody "$PY" "$T/wsbody.py" "$W"
wait_file_match "$T/wsbody.out" '^ready$'
"$PY" - "$PP" "$W" >"$T/wsclient.out" <<'PYEOF'
import socket, sys, threading
P, W = int(sys.argv[1]), int(sys.argv[2])
N = 16000000
body = bytes((i * 7 + i // 251) & 0xff for i in range(N))
c = socket.create_connection(("127.0.0.1", P), timeout=10)
c.sendall(b"GET http://127.0.0.1:%d/ws HTTP/1.1\r\nHost: x\r\n"
          b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
          b"Content-Length: %d\r\n\r\n" % (W, N))
threading.Thread(target=lambda: c.sendall(body + b"C2"), daemon=True).start()
got = b""
while not got.endswith(b"bye"):
    d = c.recv(65536)
    if not d:
        break
    got += d
print(got.endswith(b"bye"))
PYEOF
expect_eq "the client saw the end" "$(cat "$T/wsclient.out")" True
expect_eq "what the server read after the head" \
    "$(sed -n 2p "$T/wsbody.out")" \
    "16000002 $("$PY" -c 'import hashlib; N = 16000000
print(hashlib.sha256(bytes((i * 7 + i // 251) & 0xff for i in range(N)) +
    b"C2").hexdigest())')"
