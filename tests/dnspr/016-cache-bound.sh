# The cache is bounded by --nscache: 400 names through a cache of 256 keep
# the 256 most recent; the oldest are evicted (SERVFAIL once the upstream
# is gone).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dnsmasq
dnsmasq_up dm --address=/test.example/10.1.2.3 --local-ttl=600
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" --nscache=256 \
    --nserver=127.0.0.1:"$DM_PORT"
cat >"$T/ask.py" <<'PYEOF'
import socket, struct, sys
port, first, last = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
res = {}
for i in range(first, last):
    q = struct.pack(">HHHHHH", i, 0x100, 1, 0, 0, 0)
    n = b"n%d" % i
    q += bytes([len(n)]) + n + b"\x04test\x07example\x00\x00\x01\x00\x01"
    s.sendto(q, ("127.0.0.1", port))
    r = s.recv(512)
    rc = r[3] & 0xf
    res[rc] = res.get(rc, 0) + 1
print(" ".join("rcode%d:%d" % kv for kv in sorted(res.items())))
PYEOF
expect_eq "fill" "$("$PY" "$T/ask.py" "$P" 0 400)" "rcode0:400"
stop dm
expect_eq "most recent 256 cached" "$("$PY" "$T/ask.py" "$P" 144 400)" \
    "rcode0:256"
expect_eq "oldest evicted" "$("$PY" "$T/ask.py" "$P" 0 144)" "rcode2:144"
alive dnspr
