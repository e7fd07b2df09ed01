# A response (QR=1) sent to dnspr gets no reply, so two proxies cannot
# ping-pong; two dnspr forwarding to each other end with SERVFAIL after the
# timeout instead of looping, and both keep serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
PA=$(free_port)
PB=$(free_port)
run_module a dnspr -i127.0.0.1 -p"$PA" -l"$T/a.log" --timeouts=1,5,30,60,180,1800,1 \
    --nserver=127.0.0.1:"$PB"
run_module b dnspr -i127.0.0.1 -p"$PB" -l"$T/b.log" --timeouts=1,5,30,60,180,1800,1 \
    --nserver=127.0.0.1:"$PA"
got=$("$PY" - "$PA" <<'PYEOF'
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
r = struct.pack(">HHHHHH", 5, 0x8180, 1, 1, 0, 0)
r += b"\x01x\x07example\x00\x00\x01\x00\x01\xc0\x0c\x00\x01\x00\x01\0\0\0\x3c\0\x04\x01\x02\x03\x04"
s.sendto(r, ("127.0.0.1", int(sys.argv[1])))
try:
    print("reply %r" % s.recv(512))
except socket.timeout:
    print("dropped")
PYEOF
)
expect_eq "response dropped" "$got" dropped
P=$PA
expect_match "loop ends" "$(dq +noall +comments loop.example A)" "status: SERVFAIL"
# A's query reached B, B's reached A, which was already asking: no more.
[ "$(wc -l <"$T/a.log")" -le 3 ] || fail "A logged $(wc -l <"$T/a.log") records"
[ "$(wc -l <"$T/b.log")" -le 2 ] || fail "B logged $(wc -l <"$T/b.log") records"
alive a
alive b
