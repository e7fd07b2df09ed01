# Expect: 100-continue goes to the origin, its 100 comes back to the
# client, then the body flows: curl's upload completes without its 1 s
# fallback wait.
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
head -c 200000 /dev/urandom >"$T/body.bin"
http_server origin "$T/www"
start_proxy
curl -sf -v -x "127.0.0.1:$PP" -H 'Expect: 100-continue' \
    --expect100-timeout 20 --data-binary @"$T/body.bin" \
    "http://127.0.0.1:$HTTP_PORT/echo" -o "$T/echo.bin" 2>"$T/curl.err" ||
    fail "POST failed"
expect_file_match "$T/curl.err" '^< HTTP/1\.1 100 Continue'
expect_eq "body echoed" "$(sha "$T/echo.bin")" "$(sha "$T/body.bin")"
alive proxy
