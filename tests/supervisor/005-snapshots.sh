# Each service line takes what is in force at that line: log, logformat and
# maxconn set before the first tcppm apply to it, the later ones only to the
# second.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P1=$(free_port)
P2=$(free_port)
cat >"$T/s.cfg" <<CFG
internal 127.0.0.1
log $T/a.log
logformat "La %p %T"
maxconn 1
tcppm $P1 127.0.0.1 $HTTP_PORT
log $T/b.log
logformat "Lb %p %T"
maxconn 500
tcppm $P2 127.0.0.1 $HTTP_PORT
CFG
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/s.cfg" 9>"$T/ready" >"$T/sup.out" \
    2>"$T/sup.err" &
_pids+=($!)
read -r -t 10 _ <"$T/ready" || fail "not ready"

expect_eq "body via 1" "$(curl -sf "http://127.0.0.1:$P1/x.txt")" hello
expect_eq "body via 2" "$(curl -sf "http://127.0.0.1:$P2/x.txt")" hello
wait_file_match "$T/a.log" "^a $P1 127\\.0\\.0\\.1$"
wait_file_match "$T/b.log" "^b $P2 127\\.0\\.0\\.1$"
grep -q "^a $P2" "$T/a.log" && fail "service 2 logged into service 1's log"
grep -q "^b $P1" "$T/b.log" && fail "service 1 logged into service 2's log"

# maxconn 1 on the first service only: hold one session open there.
script hold.py <<PYEOF
import socket, sys, time
s = socket.create_connection(("127.0.0.1", $P1))
print("held", flush=True)
time.sleep(5)
PYEOF
bg hold "$PY" "$T/hold.py"
wait_file_match "$T/hold.out" held
ok=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	if ! curl -sf -m 2 "http://127.0.0.1:$P1/x.txt" >/dev/null 2>&1; then
		ok=1; break
	fi
	sleep 0.1
done
expect_eq "second client of maxconn 1 refused" "$ok" 1
expect_eq "the other service is not limited" \
    "$(curl -sf "http://127.0.0.1:$P2/x.txt")" hello
wait_file_match "$T/sup.err" "too many connected clients \\(1/1\\)"
