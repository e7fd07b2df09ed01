# A reload during 20 running 20 MB SOCKS transfers adds a deny rule: every
# running transfer completes with the right sha256 (established sessions
# keep the rules they started with), new connections obey the new rule
# (error 1 in the record), other targets still pass.
. "$(dirname "$0")/../lib/lib.sh"
need curl
[ -x "$BIN/socks" ] || skip "module socks not built yet"
mkdir "$T/www"
head -c 20000000 /dev/urandom >"$T/www/big.bin"
want=$(sha "$T/www/big.bin")
echo small >"$T/www/x.txt"
http_server origin "$T/www"
ORIGIN=$HTTP_PORT
http_server other "$T/www"
OTHER=$HTTP_PORT
SP=$(free_port)
write_cfg() {
	{
		echo "internal 127.0.0.1"
		echo "log $T/access.log"
		echo 'logformat "L%E %T"'
		[ "$1" = deny ] && echo "deny * * * $ORIGIN"
		echo "allow *"
		echo "socks -p$SP"
	} >"$T/r.cfg"
}
write_cfg allow
# The rules need the policy point of this build.
"$BIN/3proxy" -c "$T/r.cfg" </dev/null 2>"$T/check.err" ||
    { grep -q 'not implemented in this build' "$T/check.err" &&
    skip "$(head -1 "$T/check.err")"; cat "$T/check.err"; fail "check"; }
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/r.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }

for i in $(seq 1 20); do
	curl -sf --socks5 "127.0.0.1:$SP" --limit-rate 5M \
	    "http://127.0.0.1:$ORIGIN/big.bin" -o "$T/got$i" &
	cpids+=($!)
done
for i in $(seq 1 20); do
	n=0
	while [ ! -s "$T/got$i" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	[ -s "$T/got$i" ] || fail "transfer $i did not start"
done
write_cfg deny
kill -USR1 "$sup"
wait_file_match "$T/sup.err" "reload: done \\(0 added, 1 changed, 0 removed, 0 unchanged\\)"
curl -sf -m 5 --socks5 "127.0.0.1:$SP" "http://127.0.0.1:$ORIGIN/x.txt" \
    >/dev/null && fail "the new rule did not apply to a new connection"
wait_file_match "$T/access.log" "^00001 CONNECT 127\\.0\\.0\\.1:$ORIGIN$"
expect_eq "another target still passes" \
    "$(curl -sf --socks5 "127.0.0.1:$SP" "http://127.0.0.1:$OTHER/x.txt")" small
for i in $(seq 1 20); do
	wait "${cpids[$((i - 1))]}" || fail "transfer $i failed"
	expect_eq "sha256 of transfer $i" "$(sha "$T/got$i")" "$want"
done
expect_eq "transfers logged complete by the old process" \
    "$(grep -c "^00000 CONNECT 127\\.0\\.0\\.1:$ORIGIN$" "$T/access.log")" 20
