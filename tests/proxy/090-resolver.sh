# The HTTP proxy resolves URL host names with our own resolver against a
# local dnsmasq (--nserver): a name only dnsmasq knows reaches the origin,
# a static record (--nsrecord) needs no upstream, and an unknown name gets
# 502 with error 100 in the record.
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
run_module proxy proxy -i127.0.0.1 -p"$P" -l"$T/access.log" \
    -f'L%N|%E|%R|%r|%n|%T' --nserver=127.0.0.1:"$DP" \
    --nsrecord=pinned.example:127.0.0.1
H=$HTTP_PORT
curl -sf --max-time 10 -x "127.0.0.1:$P" \
    "http://origin.test.example:$H/f.bin" -o "$T/got.bin" ||
    fail "curl through the proxy by name failed"
expect_eq "sha256 by a dnsmasq name" "$(sha "$T/got.bin")" "$(sha "$T/www/f.bin")"
wait_file_match "$T/access.log" \
    "^PROXY\|00000\|127\.0\.0\.1\|$H\|origin\.test\.example\|GET http://origin\.test\.example:$H/f\.bin HTTP/1\.1$"
curl -sf --max-time 10 -x "127.0.0.1:$P" "http://pinned.example:$H/f.bin" \
    -o "$T/got2.bin" || fail "static record not used"
expect_eq "sha256 by a static record" "$(sha "$T/got2.bin")" "$(sha "$T/www/f.bin")"
code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -x "127.0.0.1:$P" \
    "http://nothere.test.example:$H/f.bin")
expect_eq "unknown name" "$code" 502
wait_file_match "$T/access.log" "^PROXY\|00100\|.*\|nothere\.test\.example\|GET "
alive proxy
