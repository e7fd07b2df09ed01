# A UDP reply never exceeds what the client takes: 512 bytes without EDNS,
# its EDNS size (capped at 1232) with it; a larger answer goes out as a
# header and question with TC=1, and dig then gets all of it over TCP.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
stub_up up --mode big
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" --nserver=127.0.0.1:"$STUB_PORT"
out=$(dq +noedns +ignore +noall +comments big.example TXT)
expect_match "TC without EDNS" "$out" "flags: qr tc rd ra; QUERY: 1, ANSWER: 0,"
out=$(dq +bufsize=512 +ignore +noall +comments big.example TXT)
expect_match "TC with EDNS 512" "$out" "flags: qr tc rd ra; QUERY: 1, ANSWER: 0,"
out=$(dq +bufsize=4096 +ignore +noall +comments big.example TXT)
expect_match "whole with EDNS 4096" "$out" "flags: qr rd ra; QUERY: 1, ANSWER: 12,"
expect_match "our EDNS size" "$out" "udp: 1232"
expect_eq "dig retries over TCP" "$(dq +noedns +short big.example TXT | wc -l)" 12
"$PY" - "$P" <<'PYEOF' || fail "reply larger than 512 bytes"
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
q = struct.pack(">HHHHHH", 9, 0x100, 1, 0, 0, 0) + b"\x03big\x07example\x00\x00\x10\x00\x01"
s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
r = s.recv(65535)
sys.exit(0 if len(r) <= 512 and r[2] & 0x02 else 1)
PYEOF
alive dnspr
