# RFC 5452 s9.1: fifty clients asking the same question while the upstream
# is slow, with RD, CD and EDNS DO set every which way, cause one upstream
# query; all fifty get the answer with their own ID.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
stub_up up --mode delay --delay 1 --addr 192.0.2.77
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" --nserver=127.0.0.1:"$STUB_PORT"
got=$("$PY" - "$P" <<'PYEOF'
import select, socket, struct, sys
port = int(sys.argv[1])
socks = []
for i in range(50):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    flags = (0x100 if i % 2 else 0) | (0x10 if i % 3 == 0 else 0)
    q = struct.pack(">HHHHHH", 1000 + i, flags, 1, 0, 0, i % 5 == 0)
    q += b"\x04slow\x07example\x00\x00\x01\x00\x01"
    if i % 5 == 0:
        q += b"\0\0\x29\x04\xd0\0\0\x80\0\0\0"	# EDNS, DO
    s.sendto(q, ("127.0.0.1", port))
    socks.append(s)
ok = 0
for i, s in enumerate(socks):
    s.settimeout(5)
    r = s.recv(512)
    if r[:2] == struct.pack(">H", 1000 + i) and socket.inet_aton("192.0.2.77") in r:
        ok += 1
print(ok)
PYEOF
)
expect_eq "answers" "$got" 50
expect_eq "upstream queries" "$(cat "$T/up.count")" "udp 1 tcp 0"
alive dnspr
