# The forwarding fields of the -a flags, as the origin sees them: none gives
# Forwarded with client and proxy address, -a adds nothing, -a1 Via and a
# random X-Forwarded-For, -a2 Via and the client's address.
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
http_server origin "$T/www"
URL="http://127.0.0.1:$HTTP_PORT/_headers"
check() {
	local flag=$1
	if [ -n "$flag" ]; then start_proxy "$flag"; else start_proxy; fi
	curl -sf -x "127.0.0.1:$PP" "$URL" | tr -d '\r' >"$T/h$flag" ||
	    fail "curl with '$flag' failed"
	kill "$PID_proxy"
}
check ""
expect_file_match "$T/h" "^Forwarded: for=\"127\.0\.0\.1:[0-9]+\";by=\"127\.0\.0\.1:[0-9]+\"\$"
grep -qi '^via:\|^x-forwarded-for:' "$T/h" && fail "Via or XFF without -a1/-a2"
check -a
grep -qi '^via:\|^x-forwarded-for:\|^forwarded:' "$T/h-a" && fail "-a added a field"
check -a1
expect_file_match "$T/h-a1" '^Via: 1\.1 [!-~]+$'
expect_file_match "$T/h-a1" '^X-Forwarded-For: [0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$'
check -a2
expect_file_match "$T/h-a2" '^Via: 1\.1 [!-~]+$'
expect_file_match "$T/h-a2" '^X-Forwarded-For: 127\.0\.0\.1$'
# No Proxy-Connection, no Proxy-Authorization ever reach the origin.
grep -qi '^proxy-' "$T/h" "$T/h-a" "$T/h-a1" "$T/h-a2" &&
    fail "a Proxy-* field reached the origin"
true
