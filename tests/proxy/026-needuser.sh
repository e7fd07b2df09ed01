# -u2: a request without credentials gets 407 with Proxy-Authenticate
# (error 4) and the connection stays usable; with Basic credentials it goes
# through and the user is in the record. CONNECT is asked the same way.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy -u2
U="127.0.0.1:$STUB_PORT"
{
	printf 'GET http://%s/a HTTP/1.1\r\nHost: x\r\n\r\n' "$U"
	printf 'GET http://%s/b HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Basic %s\r\nConnection: close\r\n\r\n' \
	    "$U" "$(printf 'carol:pw' | base64)"
} | raw >"$T/rep"
expect_eq "statuses" "$(grep -a '^HTTP/1.1' "$T/rep" | cut -d' ' -f2 | tr '\n' ' ')" "407 200 "
expect_file_match "$T/rep" '^Proxy-Authenticate: Basic realm="proxy"'
printf 'CONNECT %s HTTP/1.1\r\nHost: x\r\n\r\n' "$U" | raw >"$T/rep2"
expect_eq "CONNECT without credentials" "$(status_of "$(cat "$T/rep2")")" 407
wait_file_match "$T/access.log" ' CONNECT '
expect_match "407 record" "$(log_line 1)" " 00004 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 GET http://$U/a HTTP/1\.1\$"
expect_match "user record" "$(log_line 2)" " 00000 carol 127\.0\.0\.1:[0-9]+ $U [0-9]+ [0-9]+ 0 GET http://$U/b HTTP/1\.1\$"
grep -q 'Proxy-Authorization' "$T/up.rec" && fail "credentials forwarded"
alive proxy
