# curl --socks5 (curl resolves, ATYP 1) fetches 20 MB through socks: the
# body's sha256 matches, and the one access record says SOCK5, CONNECT, the
# target asked for and reached, and the byte counts.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 20000000 /dev/urandom >"$T/www/big.bin"
http_server origin "$T/www"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" \
    -f'L%N|%p|%E|%U|%C|%R|%r|%Q|%q|%n|%O|%I|%T'

curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/big.bin" \
    -o "$T/got.bin" || fail "curl failed"
expect_eq "sha256 through socks5" "$(sha "$T/got.bin")" "$(sha "$T/www/big.bin")"
H=$HTTP_PORT
wait_file_match "$T/access.log" \
    "^SOCK5\|$P\|00000\|-\|127\.0\.0\.1\|127\.0\.0\.1\|$H\|127\.0\.0\.1\|$H\|\[127\.0\.0\.1\]\|[0-9]{2,3}\|200[0-9]{5}\|CONNECT 127\.0\.0\.1:$H$"
expect_eq "records" "$(wc -l <"$T/access.log")" 1
alive socks
