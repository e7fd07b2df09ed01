# Memory stays bounded when receivers read slowly or not at all: 200
# tunnels whose clients first read nothing, then 16 KiB every 20 ms, while
# the server sends 8 MiB each. A tunnel reads ahead of its receiver and its
# bytes walk through its buffer, so a buffer held long becomes resident
# whole; only 16 tunnels hold a large buffer (4 MiB) at once, the others at
# most -b bytes (64 KiB). 160-190 MiB resident before that limit, ~50 MiB
# now. Every byte still arrives, in order.
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
bg flood "$PY" "$LIB/flood.py" "$SP" 0
wait_port "$SP"
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 "$P" 127.0.0.1 "$SP"
"$PY" - "$P" "$PID_tcppm" >"$T/slow.out" <<'PYEOF'
import socket, sys, time
port, pid = int(sys.argv[1]), sys.argv[2]
BLOCK = bytes(((i * 7 + i // 65536) & 255) for i in range(1 << 20))
N = 200

def rss():
    for l in open("/proc/%s/status" % pid):
        if l.startswith("VmRSS:"):
            return int(l.split()[1])

def steady():
    # Until the proxy has read all it will: RSS steady for 1 s (<= 30 s).
    last, t0 = -1, time.time()
    while time.time() - t0 < 30:
        time.sleep(1)
        now = rss()
        if now == last:
            break
        last = now
    return last

got = [0] * N
bad = [0] * N

def take(i, d):
    off = got[i] % (1 << 20)
    while d:
        n = min(len(d), (1 << 20) - off)
        if d[:n] != BLOCK[off:off + n]:
            bad[i] = 1
        d, got[i], off = d[n:], got[i] + n, 0

base = rss()
conns = []
for i in range(N):
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    c.settimeout(30)
    c.connect(("127.0.0.1", port))
    c.sendall(b"8\n")
    conns.append(c)
held = steady() - base
peak = 0
t0 = time.time()
while time.time() - t0 < 4:
    for i, c in enumerate(conns):
        try:
            take(i, c.recv(16384, socket.MSG_DONTWAIT))
        except BlockingIOError:
            pass
    peak = max(peak, rss() - base)
    time.sleep(0.02)
print(held // 1024, peak // 1024, sum(got) >> 20)
# With those 200 tunnels held again, one more gets 2 MiB and the server's
# FIN while its client waits 1 s: a -b buffer fills with the FIN behind it,
# and must not wait for the FIN before passing its bytes on.
time.sleep(1)
c = socket.socket()
c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
c.settimeout(10)
c.connect(("127.0.0.1", port))
c.sendall(b"2\n")
time.sleep(1)
n = 0
try:
    while True:
        d = c.recv(1 << 20)
        if not d:
            break
        n += len(d)
    print(n)
except OSError as e:
    print(e.__class__.__name__, n)
# Four tunnels read to the end: 8 MiB each, byte for byte.
good = 0
for i in range(4):
    while True:
        d = conns[i].recv(1 << 20)
        if not d:
            break
        take(i, d)
    good += not bad[i] and got[i] == 8 << 20
print(good)
PYEOF
read -r held peak moved < <(sed -n 1p "$T/slow.out")
echo "# tcppm RSS for 200 tunnels: $held MiB idle, $peak MiB slow; $moved MiB read"
# AddressSanitizer keeps freed memory in quarantine: RSS says nothing there.
if ! grep -aq __asan_init "$BIN/tcppm"; then
	[ -n "$peak" ] && [ "$held" -lt 100 ] && [ "$peak" -lt 100 ] ||
	    fail "RSS for 200 blocked tunnels: $held MiB idle, $peak MiB slow"
fi
[ "$moved" -gt 100 ] || fail "slow readers got only $moved MiB"
expect_eq "2 MiB and a FIN behind a full buffer" "$(sed -n 2p "$T/slow.out")" \
    2097152
expect_eq "tunnels read to the end intact" "$(sed -n 3p "$T/slow.out")" 4
alive tcppm
