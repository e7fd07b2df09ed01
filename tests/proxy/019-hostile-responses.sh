# Hostile responses (reliability.md H10): CL with TE, two different CLs,
# CL -1, TE gzip, a 100 KB header, garbage: each gives the client a 502,
# the upstream connection is never reused, and the client never gets two
# responses. A body on a HEAD response is not passed on.
. "$(dirname "$0")/common.sh"
start_proxy
n=0
hostile() {
	n=$((n + 1))
	printf "$1" >"$T/reply$n"
	start_stub up$n --reply "$T/reply$n"
	printf 'GET http://127.0.0.1:%s/a HTTP/1.1\r\nHost: x\r\n\r\nGET http://127.0.0.1:%s/b HTTP/1.1\r\nHost: x\r\n\r\n' \
	    "$STUB_PORT" "$STUB_PORT" | raw --timeout 3 >"$T/rep$n"
	expect_eq "case $n status" "$(status_of "$(cat "$T/rep$n")")" 502
	expect_eq "case $n: one response per request" \
	    "$(grep -ac '^HTTP/1.1' "$T/rep$n")" 2
	expect_eq "case $n: new upstream connection for the second request" \
	    "$(grep -ao '=== conn' "$T/up$n.rec" | wc -l)" 2
}
hostile 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
hostile 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'
hostile 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nabc'
hostile 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nabc'
hostile "HTTP/1.1 200 OK\r\nX-Big: $(head -c 100000 /dev/zero | tr '\0' a)\r\n\r\n"
hostile 'garbage\r\n\r\n'
wait_file_match "$T/access.log" ' 00521 '
expect_eq "records" "$(grep -c ' 00521 - ' "$T/access.log")" 12
# HEAD: the server's stray body is dropped with its connection.
printf 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' >"$T/headreply"
start_stub head --reply "$T/headreply"
printf 'HEAD http://127.0.0.1:%s/a HTTP/1.1\r\nHost: x\r\n\r\nGET http://127.0.0.1:%s/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
    "$STUB_PORT" "$STUB_PORT" | raw --timeout 3 >"$T/head.rep"
expect_eq "HEAD then GET" "$(tr -d '\r' <"$T/head.rep")" \
    "$(printf 'HTTP/1.1 200 OK\nContent-Length: 5\n\nHTTP/1.1 200 OK\nContent-Length: 5\nConnection: close\n\nhello')"
alive proxy
