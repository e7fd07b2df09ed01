# S1: 4000 connections, 50 at a time, each sending random 0-300 bytes,
# "05 00", "05 FF" plus 3 bytes, "06 01 00", or nothing, then closing: the
# process stays up, its RSS grows by less than 1 MiB (plain build), its descriptors come
# back to the baseline, and a good request works afterwards.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"; echo hello >"$T/www/x"
http_server origin "$T/www"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" --maxconn=1000 -l"$T/access.log"
fds() { ls "/proc/$PID_socks/fd" | wc -l; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$PID_socks/status"; }
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o /dev/null ||
    fail "warm-up request"
i=0; while [ ! -s "$T/access.log" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
base=$(fds); rss0=$(rss)
out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import os, random, socket, sys, threading
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
rnd = random.Random(5)
inputs = [b"\x05\x00", b"\x05\xff\x01\x02\x03", b"\x06\x01\x00", b""]
jobs = []
for i in range(4000):
    if i % 2:
        jobs.append(bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(301))))
    else:
        jobs.append(inputs[(i // 2) % 4])
lock = threading.Lock()
errors = [0]
def worker(k):
    for data in jobs[k::50]:
        try:
            s = conn(timeout=10)
            s.sendall(data)
            s.close()
        except OSError:
            with lock:
                errors[0] += 1
th = [threading.Thread(target=worker, args=(k,)) for k in range(50)]
for t in th: t.start()
for t in th: t.join()
print("errors", errors[0])
PYEOF
)
expect_eq "connections" "$out" "errors 0"
alive socks
i=0; while [ "$(fds)" != "$base" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
expect_eq "descriptors back to baseline" "$(fds)" "$base"
# AddressSanitizer keeps freed memory in quarantine: RSS says nothing there.
if ! grep -aq __asan_init "$BIN/socks"; then
	grow=$(( $(rss) - rss0 ))
	[ "$grow" -lt 1024 ] || fail "RSS grew by $grow KiB"
fi
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o "$T/got" ||
    fail "good request after the storm"
expect_eq body "$(cat "$T/got")" hello
