# -d daemonizes: the command returns at once, the daemon (a new session,
# parent 1) serves, and it stops on SIGTERM.
. "$(dirname "$0")/../lib/lib.sh"
need curl ss
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
timeout 10 "$BIN/tcppm" -d -i127.0.0.1 -l"$T/access.log" "$P" 127.0.0.1 \
    "$HTTP_PORT" || fail "tcppm -d did not return 0"
wait_port "$P"
pid=$(ss -Hltnp "sport = :$P" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -n "$pid" ] || fail "no daemon listening"
_pids+=("$pid")
expect_eq "daemon's parent" "$(ps -o ppid= -p "$pid" | tr -d ' ')" 1
expect_eq "daemon leads its session" "$(ps -o sid= -p "$pid" | tr -d ' ')" "$pid"
expect_eq "body through the daemon" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello
wait_file_match "$T/access.log" " $P 00000 - 127\.0\.0\.1:"
kill "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null && fail "daemon ignored SIGTERM"
true
