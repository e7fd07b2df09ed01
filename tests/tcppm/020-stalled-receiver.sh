# A receiver that stops reading is not cut off while the tunnel still holds
# bytes for it. The server sends N MiB and closes; the client reads nothing
# for 2.5 s (longer than the 1 s limit for a tunnel one side of which has
# finished) and then reads: every byte arrives, for each N, because that
# limit runs only once everything read has been passed on. When the idle
# limit (2 s here) does end a tunnel that still holds bytes, the client
# gets a reset, not a FIN that would make the cut-off stream look complete.
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
bg flood "$PY" "$LIB/flood.py" "$SP" 40
wait_port "$SP"
for sz in 2 3 4 5 6 8 12; do
	P=$(free_port)
	bg "small$sz" "$PY" "$LIB/flood.py" "$P" "$sz"
	wait_port "$P"
	eval "SP$sz=$P"
done
# Each size through its own tcppm: the 1 s linger (11th), 1800 s idle.
ports=
for sz in 2 3 4 5 6 8 12; do
	eval "up=\$SP$sz"
	LP=$(free_port)
	run_module "tcppm$sz" tcppm -i127.0.0.1 -l"$T/t$sz.log" \
	    --timeouts=1,5,30,60,180,1800,15,60,15,5,1 "$LP" 127.0.0.1 "$up"
	ports="$ports $sz:$LP"
done
"$PY" - $ports >"$T/lag.out" <<'PYEOF'
import socket, sys, threading, time
BLOCK = bytes(((i * 7 + i // 65536) & 255) for i in range(1 << 20))
res = {}

def one(sz, port):
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    c.settimeout(20)
    c.connect(("127.0.0.1", port))
    time.sleep(2.5)
    got, ok = 0, True
    try:
        while True:
            d = c.recv(1 << 20)
            if not d:
                break
            off = got % (1 << 20)
            while d:
                n = min(len(d), (1 << 20) - off)
                ok = ok and d[:n] == BLOCK[off:off + n]
                d, got, off = d[n:], got + n, 0
        res[sz] = "ok" if ok and got == sz << 20 else "short %d" % got
    except OSError as e:
        res[sz] = "error %s after %d" % (e.__class__.__name__, got)

ts = []
for a in sys.argv[1:]:
    sz, port = map(int, a.split(":"))
    ts.append(threading.Thread(target=one, args=(sz, port)))
    ts[-1].start()
for t in ts:
    t.join()
print(" ".join("%d:%s" % (k, res.get(k)) for k in sorted(res)))
PYEOF
expect_eq "every size arrives whole" "$(cat "$T/lag.out")" \
    "2:ok 3:ok 4:ok 5:ok 6:ok 8:ok 12:ok"
# The idle limit (2 s) ends a tunnel whose client reads nothing (until the
# record of that end is written, at most 20 s) while the server has 40 MiB
# to send: the client sees a reset.
LP=$(free_port)
run_module idle tcppm -i127.0.0.1 -l"$T/idle.log" \
    --timeouts=1,5,30,60,180,2,15,60,15,5,1 "$LP" 127.0.0.1 "$SP"
"$PY" - "$LP" "$T/idle.log" >"$T/idle.out" <<'PYEOF'
import os, socket, sys, time
c = socket.socket()
c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
c.settimeout(20)
c.connect(("127.0.0.1", int(sys.argv[1])))
end = time.time() + 20
while time.time() < end:
    time.sleep(0.1)
    if os.path.exists(sys.argv[2]) and b" 00092 " in open(sys.argv[2], "rb").read():
        break
got = 0
try:
    while True:
        d = c.recv(1 << 20)
        if not d:
            print("eof after", "all" if got == 40 << 20 else "part")
            break
        got += len(d)
except ConnectionResetError:
    print("reset after", "all" if got == 40 << 20 else "part")
PYEOF
expect_eq "idle limit with bytes held" "$(cat "$T/idle.out")" "reset after part"
wait_file_match "$T/idle.log" " 00092 - 127\.0\.0\.1:[0-9]* 127\.0\.0\.1:$SP "
