# A client that vanishes in the middle of its request body: the upstream
# connection is closed (the partial body is never completed), the request
# is logged, and the proxy serves the next client.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy
U="127.0.0.1:$STUB_PORT"
"$PY" - "$PP" "$U" <<'PYEOF'
import socket, sys
port, u = int(sys.argv[1]), sys.argv[2]
c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"POST http://" + u.encode() + b"/ HTTP/1.1\r\nHost: x\r\n"
          b"Content-Length: 100000\r\n\r\n" + b"x" * 5000)
c.close()
PYEOF
wait_file_match "$T/access.log" " 00095 - 127\.0\.0\.1:[0-9]+ $U [0-9]+ 0 0 POST http://$U/ HTTP/1\.1\$"
printf 'GET http://%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' "$U" |
    raw >"$T/good.rep"
expect_eq "good request afterwards" "$(tail -c 2 "$T/good.rep")" ok
# The upstream got the head, part of the body, then its connection closed:
# the next request came on a new connection.
expect_eq "two upstream connections" "$(grep -ao '=== conn' "$T/up.rec" | wc -l)" 2
alive proxy
