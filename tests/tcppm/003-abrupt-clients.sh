# Clients that connect and close at once, or reset mid-transfer, never stop
# the process: afterwards a normal transfer still works.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 20000000 /dev/urandom >"$T/www/big.bin"
http_server origin "$T/www"
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 -l"$T/access.log" "$P" 127.0.0.1 "$HTTP_PORT"

"$PY" - "$P" <<'PYEOF' || fail "abuse script failed"
import socket, struct, sys, time
port = int(sys.argv[1])
for i in range(50):
    # connect and close at once
    socket.create_connection(("127.0.0.1", port)).close()
for i in range(20):
    # start a download, read a little, then reset (SO_LINGER 0)
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
    c.recv(1000)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
for i in range(20):
    # send half a request, then reset
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"GET /big")
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
PYEOF
alive tcppm
curl -sf "http://127.0.0.1:$P/big.bin" -o "$T/got.bin" || fail "curl failed"
expect_eq "sha256 after the abuse" "$(sha "$T/got.bin")" "$(sha "$T/www/big.bin")"
alive tcppm
