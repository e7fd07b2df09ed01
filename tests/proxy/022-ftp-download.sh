# ftp:// through the proxy against a real FTP server: a 5 MB file arrives
# intact, a directory is listed as HTML with names escaped, a directory
# without its final slash is redirected, HEAD gives the size; the records
# never show the password. With a -b smaller than a listing line may need,
# the listing still ends (it waited for room that never came).
. "$(dirname "$0")/common.sh"
. "$HERE/ftpserver.sh"
need curl
mkdir -p "$T/ftp/sub"
head -c 5000000 /dev/urandom >"$T/ftp/big.bin"
echo x >"$T/ftp/a <b> & c.txt"
echo inner >"$T/ftp/sub/in.txt"
start_ftp "$T/ftp"
start_proxy
F="ftp://bob:pw@127.0.0.1:$FTP_PORT"
curl -sf -x "127.0.0.1:$PP" "$F/big.bin" -o "$T/got.bin" || fail "download"
expect_eq "sha256 over ftp://" "$(sha "$T/got.bin")" "$(sha "$T/ftp/big.bin")"
curl -sf -x "127.0.0.1:$PP" "$F/" -o "$T/list.html" || fail "listing"
expect_file_match "$T/list.html" '^<a href="big\.bin">big\.bin</a>$'
expect_file_match "$T/list.html" '^<a href="a%20%3Cb%3E%20%26%20c\.txt">a &lt;b&gt; &amp; c\.txt</a>$'
expect_file_match "$T/list.html" '^<a href="sub">sub</a>$'
curl -si -x "127.0.0.1:$PP" "$F/sub" -o "$T/redir.txt" || fail "redirect"
expect_file_match "$T/redir.txt" "^Location: $F/sub/"
got=$(curl -sfL -x "127.0.0.1:$PP" "$F/sub/in.txt") || fail "file in sub"
expect_eq "file in a directory" "$got" inner
curl -sfI -x "127.0.0.1:$PP" "$F/big.bin" -o "$T/head.txt" || fail "HEAD"
expect_file_match "$T/head.txt" '^Content-Length: 5000000'
wait_file_match "$T/access.log" ' HEAD '
expect_match "download record" "$(log_line 1)" \
    " $PP 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTP_PORT 0 5000000 0 GET ftp://bob@127\.0\.0\.1:$FTP_PORT/big\.bin HTTP/1\.1\$"
grep -q ':pw@' "$T/access.log" && fail "password in the log"
alive proxy
PB=$(free_port)
run_module proxyb proxy -i127.0.0.1 -p"$PB" -b4096
curl -sf --max-time 10 -x "127.0.0.1:$PB" "$F/" -o "$T/list2.html" ||
	fail "listing with -b4096"
cmp -s "$T/list.html" "$T/list2.html" || fail "another listing with -b4096"
alive proxyb
