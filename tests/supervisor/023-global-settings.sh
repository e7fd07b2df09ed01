# Settings that are global in the original (users, resolver, timeouts) apply
# to every service wherever they stand in the file: an nsrecord written
# after the socks line still names the origin for it; a users line after it
# still authenticates.
. "$(dirname "$0")/../lib/lib.sh"
need curl
[ -x "$BIN/socks" ] || skip "module socks not built yet"
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
SP=$(free_port)
cat >"$T/g.cfg" <<CFG
internal 127.0.0.1
log $T/access.log
logformat "L%E %U %T"
auth strong
allow alice
socks -p$SP
nsrecord origin.test 127.0.0.1
users alice:CL:secret
CFG
"$BIN/3proxy" -c "$T/g.cfg" </dev/null 2>"$T/check.err" ||
    { grep -q 'not implemented in this build' "$T/check.err" &&
    skip "$(head -1 "$T/check.err")"; cat "$T/check.err"; fail "check"; }
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/g.cfg" 9>"$T/ready" 2>"$T/sup.err" &
_pids+=($!)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }
expect_eq "name from a later nsrecord, user from a later users line" \
    "$(curl -sf --socks5-hostname "127.0.0.1:$SP" -U alice:secret \
    "http://origin.test:$HTTP_PORT/x.txt")" hello
wait_file_match "$T/access.log" "^00000 alice CONNECT origin\\.test:$HTTP_PORT$"
curl -sf --socks5-hostname "127.0.0.1:$SP" -U alice:wrong \
    "http://origin.test:$HTTP_PORT/x.txt" >/dev/null && fail "wrong password passed"
wait_file_match "$T/access.log" "^0000[5-6] alice "
