# A reload during 20 running 20 MB transfers through tcppm: every transfer
# completes with the right sha256 on the old process, which leaves once its
# sessions end; connections made after the reload get the new settings (a
# new log format here); the listening socket never closes (a connect loop
# across the reload sees no failure).
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 20000000 /dev/urandom >"$T/www/big.bin"
want=$(sha "$T/www/big.bin")
echo small >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
write_cfg() {
	cat >"$T/r.cfg" <<CFG
internal 127.0.0.1
log $T/access.log
logformat "L$1 %E %I %T"
tcppm $P 127.0.0.1 $HTTP_PORT
CFG
}
write_cfg v1
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/r.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || fail "not ready"
old=$(ps -o pid= --ppid "$sup" | tr -d ' ')

# 20 transfers at 5 MB/s each: about 4 s.
for i in $(seq 1 20); do
	curl -sf --limit-rate 5M "http://127.0.0.1:$P/big.bin" -o "$T/got$i" &
	cpids+=($!)
done
for i in $(seq 1 20); do
	n=0
	while [ ! -s "$T/got$i" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	[ -s "$T/got$i" ] || fail "transfer $i did not start"
done

# A connect loop runs across the reload: not one refused connection.
script loop.py <<PYEOF
import socket, sys, time
ok = bad = 0
end = time.time() + 2.5
while time.time() < end:
    try:
        c = socket.create_connection(("127.0.0.1", $P), timeout=5)
        c.sendall(b"GET /x.txt HTTP/1.0\r\n\r\n")
        d = b""
        while True:
            b = c.recv(4096)
            if not b:
                break
            d += b
        c.close()
        ok += d.endswith(b"small\n")
        bad += not d.endswith(b"small\n")
    except OSError:
        bad += 1
    time.sleep(0.005)
print(ok, bad, flush=True)
PYEOF
bg loop "$PY" "$T/loop.py"
sleep 0.5
write_cfg v2
kill -HUP "$sup"
wait_file_match "$T/sup.err" "reload: done \\(0 added, 1 changed, 0 removed, 0 unchanged\\)"
new=$(ps -o pid= --ppid "$sup" | tr -d ' ' | grep -v "^$old$")
[ -n "$new" ] || fail "no new child after the reload"
_pids+=($new)
kill -0 "$old" || fail "the old child left before its transfers ended"
expect_eq "a new connection" "$(curl -sf "http://127.0.0.1:$P/x.txt")" small
wait_file_match "$T/access.log" "^v2 00000 [0-9]+ 127\\.0\\.0\\.1$"

wait_file_match "$T/loop.out" '^[0-9]+ [0-9]+$'
read -r loop_ok loop_bad <"$T/loop.out"
[ "$loop_ok" -ge 50 ] || fail "connect loop: only $loop_ok exchanges"
expect_eq "failed exchanges across the reload" "$loop_bad" 0
for i in $(seq 1 20); do
	wait "${cpids[$((i - 1))]}" || fail "transfer $i failed"
	expect_eq "sha256 of transfer $i" "$(sha "$T/got$i")" "$want"
done
# The old process wrote the 20 records in the old format, then left.
wait_file_match "$T/sup.err" "tcppm \\(.*r\\.cfg:4\\): stopped \\(exited with status 0\\)"
expect_eq "old-format records of 20 MB" \
    "$(grep -c '^v1 00000 200002[0-9][0-9] 127\.0\.0\.1$' "$T/access.log")" 20
kill -0 "$old" 2>/dev/null && fail "old child still there"
true
