# Hostile TCP clients: a length prefix of 65535 (more than any query) and
# one below a header close the connection at once (code 830); a partial
# query is closed after the idle timeout (code 831); the process keeps
# serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
stub_up up --addr 192.0.2.1
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --timeouts=1,5,3 --nserver=127.0.0.1:"$STUB_PORT"
got=$("$PY" - "$P" <<'PYEOF'
import socket, sys, time
port = int(sys.argv[1])
out = []
for what, data in (("65535", b"\xff\xff\x00"), ("short", b"\x00\x05hello")):
    c = socket.create_connection(("127.0.0.1", port), timeout=5)
    c.sendall(data)
    t = time.time()
    out.append("%s:%r:%d" % (what, c.recv(100), time.time() - t < 2))
    c.close()
c = socket.create_connection(("127.0.0.1", port), timeout=10)
c.sendall(b"\x00\x20\x12\x34")
t = time.time()
r = c.recv(100)
out.append("idle:%r:%d" % (r, 2.5 < time.time() - t < 8))
print(" ".join(out))
PYEOF
)
expect_eq "closed" "$got" "65535:b'':1 short:b'':1 idle:b'':1"
expect_eq "still serving" "$(dq +tcp +short ok.example A)" 192.0.2.1
log_wait 4
expect_eq "framing records" "$(grep -c " $P 00830 - 127\.0\.0\.1:" "$T/access.log")" 2
expect_eq "idle record" "$(grep -c " $P 00831 - 127\.0\.0\.1:" "$T/access.log")" 1
alive dnspr
