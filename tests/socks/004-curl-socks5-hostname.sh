# curl --socks5-hostname sends the name (ATYP 3): socks resolves it, the
# body arrives intact and the record carries the name in %n and %T.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 20000000 /dev/urandom >"$T/www/big.bin"
http_server origin "$T/www"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" \
    -f'L%N|%E|%U|%R|%r|%Q|%q|%n|%I|%T'

curl -sf --socks5-hostname "127.0.0.1:$P" \
    "http://localhost:$HTTP_PORT/big.bin" -o "$T/got.bin" || fail "curl failed"
expect_eq "sha256 through socks5-hostname" "$(sha "$T/got.bin")" \
    "$(sha "$T/www/big.bin")"
H=$HTTP_PORT
wait_file_match "$T/access.log" \
    "^SOCK5\|00000\|-\|127\.0\.0\.1\|$H\|127\.0\.0\.1\|$H\|localhost\|200[0-9]{5}\|CONNECT localhost:$H$"
expect_eq "records" "$(wc -l <"$T/access.log")" 1
alive socks
