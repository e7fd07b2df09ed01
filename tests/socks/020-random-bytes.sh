# 64 KiB of random bytes (starting with 4, 5 or anything) on 30
# connections: each gets at most a reply valid for its version and a close;
# the process keeps serving and its descriptors return to baseline.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"; echo hello >"$T/www/x"
http_server origin "$T/www"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%N|%E' \
    --timeouts=1,2,3,60,180,1800,15,60,2
fds() { ls "/proc/$PID_socks/fd" | wc -l; }
# A first tunnel fills the relay's pipe pool, which it keeps: count after.
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o /dev/null ||
    fail "warm-up request"
i=0; while [ ! -s "$T/access.log" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
base=$(fds)
out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import os, random, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
rnd = random.Random(1928)

def valid(v, got):
    # SOCKS4: nothing or one 8-byte 91. SOCKS5: a method reply, then an
    # RFC 1929 status if method 2, then at most one request reply.
    if got == b"" or (v == 4 and len(got) == 8 and got[:2] == b"\0\x5b"):
        return True
    if v != 5 or got[:1] != b"\5" or len(got) < 2:
        return False
    m, rest = got[1], got[2:]
    if m == 0xff:
        return rest == b""
    if m == 2 and rest:
        if rest[:2] == b"\1\1":
            return len(rest) == 2
        if rest[:2] != b"\1\0":
            return False
        rest = rest[2:]
    return rest == b"" or (len(rest) in (10, 22) and rest[0] == 5 and
                           rest[2] == 0 and rest[3] in (1, 4))

bad = 0
for i in range(30):
    data = bytearray(rnd.getrandbits(8) for _ in range(65536))
    data[0] = (4, 5, data[0])[i % 3]
    s = conn()
    try:
        s.sendall(bytes(data))
    except OSError:
        pass
    got, closed = read_to_close(s, 10)
    ok = closed and valid(data[0], got)
    if not ok:
        bad += 1
        print("bad", i, got.hex(), closed)
print("bad", bad)
PYEOF
)
expect_eq "random input" "$out" "bad 0"
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o "$T/got" ||
    fail "good request after random input"
expect_eq body "$(cat "$T/got")" hello
i=0; while [ "$(fds)" != "$base" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
expect_eq "descriptors back to baseline" "$(fds)" "$base"
expect_eq "records" "$(wc -l <"$T/access.log")" 32
alive socks
