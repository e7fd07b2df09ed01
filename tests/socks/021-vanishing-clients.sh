# Clients that vanish (close or reset) at every stage: mid-greeting, after
# the method reply, mid-RFC 1929, right after the request, while the name
# resolves, during a BIND wait, during a UDP association, mid-tunnel. Each
# leaves one record, nothing leaks, and a good request works afterwards.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 2000000 /dev/urandom >"$T/www/big.bin"; echo hello >"$T/www/x"
http_server origin "$T/www"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -u1 -l"$T/access.log" -f'L%N|%E|%T'
fds() { ls "/proc/$PID_socks/fd" | wc -l; }
# A first tunnel fills the relay's pipe pool, which it keeps: count after.
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o /dev/null ||
    fail "warm-up request"
i=0; while [ ! -s "$T/access.log" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
base=$(fds)
n=$(SOCKS_PORT=$P "$PY" - "$HTTP_PORT" <<'PYEOF'
import os, socket, struct, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
H = int(sys.argv[1])
n = 0
def gone(s, rst):
    if rst:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
    s.close()
for rst in (False, True):
    for data in (b"\x05", b"\x05\x02\x00\x02", b"\x05\x01\x02\x01\x03ab",
                 b"\x05\x01\x02\x01\x03abc\x03xyz" +
                 v5_request("127.0.0.1", H),
                 b"\x05\x01\x02\x01\x03abc\x03xyz" +
                 v5_request("localhost", H),
                 b"\x04\x01" + struct.pack(">H", H) + b"\x7f\0\0\1\0"):
        s = conn()
        s.sendall(data)
        time.sleep(0.05)
        gone(s, rst)
        n += 1
    for cmd in (2, 3):
        s, rep = v5_open("0.0.0.0", 0, cmd=cmd, auth=("a", "b"))
        assert rep[0] == 0
        gone(s, rst)
        n += 1
    s, rep = v5_open("127.0.0.1", H, auth=("a", "b"))
    s.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
    s.recv(1000)
    gone(s, rst)
    n += 1
print(n)
PYEOF
)
expect_eq "connections made" "$n" 18
curl -sf --socks5-hostname "127.0.0.1:$P" -U a:b \
    "http://localhost:$HTTP_PORT/big.bin" -o "$T/got" || fail "good request"
expect_eq sha "$(sha "$T/got")" "$(sha "$T/www/big.bin")"
wait_file_match "$T/access.log" "^SOCK5\|00000\|CONNECT localhost:$HTTP_PORT$"
i=0; while [ "$(wc -l <"$T/access.log")" -lt 20 ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i+1)); done
expect_eq "one record per connection" "$(wc -l <"$T/access.log")" 20
expect_eq "BIND and UDP ends" "$(grep -cE '^SOCK5\|00(460\|BIND|000\|UDPMAP|095\|UDPMAP) 0\.0\.0\.0:0$' "$T/access.log")" 4
i=0; while [ "$(fds)" != "$base" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
expect_eq "descriptors back to baseline" "$(fds)" "$base"
alive socks
