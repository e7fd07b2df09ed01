# Hop-by-hop fields are removed (Connection and what it names, Keep-Alive,
# TE, Trailer, Upgrade, Proxy-*), Proxy-Authorization is consumed: its user
# lands in the record, never upstream; end-to-end fields pass unchanged.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy
U="127.0.0.1:$STUB_PORT"
printf 'GET http://%s/p HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: 300\r\nTE: trailers\r\nTrailer: X-T\r\nUpgrade: h2c\r\nProxy-Connection: keep-alive\r\nProxy-Authorization: Basic %s\r\nProxy-Foo: 1\r\nX-End: kept\r\nAccept: */*\r\n\r\n' \
    "$U" "$(printf 'alice:secret' | base64)" | raw --timeout 2 >"$T/rep"
expect_eq "status" "$(status_of "$(cat "$T/rep")")" 200
expect_eq "what the upstream got" \
    "$(tr -d '\r' <"$T/up.rec" | grep -v '^Forwarded:')" \
    "$(printf '=== conn 1\nGET /p HTTP/1.1\nHost: %s\nX-End: kept\nAccept: */*\n' "$U")"
wait_file_match "$T/access.log" " 00000 alice 127\.0\.0\.1:[0-9]+ $U [0-9]+ [0-9]+ 0 GET http://$U/p HTTP/1\.1\$"
grep -q secret "$T/access.log" && fail "password in the log"
# Junk credentials count as none.
printf 'GET http://%s/q HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Basic !!!\r\nConnection: close\r\n\r\n' "$U" |
    raw >"$T/rep2"
expect_eq "junk credentials" "$(status_of "$(cat "$T/rep2")")" 200
wait_file_match "$T/access.log" " 00000 - .* GET http://$U/q HTTP/1\.1\$"
alive proxy
