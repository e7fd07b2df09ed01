# DNS over TCP (RFC 7766): dig +tcp, and three queries pipelined on one
# connection are all answered (any order, matched by ID).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig dnsmasq
dnsmasq_up dm --address=/test.example/10.1.2.3 --local-ttl=300
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$DM_PORT"
expect_eq "dig +tcp" "$(dq +tcp +short a.test.example A)" 10.1.2.3
got=$("$PY" - "$P" <<'PYEOF'
import socket, struct, sys
def q(qid, name):
    b = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for l in name.split("."):
        b += bytes([len(l)]) + l.encode()
    return b + b"\0" + struct.pack(">HH", 1, 1)
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
msgs = [q(100 + i, "p%d.test.example" % i) for i in range(3)]
c.sendall(b"".join(struct.pack(">H", len(m)) + m for m in msgs))
seen = []
for i in range(3):
    n = struct.unpack(">H", c.recv(2, socket.MSG_WAITALL))[0]
    r = c.recv(n, socket.MSG_WAITALL)
    qid, flags, qd, an = struct.unpack(">HHHH", r[:8])
    seen.append("%d:%04x:%d:%s" % (qid, flags, an, socket.inet_ntoa(r[-4:])))
print(" ".join(sorted(seen)))
PYEOF
)
expect_eq "pipelined answers" "$got" \
    "100:8180:1:10.1.2.3 101:8180:1:10.1.2.3 102:8180:1:10.1.2.3"
log_wait 4
alive dnspr
