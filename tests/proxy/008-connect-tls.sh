# CONNECT to a local TLS origin (certificate made here with openssl): curl
# -p -k fetches through the tunnel intact; one record for the tunnel.
. "$(dirname "$0")/common.sh"
need curl openssl
mkdir "$T/www"
head -c 2000000 /dev/urandom >"$T/www/big.bin"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -subj /CN=localhost -days 1 2>/dev/null ||
    fail "openssl req failed"
TP=$(free_port)
bg tls "$PY" "$LIB/origin.py" --port "$TP" --dir "$T/www" \
    --tls "$T/cert.pem" "$T/key.pem"
wait_port "$TP"
start_proxy
curl -sfk -p -x "127.0.0.1:$PP" "https://127.0.0.1:$TP/big.bin" \
    -o "$T/got.bin" || fail "curl through CONNECT failed"
expect_eq "sha256 through the tunnel" "$(sha "$T/got.bin")" \
    "$(sha "$T/www/big.bin")"
# The reply is the original's, byte for byte.
printf 'CONNECT 127.0.0.1:%s HTTP/1.1\r\nHost: x\r\n\r\n' "$TP" |
    raw --timeout 2 >"$T/reply.txt"
expect_eq "CONNECT reply" "$(head -c 39 "$T/reply.txt" | od -c | head -3 | tr -s ' ')" \
    "$(printf 'HTTP/1.0 200 Connection established\r\n\r\n' | od -c | head -3 | tr -s ' ')"
wait_file_match "$T/access.log" "CONNECT 127\.0\.0\.1:$TP HTTP/1\.1\$"
expect_match "tunnel record" "$(log_line 1)" \
    " $PP 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$TP [0-9]+ 200[0-9]{4} 0 CONNECT 127\.0\.0\.1:$TP HTTP/1\.1\$"
alive proxy
