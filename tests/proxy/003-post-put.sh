# POST is echoed back intact (sha256 of 1 MB), PUT stores the body on the
# origin; the records count the bytes sent to the server.
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
head -c 1000000 /dev/urandom >"$T/body.bin"
http_server origin "$T/www"
start_proxy

curl -sf -x "127.0.0.1:$PP" --data-binary @"$T/body.bin" \
    "http://127.0.0.1:$HTTP_PORT/echo" -o "$T/echo.bin" || fail "POST failed"
expect_eq "POST echoed" "$(sha "$T/echo.bin")" "$(sha "$T/body.bin")"
got=$(curl -sf -x "127.0.0.1:$PP" -T "$T/body.bin" \
    "http://127.0.0.1:$HTTP_PORT/put.bin") || fail "PUT failed"
expect_eq "PUT reply" "$got" "stored 1000000"
expect_eq "PUT stored" "$(sha "$T/www/put.bin")" "$(sha "$T/body.bin")"
wait_file_match "$T/access.log" ' PUT '
expect_match "POST record" "$(log_line 1)" \
    " 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT 100[0-9]{4} 100[0-9]{4} 0 POST http://127\.0\.0\.1:$HTTP_PORT/echo HTTP/1\.1\$"
expect_match "PUT record" "$(log_line 2)" \
    " 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT 100[0-9]{4} [0-9]+ 0 PUT http://127\.0\.0\.1:$HTTP_PORT/put\.bin HTTP/1\.1\$"
alive proxy
