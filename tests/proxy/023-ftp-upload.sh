# PUT to an ftp:// URL stores the body on a real FTP server (Content-Length
# and chunked bodies), answered with 201.
. "$(dirname "$0")/common.sh"
. "$HERE/ftpserver.sh"
need curl
mkdir -p "$T/ftp"
head -c 3000000 /dev/urandom >"$T/body.bin"
start_ftp "$T/ftp"
start_proxy
F="ftp://bob:pw@127.0.0.1:$FTP_PORT"
got=$(curl -sf -x "127.0.0.1:$PP" -T "$T/body.bin" "$F/up.bin") ||
    fail "PUT failed"
expect_eq "reply" "$got" stored
expect_eq "stored" "$(sha "$T/ftp/up.bin")" "$(sha "$T/body.bin")"
got=$(cat "$T/body.bin" | curl -sf -x "127.0.0.1:$PP" -T - "$F/up2.bin") ||
    fail "chunked PUT failed"
expect_eq "chunked stored" "$(sha "$T/ftp/up2.bin")" "$(sha "$T/body.bin")"
wait_file_match "$T/access.log" 'up2\.bin'
expect_match "upload record" "$(log_line 1)" \
    " 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTP_PORT 3000000 0 0 PUT ftp://bob@127\.0\.0\.1:$FTP_PORT/up\.bin HTTP/1\.1\$"
alive proxy
