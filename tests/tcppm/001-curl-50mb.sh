# curl through tcppm to a local HTTP origin: a 50 MB body arrives intact, and
# the access record names the target and the byte counts.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 50000000 /dev/urandom >"$T/www/big.bin"
http_server origin "$T/www"
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 -l"$T/access.log" "$P" 127.0.0.1 "$HTTP_PORT"

curl -sf "http://127.0.0.1:$P/big.bin" -o "$T/got.bin" || fail "curl failed"
expect_eq "sha256 through tcppm" "$(sha "$T/got.bin")" "$(sha "$T/www/big.bin")"

# One record: port, error 0, client, target, bytes out and in, target text.
wait_file_match "$T/access.log" \
    "^[0-9]{12}\.[0-9]{3} $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT [0-9]+ 5000[0-9]{4} 0 127\.0\.0\.1$"
alive tcppm
