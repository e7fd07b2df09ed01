# A chunked upload from a pipe (curl -T -) reaches the origin intact; the
# upstream sees a body the proxy framed itself (chunked, no extensions).
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
head -c 300000 /dev/urandom >"$T/body.bin"
http_server origin "$T/www"
start_proxy
got=$(cat "$T/body.bin" | curl -sf -x "127.0.0.1:$PP" -T - \
    "http://127.0.0.1:$HTTP_PORT/up.bin") || fail "chunked PUT failed"
expect_eq "PUT reply" "$got" "stored 300000"
expect_eq "stored intact" "$(sha "$T/www/up.bin")" "$(sha "$T/body.bin")"

# The same through the raw stub: what the upstream got, byte for byte.
start_stub up
printf 'POST http://127.0.0.1:%s/c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0000B\r\n world!!!!!\r\n0\r\nX-Trailer: t\r\n\r\n' \
    "$STUB_PORT" | raw >"$T/reply.txt"
expect_eq "reply" "$(status_of "$(cat "$T/reply.txt")")" 200
expect_eq "upstream bytes" "$(tr -d '\r' <"$T/up.rec" | sed -n '2,$p' | grep -v '^Forwarded:')" \
"$(printf 'POST /c HTTP/1.1\nHost: 127.0.0.1:%s\nTransfer-Encoding: chunked\n\n5\nhello\nb\n world!!!!!\n0\nX-Trailer: t\n' "$STUB_PORT")"
alive proxy
