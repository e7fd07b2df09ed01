# daemon, then pidfile: 3proxy returns at once, the daemon (a new session)
# writes its own pid, runs the services, and stops on SIGTERM. A system
# command runs at its place in the file.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
cat >"$T/d.cfg" <<CFG
daemon
pidfile $T/3proxy.pid
system "echo ran >$T/system.out"
internal 127.0.0.1
tcppm $P 127.0.0.1 $HTTP_PORT
CFG
timeout 10 "$BIN/3proxy" "$T/d.cfg" </dev/null || fail "3proxy did not return 0"
wait_port "$P"
pid=$(cat "$T/3proxy.pid")
_pids+=("$pid")
expect_eq "daemon leads its session" "$(ps -o sid= -p "$pid" | tr -d ' ')" "$pid"
expect_eq "system ran" "$(cat "$T/system.out")" ran
expect_eq "body through the daemon" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello
child=$(ps -o pid= --ppid "$pid" | tr -d ' ')
[ -n "$child" ] || fail "no child"
kill "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null && fail "daemon ignored SIGTERM"
[ -e "$T/3proxy.pid" ] && fail "pidfile left behind"
true
