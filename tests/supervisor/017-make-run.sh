# make run: the supervisor on the bundled examples/3proxy.cfg, which checks
# clean and listens on loopback only; a short run, stopped by SIGTERM.
. "$(dirname "$0")/../lib/lib.sh"
need ss
for m in proxy socks; do
	[ -x "$BIN/$m" ] || skip "module $m not built yet"
done
"$BIN/3proxy" -c "$ROOT/examples/3proxy.cfg" </dev/null 2>"$T/check.err" ||
    { cat "$T/check.err"; fail "the example does not check clean"; }
for p in 3128 1080; do
	ss -Hltn "sport = :$p" | grep -q . && skip "port $p is busy here"
done
cd "$ROOT" || fail "no source tree"
make -s run </dev/null >"$T/run.out" 2>"$T/run.err" &
mk=$!
_pids+=($mk)
wait_port 3128
wait_port 1080
sup=$(ss -Hltnp "sport = :3128" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -n "$sup" ] || fail "no listener on 3128"
_pids+=($sup)
# Every listener of the example is on 127.0.0.1.
expect_eq "non-loopback listeners" \
    "$(ss -Hltn '( sport = :3128 or sport = :1080 )' | awk '{print $4}' | grep -vc '^127\.0\.0\.1:')" 0
top=$(ps -o ppid= -p "$sup" | tr -d ' ')
[ "$(ps -o comm= -p "$top")" = 3proxy ] && sup=$top
kill -TERM "$sup"
wait "$mk"
expect_eq "make run exit status after SIGTERM" "$?" 0
expect_file_match "$T/run.err" "signal 15: stopping the services"
