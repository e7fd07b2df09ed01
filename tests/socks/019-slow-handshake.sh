# Handshake time limits (here BYTE_SHORT 1 s, BYTE_LONG 2 s, STRING_SHORT
# 3 s): silence before the first byte, a stall inside a message (SOCKS4a
# without the second NUL, RFC 1929 cut after ULEN), and a byte every 0.6 s
# all end in a close within the limit, while a good client is served at the
# same time; afterwards the descriptors are back where they started.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"; echo hello >"$T/www/x"
http_server origin "$T/www"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -u1 -l"$T/access.log" -f'L%N|%E|%T' \
    --timeouts=1,2,3
fds() { ls "/proc/$PID_socks/fd" | wc -l; }
# A first tunnel fills the relay's pipe pool, which it keeps: count after.
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o /dev/null ||
    fail "warm-up request"
i=0; while [ ! -s "$T/access.log" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
base=$(fds)

script slow.py <<'PYEOF'
import os, select, sys, threading, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
res = {}
def case(name, first, lo, hi, drip=b"", gap=0.6):
    s = conn()
    t0 = time.monotonic()
    s.sendall(first)
    p = select.poll()
    p.register(s, select.POLLRDHUP)
    for b in drip:
        if p.poll(gap * 1000):
            break
        s.sendall(bytes([b]))
    got, c = read_to_close(s, 8)
    t = time.monotonic() - t0
    res[name] = (got.hex() or "-", c, lo < t < hi)
cases = [
    ("silent", b"", 1.8, 2.9),
    ("4a-no-2nd-nul", b"\x04\x01\x00\x50\0\0\0\1user\0localhost", 0.8, 1.9),
    ("auth-cut", b"\x05\x01\x02\x01\x05", 0.8, 1.9),
    ("drip", b"\x04\x01\x00\x50\x7f\0\0\1", 2.8, 3.9, b"u" * 200),
]
th = [threading.Thread(target=case, args=c) for c in cases]
for t in th: t.start()
for t in th: t.join()
for c in cases:
    print(c[0], *res[c[0]])
PYEOF
SOCKS_PORT=$P "$PY" "$T/slow.py" >"$T/slow.out" &
slow=$!
# Served while the slow ones hold their slots.
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o "$T/got" ||
    fail "good request during the slow ones"
expect_eq body "$(cat "$T/got")" hello
wait $slow
expect_eq "slow clients" "$(echo $(cat "$T/slow.out"))" \
    "silent - True True 4a-no-2nd-nul - True True auth-cut 0502 True True drip - True True"
expect_file_match "$T/access.log" "^SOCKS\|00401\|$"
expect_file_match "$T/access.log" "^SOCK4\|00401\|$"
expect_file_match "$T/access.log" "^SOCK5\|00412\|$"
i=0; while [ "$(fds)" != "$base" ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done
expect_eq "descriptors back to baseline" "$(fds)" "$base"
alive socks
