# A WebSocket upgrade: the handshake goes through, the 101 comes back, and
# the connection becomes a tunnel carrying bytes both ways.
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
