# Every malformed greeting, request and RFC 1929 sub-negotiation of
# reliability.md 5.3 (S1-S3, S5-S7), sent whole and then one byte per
# send() (S8): the exact error reply (or none), then a close. Afterwards the
# same processes serve good requests, and each connection left one record.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"; echo hello >"$T/www/x"
http_server origin "$T/www"
P=$(free_port); A=$(free_port); R=$(free_port)
run_module plain socks -i127.0.0.1 -p"$P" -l"$T/plain.log" -f'L%N|%E|%U|%T'
run_module auth socks -i127.0.0.1 -p"$A" -u1 -l"$T/auth.log" -f'L%N|%E|%U|%T'
run_module req socks -i127.0.0.1 -p"$R" -u2 -l"$T/req.log" -f'L%N|%E|%U|%T'

out=$("$PY" "$ROOT/tests/socks/malformed.py" "$P" "$A" "$R")
expect_eq "malformed inputs" "$out" "checked 66, failed 0"

curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o "$T/got1" &&
curl -sf --socks4a "127.0.0.1:$P" "http://localhost:$HTTP_PORT/x" -o "$T/got2" &&
curl -sf --socks5-hostname "127.0.0.1:$A" -U "u:p" \
    "http://localhost:$HTTP_PORT/x" -o "$T/got3" &&
curl -sf --socks5 "127.0.0.1:$R" -U "u:p" \
    "http://127.0.0.1:$HTTP_PORT/x" -o "$T/got4" || fail "good request failed"
expect_eq "bodies" "$(cat "$T"/got[1-4])" "hello
hello
hello
hello"
# One record per connection: 26 inputs twice plus the good request(s).
wait_file_match "$T/plain.log" "^SOC45\|00000\|-\|CONNECT localhost:$HTTP_PORT$"
expect_eq "plain records" "$(wc -l <"$T/plain.log")" $((26 * 2 + 2))
wait_file_match "$T/req.log" "^SOCK5\|00000\|u\|CONNECT 127\.0\.0\.1:$HTTP_PORT$"
expect_eq "-u2 records" "$(wc -l <"$T/req.log")" $((3 * 2 + 1))
# A sample of the codes: bad version 401, ATYP 997, command 407, 4a name 100.
expect_file_match "$T/plain.log" "^SOCKS\|00401\|-\|$"
expect_file_match "$T/plain.log" "^SOCK5\|00997\|-\|$"
expect_file_match "$T/plain.log" "^SOCK5\|00407\|-\|$"
expect_file_match "$T/plain.log" "^SOC45\|00100\|u\|CONNECT a{63}\..*\.x:80$"
expect_file_match "$T/plain.log" "^SOCK4\|00441\|-\|$"
expect_file_match "$T/req.log" "^SOCK5\|00004\|-\|$"
expect_file_match "$T/auth.log" "^SOCK5\|00005\|-\|$"
expect_file_match "$T/auth.log" "^SOCK5\|00412\|-\|$"
alive plain; alive auth; alive req
