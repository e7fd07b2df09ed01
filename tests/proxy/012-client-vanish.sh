# A client that vanishes in the middle of its request body: the upstream
# connection is closed (the partial body is never completed), the request
# is logged, and the proxy serves the next client. Also when the EOF comes
# in the same read as the last bytes (3 bytes of 4096, Content-Length or
# chunked): the slot and the upstream connection are given back at once,
# not after the idle limit.
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
base=$(ls /proc/"$PID_proxy"/fd | wc -l)
for body in "Content-Length: 4096\r\n\r\nabc" \
    "Transfer-Encoding: chunked\r\n\r\n1000\r\nabc"; do
	"$PY" - "$PP" "$U" "$body" <<'PYEOF'
import socket, sys
port, u, body = int(sys.argv[1]), sys.argv[2], sys.argv[3]
c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"POST http://" + u.encode() + b"/small HTTP/1.1\r\nHost: x\r\n" +
          body.encode().decode("unicode_escape").encode())
c.close()
PYEOF
done
# Within 3 s (the idle limit is 180 s).
small() { grep -c " 00095 - .* POST http://$U/small HTTP/1\.1\$" "$T/access.log"; }
i=0
while [ "$(small)" -lt 2 ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
expect_eq "both small ones logged at once" "$(small)" 2
expect_fds proxy "$base" "descriptors back"
alive proxy
