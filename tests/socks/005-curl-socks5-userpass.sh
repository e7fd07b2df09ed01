# curl --socks5 with user:pass and -u1: socks picks RFC 1929, accepts the
# credentials (standalone, no user list), logs the user and never the
# password.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 20000000 /dev/urandom >"$T/www/big.bin"
http_server origin "$T/www"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -u1 -l"$T/access.log" \
    -f'L%N|%E|%U|%C|%R|%r|%I|%T'

curl -sf --socks5 "127.0.0.1:$P" --proxy-user "bob:s3cr3tpw" \
    "http://127.0.0.1:$HTTP_PORT/big.bin" -o "$T/got.bin" || fail "curl failed"
expect_eq "sha256 with user/password" "$(sha "$T/got.bin")" \
    "$(sha "$T/www/big.bin")"
curl -sf --socks5-hostname "127.0.0.1:$P" -U "alice:other" \
    "http://localhost:$HTTP_PORT/big.bin" -o "$T/got2.bin" || fail "curl 2 failed"
expect_eq "sha256 with -U" "$(sha "$T/got2.bin")" "$(sha "$T/www/big.bin")"
H=$HTTP_PORT
wait_file_match "$T/access.log" \
    "^SOCK5\|00000\|bob\|127\.0\.0\.1\|127\.0\.0\.1\|$H\|200[0-9]{5}\|CONNECT 127\.0\.0\.1:$H$"
wait_file_match "$T/access.log" \
    "^SOCK5\|00000\|alice\|127\.0\.0\.1\|127\.0\.0\.1\|$H\|200[0-9]{5}\|CONNECT localhost:$H$"
expect_eq "records" "$(wc -l <"$T/access.log")" 2
grep -q -e s3cr3tpw -e other "$T/access.log" "$T/socks.out" "$T/socks.err" && \
    fail "a password reached the log"
alive socks
