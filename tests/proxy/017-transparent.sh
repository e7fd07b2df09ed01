# An origin-form request with Host (transparent use) goes to the Host; one
# without Host is a 400.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy
printf 'GET /t?q=1 HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n\r\n' "$STUB_PORT" |
    raw --timeout 2 >"$T/rep"
expect_eq "status" "$(status_of "$(cat "$T/rep")")" 200
expect_file_match "$T/up.rec" '^GET /t\?q=1 HTTP/1\.1'
expect_file_match "$T/up.rec" "^Host: 127\.0\.0\.1:$STUB_PORT"
printf 'GET /t HTTP/1.1\r\n\r\n' | raw >"$T/rep2"
expect_eq "no Host" "$(status_of "$(cat "$T/rep2")")" 400
wait_file_match "$T/access.log" " 00515 "
expect_match "record" "$(log_line 1)" " 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$STUB_PORT [0-9]+ [0-9]+ 0 GET /t\?q=1 HTTP/1\.1\$"
alive proxy
