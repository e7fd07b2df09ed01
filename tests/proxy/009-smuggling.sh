# Framing and smuggling cases (reliability.md H1-H7, H11) sent raw: each is
# refused with 400 and a close, and the upstream, which records every byte
# it gets, never sees a smuggled request nor any refused request at all.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy
U="127.0.0.1:$STUB_PORT"
n=0
refused() {
	local want=$1 rc; shift
	n=$((n + 1))
	printf "$@" >"$T/req$n"
	raw --keep --timeout 3 "$T/req$n" >"$T/rep$n"; rc=$?
	expect_eq "case $n closed by the proxy" "$rc" 0
	expect_eq "case $n status" "$(status_of "$(cat "$T/rep$n")")" "$want"
	expect_file_match "$T/rep$n" '^Connection: close'
}
P="POST http://$U/ HTTP/1.1\r\nHost: $U\r\n"
S='GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n'
# H1: CL.TE and TE.CL in both orders.
refused 400 "${P}Content-Length: 35\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n$S"
refused 400 "${P}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\n$S\r\n0\r\n\r\n"
# H2: differing Content-Length values.
refused 400 "${P}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"
refused 400 "${P}Content-Length: 5, 6\r\n\r\nhello!"
# H3: invalid Content-Length values.
for v in -1 +5 '5 5' 0x10 5a 18446744073709551616 '' '5\v'; do
	refused 400 "${P}Content-Length: $v\r\n\r\nhello"
done
# H4: Transfer-Encoding spellings.
for v in 'chunked, chunked' 'gzip, chunked' 'chunked, gzip' gzip identity \
    xchunked '\vchunked'; do
	refused 400 "${P}Transfer-Encoding: $v\r\n\r\n0\r\n\r\n$S"
done
refused 400 "${P}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n$S"
refused 400 "POST http://$U/ HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n$S"
# H6: obs-fold.
refused 400 "${P}X-A: a\r\n b\r\n\r\n"
refused 400 "${P}Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n$S"
# H7: field-name and value oddities.
refused 400 "${P}: x\r\n\r\n"
refused 400 "${P}X A: b\r\n\r\n"
refused 400 "${P}X-A: a\rb\r\n\r\n"
refused 400 "${P}X-A: a\0b\r\n\r\n"
refused 400 "${P}Host: second\r\n\r\n"
refused 400 "GET http://$U/ HTTP/1.1\nHost: x\n\n"
# Nothing reached the upstream: not even a connection.
expect_eq "upstream saw nothing" "$(wc -c <"$T/up.rec")" 0

# H5: bad chunk framing after the head went out: the body is cut, the
# upstream connection closed, and the smuggled request never framed.
for b in 'ffffffffffffffff1\r\n' '-1\r\n' '0x5\r\nhello\r\n' '5 \r\nhello\r\n' \
    '5\nhello\r\n' '5;a\nb\r\nhello\r\n' '5\r\nhelloXX0\r\n\r\n' \
    '5\r\nhello\n0\r\n\r\n'; do
	printf "${P}Transfer-Encoding: chunked\r\n\r\n$b$S" | raw --keep --timeout 3 \
	    >"$T/chunk.rep" || fail "chunk case $b: no close"
done
grep -q smuggled "$T/up.rec" && fail "a smuggled request reached the upstream"
# H11: Connection naming the framing fields decides nothing.
printf "${P}Connection: close, Connection, Proxy-Connection, Content-Length, Transfer-Encoding, Host\r\nContent-Length: 5\r\n\r\nhello" |
    raw --keep >"$T/h11.rep"
expect_eq "H11 status" "$(status_of "$(cat "$T/h11.rep")")" 200
expect_file_match "$T/up.rec" '^Content-Length: 5'
grep -q smuggled "$T/up.rec" && fail "a smuggled request reached the upstream"
wait_file_match "$T/access.log" ' 00515 .* POST '
expect_file_match "$T/access.log" ' 00533 '
alive proxy
