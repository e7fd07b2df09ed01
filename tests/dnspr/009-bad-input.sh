# Hostile UDP queries: runts, responses, bad counts, bad opcodes, pointer
# tricks (self, forward, past the end, long backward chains), reserved label
# types, over-long names, NUL in a label, EDNS version 1 and 64 KiB of
# random bytes. Each is dropped or answered with the right error, and after
# each a good query is still answered.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
stub_up up --addr 192.0.2.1
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$STUB_PORT"
"$PY" - "$P" >"$T/result" <<'PYEOF' || fail "$(cat "$T/result")"
import os, socket, struct, sys, time
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
def hdr(qid=0x1234, flags=0x0100, qd=1, an=0, ns=0, ar=0):
    return struct.pack(">HHHHHH", qid, flags, qd, an, ns, ar)
def name(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".")) + b"\0"
def ask(pkt):
    s.sendto(pkt, ("127.0.0.1", port))
    try:
        return s.recv(65535)
    except socket.timeout:
        return None
def good():
    r = ask(hdr(qid=0x7777) + name("ok.example") + b"\0\1\0\1")
    assert r is not None and r[:2] == b"\x77\x77" and r[-4:] == socket.inet_aton("192.0.2.1"), r
def check(what, pkt, want):
    r = ask(pkt)
    if want is None:
        assert r is None, "%s: got a reply %r" % (what, r)
    else:
        assert r is not None, "%s: no reply" % what
        flags = struct.unpack(">H", r[2:4])[0]
        assert r[:2] == pkt[:2], "%s: ID not echoed" % what
        assert flags & 0x8000 and flags & 0xf == want, "%s: flags %04x" % (what, flags)
        assert len(r) <= 512, what
    good()
q = name("a.example") + b"\0\1\0\1"
check("11 bytes", hdr()[:11], None)
check("empty", b"", None)
check("a response", hdr(flags=0x8180) + q, None)
check("QDCOUNT 0", hdr(qd=0), 1)
check("QDCOUNT 2", hdr(qd=2) + q + q, 1)
check("QDCOUNT 65535", hdr(qd=65535) + q, 1)
check("opcode 5", hdr(flags=0x2800) + q, 4)
check("opcode 2 garbage", hdr(flags=0x1000) + b"\xff", 4)
check("self-pointer", hdr() + b"\xc0\x0c\0\1\0\1", 1)
check("forward pointer", hdr() + b"\xc0\x20" + b"\0" * 30, 1)
check("pointer past the end", hdr() + b"\x01a\xc3\xff\0\1\0\1", 1)
check("pointer into itself", hdr() + b"\x01a\xc0\x0c\0\1\0\1", 1)
# Backward pointers, each to the one before, kept in an earlier record's
# RDATA; the next record's owner enters the chain at its far end.
cells, start = b"\0", 12 + 5 + 11
for i in range(1, 400):
    cells += struct.pack(">H", 0xc000 | (start if i == 1 else start + 1 + 2 * (i - 2)))
last = start + 1 + 2 * (399 - 1)
chained = (hdr(an=2) + b"\0\0\1\0\1" + b"\0\0\x10\0\1\0\0\0\0" +
           struct.pack(">H", len(cells)) + cells +
           struct.pack(">H", 0xc000 | last) + b"\0\1\0\1\0\0\0\0\0\0")
check("backward chain of 400", chained, 1)
check("label type 0x40", hdr() + b"\x41" + b"a" * 1 + b"\0\0\1\0\1", 1)
check("64-byte label", hdr() + b"\x40" + b"a" * 64 + b"\0\0\1\0\1", 1)
check("300-byte name", hdr() + (b"\x3f" + b"a" * 63) * 5 + b"\0\0\1\0\1", 1)
check("NUL in a label", hdr() + b"\x03a\0b\0\0\1\0\1", 1)
check("truncated question", hdr() + b"\x01a\0\0", 1)
check("RDLENGTH past the end", hdr(ar=1) + q + b"\0\0\x29\x10\0\0\0\0\0\0\xff", 1)
check("two OPT records", hdr(ar=2) + q + (b"\0\0\x29\x10\0\0\0\0\0\0\0") * 2, 1)
r = ask(hdr(ar=1) + q + b"\0\0\x29\x10\0\0\1\0\0\0\0")
assert r is not None and r[3] & 0xf == 0 and r[-6] == 1, "BADVERS: %r" % r
good()
rnd = bytearray(os.urandom(65000))
rnd[2] = 0x01
check("64 KiB of random bytes", bytes(rnd), 1)
rnd[2] |= 0x80
check("64 KiB of random bytes, QR set", bytes(rnd), None)
for i in range(200):
    pkt = os.urandom(12 + i)
    s.sendto(pkt, ("127.0.0.1", port))
time.sleep(0.2)
while True:
    try:
        s.recv(65535)
    except socket.timeout:
        break
good()
print("ok")
PYEOF
expect_eq "hostile input" "$(cat "$T/result")" ok
expect_file_match "$T/access.log" " $P 00813 - "
expect_file_match "$T/access.log" " $P 00814 - "
expect_file_match "$T/access.log" " $P 00815 - "
alive dnspr
