# Out of descriptors (RLIMIT_NOFILE 64) with 200 clients holding on: no busy
# loop (CPU stays low), the clients it cannot serve are closed at once, at
# most one warning a second, and service resumes when the clients leave.
. "$(dirname "$0")/../lib/lib.sh"
need prlimit
SP=$(free_port)
bg hold "$PY" "$LIB/holdserver.py" "$SP"
wait_port "$SP"
P=$(free_port)
fifo=$T/ready; mkfifo "$fifo"
prlimit --nofile=64:64 "$BIN/tcppm" --ready-fd=9 -i127.0.0.1 "$P" 127.0.0.1 \
    "$SP" 9>"$fifo" 2>"$T/tcppm.err" &
_pids+=($!); TP=$!
read -r -t 10 _ <"$fifo" || fail "tcppm not ready"

cpu() { awk '{print $14 + $15}' "/proc/$TP/stat"; }
script clients.py <<'PYEOF'
import socket, sys, time
port, hold = int(sys.argv[1]), float(sys.argv[2])
conns, served, closed = [], 0, 0
for i in range(200):
    c = socket.create_connection(("127.0.0.1", port), timeout=5)
    conns.append(c)
for c in conns:
    try:
        c.sendall(b"1\n")
    except OSError:
        pass
for c in conns:
    c.settimeout(3)
    try:
        d = c.recv(10)
    except OSError:
        d = b""
    if d == b"2\n":
        served += 1
    else:
        closed += 1
print(served, closed, flush=True)
time.sleep(hold)
for c in conns:
    c.close()
PYEOF
"$PY" "$T/clients.py" "$P" 3 >"$T/clients.out" &
cp=$!
# Measure CPU while saturated.
i=0; while [ ! -s "$T/clients.out" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
[ -s "$T/clients.out" ] || fail "clients did not finish their first pass"
c0=$(cpu); sleep 2; c1=$(cpu)
read -r served closed <"$T/clients.out"
[ "$served" -gt 0 ] && [ "$served" -lt 64 ] || fail "served $served under a 64-fd limit"
expect_eq "every client answered or closed" "$((served + closed))" 200
# Ticks are 1/100 s: under 10 ticks in 2 s is under 5 % of a core.
[ $((c1 - c0)) -lt 10 ] || fail "busy while saturated: $((c1 - c0)) ticks in 2 s"
wait "$cp"
kill -0 "$TP" || fail "tcppm died"
# Recovered: a new client is served.
got=$("$PY" -c "
import socket
c = socket.create_connection(('127.0.0.1', $P), timeout=5)
c.sendall(b'41\n'); print(c.recv(10).decode().strip())")
expect_eq "served after the clients left" "$got" 42
warnings=$(grep -c "accept" "$T/tcppm.err")
[ "$warnings" -le 6 ] || fail "$warnings accept warnings in ~5 s (rate limit is 1/s)"
true
