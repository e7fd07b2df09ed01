# ftp:// failures: a refused login is a 401 with WWW-Authenticate, a missing
# file a 404, and CR/LF/NUL smuggled into the path or user a 400 before any
# FTP connection is made.
. "$(dirname "$0")/common.sh"
. "$HERE/ftpserver.sh"
need curl
mkdir -p "$T/ftp"
start_ftp "$T/ftp"
start_stub noftp
start_proxy
curl -s -i -x "127.0.0.1:$PP" "ftp://bob:wrong@127.0.0.1:$FTP_PORT/x" \
    -o "$T/401.txt"
expect_eq "bad login" "$(status_of "$(cat "$T/401.txt")")" 401
expect_file_match "$T/401.txt" '^WWW-Authenticate: Basic realm="FTP Server"'
curl -s -i -x "127.0.0.1:$PP" "ftp://bob:pw@127.0.0.1:$FTP_PORT/nope" \
    -o "$T/404.txt"
expect_eq "missing file" "$(status_of "$(cat "$T/404.txt")")" 404
for u in "ftp://127.0.0.1:$STUB_PORT/a%0d%0aDELE%20x" \
    "ftp://127.0.0.1:$STUB_PORT/a%0aDELE" "ftp://u%00x:p@127.0.0.1:$STUB_PORT/a" \
    "ftp://u%0d%0aDELE:p@127.0.0.1:$STUB_PORT/a"; do
	printf 'GET %s HTTP/1.1\r\nHost: x\r\n\r\n' "$u" | raw >"$T/inj.txt"
	expect_eq "injection $u" "$(status_of "$(cat "$T/inj.txt")")" 400
done
expect_eq "no FTP connection made" "$(wc -c <"$T/noftp.rec")" 0
wait_file_match "$T/access.log" ' 00799 '
expect_match "401 record" "$(log_line 1)" " 00701 - .* GET ftp://bob@127\.0\.0\.1:$FTP_PORT/x HTTP/1\.1\$"
expect_match "404 record" "$(log_line 2)" " 00780 - .* GET ftp://bob@127\.0\.0\.1:$FTP_PORT/nope HTTP/1\.1\$"
alive proxy
