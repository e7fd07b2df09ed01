# An HTTP/1.0 client: a chunked or unframed response is passed without
# chunking and the connection closed after it; with keep-alive asked for and
# a length known, the connection stays open for the next request.
. "$(dirname "$0")/common.sh"
printf 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n' >"$T/chunked"
start_stub up --reply "$T/chunked"
start_proxy
printf 'GET http://127.0.0.1:%s/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' "$STUB_PORT" |
    raw --keep --timeout 3 >"$T/rep" || fail "no close after the 1.0 response"
expect_eq "de-chunked, closed" "$(tr -d '\r' <"$T/rep")" \
    "$(printf 'HTTP/1.1 200 OK\nConnection: close\n\nhello world')"
# A 1.1 client gets it re-chunked.
printf 'GET http://127.0.0.1:%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' "$STUB_PORT" |
    raw >"$T/rep11"
expect_eq "re-chunked" "$(tr -d '\r' <"$T/rep11")" \
    "$(printf 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nConnection: close\n\n5\nhello\n6\n world\n0\n')"
# A length is known: keep-alive for 1.0 works.
start_stub up2
printf 'GET http://127.0.0.1:%s/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET http://127.0.0.1:%s/ HTTP/1.0\r\n\r\n' \
    "$STUB_PORT" "$STUB_PORT" | raw --keep --timeout 3 >"$T/rep2" ||
    fail "no close after the second 1.0 request"
expect_eq "two responses" "$(tr -d '\r' <"$T/rep2")" \
    "$(printf 'HTTP/1.1 200 OK\nContent-Length: 2\nConnection: keep-alive\n\nokHTTP/1.1 200 OK\nContent-Length: 2\nConnection: close\n\nok')"
alive proxy
