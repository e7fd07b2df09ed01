# Several URLs in one curl call go over one client connection, and the
# proxy keeps its upstream connection: the origin's connection count does
# not move between the first and the last request.
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
echo one >"$T/www/1.txt"
http_server origin "$T/www"
start_proxy
curl -sf -x "127.0.0.1:$PP" "http://127.0.0.1:$HTTP_PORT/_conns" \
    "http://127.0.0.1:$HTTP_PORT/1.txt" "http://127.0.0.1:$HTTP_PORT/_conns" \
    >"$T/got.txt" || fail "curl failed"
n=$(head -n1 "$T/got.txt")
expect_eq "bodies" "$(cat "$T/got.txt")" "$(printf '%s\none\n%s' "$n" "$n")"
wait_file_match "$T/access.log" '_conns' 
wait_file_match "$T/access.log" '1\.txt'
expect_eq "three records" "$(grep -c ' GET ' "$T/access.log")" 3
# All records name the same client port: one client connection.
expect_eq "one client connection" \
    "$(cut -d' ' -f5 "$T/access.log" | sort -u | wc -l)" 1
alive proxy
