# Half-close is honoured: the client shuts its write side after the request
# and still receives the whole reply, which the server sends only after it saw
# the client's EOF.
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
P=$(free_port)
script server.py <<'PYEOF'
import hashlib, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
while True:
    c, _ = s.accept()
    try:
        data = b""
        while True:
            d = c.recv(65536)
            if not d:
                break
            data += d
        # Reply after EOF: 1 MiB derived from what was received.
        c.sendall(hashlib.sha256(data).digest() * 32768)
    except OSError:
        pass
    c.close()
PYEOF
bg server "$PY" "$T/server.py" "$SP"
wait_port "$SP"
run_module tcppm tcppm -i127.0.0.1 "$P" 127.0.0.1 "$SP"

out=$("$PY" - "$P" <<'PYEOF'
import hashlib, socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
req = b"x" * 1000
c.sendall(req)
c.shutdown(socket.SHUT_WR)
got = b""
while True:
    d = c.recv(65536)
    if not d:
        break
    got += d
want = hashlib.sha256(req).digest() * 32768
print("match" if got == want else "mismatch %d" % len(got))
PYEOF
)
expect_eq "reply after half-close" "$out" "match"
alive tcppm
