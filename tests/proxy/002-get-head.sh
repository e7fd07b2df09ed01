# curl GET and HEAD through the proxy: the bytes arrive intact, HEAD has no
# body, and each request has one access record checked field by field.
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
printf 'hello, world\n' >"$T/www/a.txt"
http_server origin "$T/www"
start_proxy

got=$(curl -sf -x "127.0.0.1:$PP" "http://127.0.0.1:$HTTP_PORT/a.txt") ||
    fail "curl GET failed"
expect_eq "GET body" "$got" "hello, world"
curl -sfI -x "127.0.0.1:$PP" "http://127.0.0.1:$HTTP_PORT/a.txt" \
    >"$T/head.out" || fail "curl HEAD failed"
expect_file_match "$T/head.out" '^HTTP/1\.1 200 OK'
expect_file_match "$T/head.out" '^Content-Length: 13'
# Hop-by-hop fields never come back; the status line is ours.
grep -qi '^connection: keep-alive' "$T/head.out" &&
    fail "HTTP/1.1 reply carries Connection: keep-alive"

wait_file_match "$T/access.log" ' HEAD '
expect_eq "two records" "$(wc -l <"$T/access.log")" 2
# time port error user client server out in hops text
R='^[0-9]{12}\.[0-9]{3} '"$PP"' 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:'"$HTTP_PORT"
expect_match "GET record" "$(log_line 1)" \
    "$R [1-9][0-9]* [1-9][0-9]* 0 GET http://127\.0\.0\.1:$HTTP_PORT/a\.txt HTTP/1\.1\$"
expect_match "HEAD record" "$(log_line 2)" \
    "$R [1-9][0-9]* [1-9][0-9]* 0 HEAD http://127\.0\.0\.1:$HTTP_PORT/a\.txt HTTP/1\.1\$"
alive proxy
