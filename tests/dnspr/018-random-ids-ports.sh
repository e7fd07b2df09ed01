# RFC 5452 s9.2: every upstream query leaves from its own random source port
# with its own random ID: 300 queries show (almost) no repeats and no
# sequence.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
stub_up up --ports-file "$T/ports"
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" --nserver=127.0.0.1:"$STUB_PORT"
"$PY" - "$P" <<'PYEOF' || fail "queries failed"
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
for i in range(300):
    q = struct.pack(">HHHHHH", i, 0x100, 1, 0, 0, 0)
    n = b"r%d" % i
    q += bytes([len(n)]) + n + b"\x07example\x00\x00\x01\x00\x01"
    s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
    s.recv(512)
PYEOF
got=$("$PY" - "$T/ports" <<'PYEOF'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
ports = [r[0] for r in rows]
ids = [r[1] for r in rows]
def steps(v):	# neighbours one apart: a counter, not chance
    return sum(1 for a, b in zip(v, v[1:]) if abs(a - b) <= 1)
print(len(rows), len(set(ports)) >= 290, len(set(ids)) >= 290,
      steps(ports) < 5, steps(ids) < 5)
PYEOF
)
expect_eq "300 queries: distinct, unordered ports and IDs" "$got" \
    "300 True True True True"
alive dnspr
