# An IPv6 literal URL works under the default -4: the literal is used as
# given; the record shows the IPv6 server.
. "$(dirname "$0")/common.sh"
need curl
"$PY" -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' \
    2>/dev/null || skip "no IPv6 loopback"
mkdir "$T/www"
echo six >"$T/www/6.txt"
O=$(free_port)
bg origin "$PY" "$LIB/origin.py" --port "$O" --bind ::1 --dir "$T/www"
wait_port "$O" ::1
start_proxy
got=$(curl -sf -x "127.0.0.1:$PP" "http://[::1]:$O/6.txt") || fail "curl failed"
expect_eq "body" "$got" six
wait_file_match "$T/access.log" " 00000 - 127\.0\.0\.1:[0-9]+ \[?::1\]?:$O [0-9]+ [0-9]+ 0 GET http://\[::1\]:$O/6\.txt HTTP/1\.1\$"
alive proxy
