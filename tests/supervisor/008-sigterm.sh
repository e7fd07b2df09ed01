# SIGTERM stops every child and 3proxy waits for them before it exits 0;
# the pidfile written by the supervisor names it and is removed at exit.
. "$(dirname "$0")/../lib/lib.sh"
P1=$(free_port)
P2=$(free_port)
cat >"$T/t.cfg" <<CFG
pidfile $T/3proxy.pid
internal 127.0.0.1
tcppm $P1 127.0.0.1 9
udppm $P2 127.0.0.1 9
CFG
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/t.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || fail "not ready"
expect_eq "pidfile" "$(cat "$T/3proxy.pid")" "$sup"
kids=$(ps -o pid= --ppid "$sup" | tr -d ' ' | sort)
expect_eq "children" "$(echo "$kids" | wc -l)" 2
kill -TERM "$sup"
i=0
while kill -0 "$sup" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait "$sup"
expect_eq "exit status" "$?" 0
for k in $kids; do
	kill -0 "$k" 2>/dev/null && fail "child $k outlived 3proxy"
done
[ -e "$T/3proxy.pid" ] && fail "pidfile left behind"
expect_file_match "$T/sup.err" "signal 15: stopping the services"
true
