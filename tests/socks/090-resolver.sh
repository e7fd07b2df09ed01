# SOCKS with host names resolved by our own resolver against a local dnsmasq
# (--nserver): curl --socks5-hostname and --socks4a reach the origin by a
# name only dnsmasq knows, a static record (--nsrecord) needs no upstream,
# and a name dnsmasq denies gets REP 04 / record 100.
. "$(dirname "$0")/../lib/lib.sh"
need curl dnsmasq
mkdir "$T/www"
head -c 1000000 /dev/urandom >"$T/www/f.bin"
http_server origin "$T/www"
DP=$(free_port)
bg dnsmasq dnsmasq -k -u root --conf-file=/dev/null --no-resolv --no-hosts \
    --listen-address=127.0.0.1 --bind-interfaces -p "$DP" \
    --local=/test.example/ --host-record=origin.test.example,127.0.0.1 \
    --pid-file="$T/dnsmasq.pid"
wait_port "$DP"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" \
    -f'L%N|%E|%R|%r|%n|%T' --nserver=127.0.0.1:"$DP" \
    --nsrecord=pinned.example:127.0.0.1
H=$HTTP_PORT
for proto in socks5-hostname socks4a; do
	curl -sf --max-time 10 --$proto "127.0.0.1:$P" \
	    "http://origin.test.example:$H/f.bin" -o "$T/got.bin" ||
	    fail "curl --$proto failed"
	expect_eq "sha256 via --$proto" "$(sha "$T/got.bin")" \
	    "$(sha "$T/www/f.bin")"
done
curl -sf --max-time 10 --socks5-hostname "127.0.0.1:$P" \
    "http://pinned.example:$H/f.bin" -o "$T/got.bin" ||
    fail "static record not used"
curl -s --max-time 10 --socks5-hostname "127.0.0.1:$P" \
    "http://nothere.test.example:$H/f.bin" >/dev/null
wait_file_match "$T/access.log" "^SOCK5\|00100\|.*\|nothere\.test\.example\|CONNECT nothere\.test\.example:$H$"
expect_file_match "$T/access.log" "^SOCK5\|00000\|127\.0\.0\.1\|$H\|origin\.test\.example\|CONNECT origin\.test\.example:$H$"
expect_file_match "$T/access.log" "^SOC45\|00000\|127\.0\.0\.1\|$H\|origin\.test\.example\|CONNECT origin\.test\.example:$H$"
expect_file_match "$T/access.log" "^SOCK5\|00000\|127\.0\.0\.1\|$H\|pinned\.example\|CONNECT pinned\.example:$H$"
alive socks
