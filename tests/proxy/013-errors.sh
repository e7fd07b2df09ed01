# Error pages with the right status and the original's code in the record:
# a refused connect (502, 13), a name that does not resolve (502, 100), an
# https:// URL (400, 513), a bad CONNECT target (400, 514), a request for the
# proxy itself (503, 519). Keep-alive survives the 502, but not that of a
# CONNECT: what the client sent at once for the tunnel is not read as a
# request (a GET in it was served before).
. "$(dirname "$0")/common.sh"
start_proxy
DEAD=$(free_port)
{
	printf 'GET http://127.0.0.1:%s/x HTTP/1.1\r\nHost: x\r\n\r\n' "$DEAD"
	printf 'GET http://no-such-host.invalid/ HTTP/1.1\r\nHost: x\r\n\r\n'
	printf 'GET https://127.0.0.1/ HTTP/1.1\r\nHost: x\r\n\r\n'
} | raw >"$T/a.rep"
expect_eq "statuses" "$(grep -a '^HTTP/1.1' "$T/a.rep" | cut -d' ' -f2 | tr '\n' ' ')" \
    "502 502 400 "
expect_file_match "$T/a.rep" '^Content-Type: text/html'
printf 'CONNECT 127.0.0.1 HTTP/1.1\r\nHost: x\r\n\r\n' | raw >"$T/b.rep"
expect_eq "CONNECT without port" "$(status_of "$(cat "$T/b.rep")")" 400
printf 'GET http://127.0.0.1:%s/ HTTP/1.1\r\nHost: x\r\n\r\n' "$PP" | raw >"$T/c.rep"
expect_eq "request for the proxy itself" "$(status_of "$(cat "$T/c.rep")")" 503
wait_file_match "$T/access.log" ' 00519 '
expect_match "refused" "$(log_line 1)" \
    " $PP 00013 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$DEAD 0 0 0 GET http://127\.0\.0\.1:$DEAD/x HTTP/1\.1\$"
expect_match "no such host" "$(log_line 2)" \
    " 00100 - 127\.0\.0\.1:[0-9]+ .* GET http://no-such-host\.invalid/ HTTP/1\.1\$"
expect_match "https" "$(log_line 3)" " 00513 - .* GET https://127\.0\.0\.1/ HTTP/1\.1\$"
expect_match "CONNECT" "$(log_line 4)" " 00514 - .* CONNECT 127\.0\.0\.1 HTTP/1\.1\$"
expect_match "loop" "$(log_line 5)" " 00519 - .* GET http://127\.0\.0\.1:$PP/ HTTP/1\.1\$"
start_stub up
{
	printf 'CONNECT 127.0.0.1:%s HTTP/1.1\r\nHost: x\r\n\r\n' "$DEAD"
	printf 'GET http://127.0.0.1:%s/t HTTP/1.1\r\nHost: x\r\n\r\n' \
	    "$STUB_PORT"
} | raw >"$T/d.rep"
expect_eq "failed CONNECT, then tunnel bytes" "$(grep -a '^HTTP/1.1' \
    "$T/d.rep" | cut -d' ' -f2 | tr '\n' ' ')" "502 "
expect_file_match "$T/d.rep" '^Connection: close'
expect_eq "nothing reached the stub" "$(grep -c '=== conn' "$T/up.rec")" 0
alive proxy
