# Local redirection (HowTo "How to manage redirections"): a socks service
# whose rules send port-80-like traffic to "parent 1000 http 0.0.0.0 0".
# curl --socks5 reaches the origin; the client was handed over to the local
# HTTP handler, which writes the one record: the origin's name (%N, SOCK5)
# and port (%p), the proxy's request line (%T), the SOCKS user (%U), one
# hop (%h); it walks the rules again past the redirection (a deny below
# it applies). Traffic to other ports stays with socks.
. "$(dirname "$0")/../lib/lib.sh"
need curl
for m in socks proxy; do
	[ -x "$BIN/$m" ] || skip "module $m not built yet"
done
mkdir "$T/www"
head -c 3000000 /dev/urandom >"$T/www/big.bin"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
http_server other "$T/www"
OTHER=$HTTP_PORT
http_server origin2 "$T/www"
SP=$(free_port)
cat >"$T/r.cfg" <<CFG
internal 127.0.0.1
log $T/access.log
logformat "L%N %p %E %U %h %T"
allow * * * $HTTP_PORT
parent 1000 http 0.0.0.0 0
deny * * * * HTTP_POST
allow *
socks -p$SP
CFG
# The rules need the policy point of this build.
"$BIN/3proxy" -c "$T/r.cfg" </dev/null 2>"$T/check.err" ||
    { grep -q 'not implemented in this build' "$T/check.err" &&
    skip "$(head -1 "$T/check.err")"; cat "$T/check.err"; fail "check"; }
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/r.cfg" 9>"$T/ready" 2>"$T/sup.err" &
_pids+=($!)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }
expect_file_match "$T/sup.err" "proxy, http handler of socks \\(.*r\\.cfg:8\\): ready"

expect_eq "body through the redirection" \
    "$(curl -sf --socks5 "127.0.0.1:$SP" "http://127.0.0.1:$HTTP_PORT/x.txt")" hello
curl -sf --socks5 "127.0.0.1:$SP" -U alice:pw \
    "http://127.0.0.1:$HTTP_PORT/big.bin" -o "$T/big.out" || fail "curl"
expect_eq "sha256 through the redirection" "$(sha "$T/big.out")" \
    "$(sha "$T/www/big.bin")"
# %N: the origin's name, as DESIGN says (one record, from the final
# handler, with the origin's %N and %p).
wait_file_match "$T/access.log" "^SOCK5 $SP 00000 - 1 GET /x\\.txt HTTP/1\\.1$"
wait_file_match "$T/access.log" "^SOCK5 $SP 00000 alice 1 GET /big\\.bin HTTP/1\\.1$"
# Another port: not redirected, socks logs it itself.
expect_eq "body on another port" \
    "$(curl -sf --socks5 "127.0.0.1:$SP" "http://127.0.0.1:$OTHER/x.txt")" hello
wait_file_match "$T/access.log" "^SOCK5 $SP 00000 - 0 CONNECT 127\\.0\\.0\\.1:$OTHER$"
# The handler walks the rules again without the local redirection (as
# the original): the deny for POST below it applies to what socks passed.
code=$(curl -s -o /dev/null -w '%{http_code}' --socks5 "127.0.0.1:$SP" \
    -d x=1 "http://127.0.0.1:$HTTP_PORT/x.txt")
expect_eq "POST after the redirection, denied by the next rule" "$code" 403
wait_file_match "$T/access.log" "^SOCK5 $SP 00001 - 1 POST /x\\.txt HTTP/1\\.1$"
expect_eq "records" "$(wc -l <"$T/access.log")" 4
