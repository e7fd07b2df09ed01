# A 50 MB download through the proxy arrives intact (sha256), and the
# record counts every byte.
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
head -c 50000000 /dev/urandom >"$T/www/big.bin"
http_server origin "$T/www"
start_proxy
curl -sf -x "127.0.0.1:$PP" "http://127.0.0.1:$HTTP_PORT/big.bin" \
    -o "$T/got.bin" || fail "curl failed"
expect_eq "sha256 through the proxy" "$(sha "$T/got.bin")" \
    "$(sha "$T/www/big.bin")"
wait_file_match "$T/access.log" \
    " $PP 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT [0-9]+ 5000[0-9]{4} 0 GET "
alive proxy
