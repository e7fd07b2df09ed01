# 200 clients at once, each moving 200 KB both ways through its own tunnel
# (SOCKS4, 4a and 5 mixed): every byte arrives, every tunnel gets its
# record.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%N|%E|%O|%I'
out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import os, socket, sys, threading
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
l = socket.socket()
l.bind(("127.0.0.1", 0))
l.listen(512)
tp = l.getsockname()[1]
N, SIZE = 200, 200000
blob = os.urandom(SIZE)
def echo_server():
    while True:
        c, _ = l.accept()
        threading.Thread(target=echo, args=(c,), daemon=True).start()
def echo(c):
    while True:
        d = c.recv(65536)
        if not d:
            c.shutdown(socket.SHUT_WR)
            return
        c.sendall(d)
threading.Thread(target=echo_server, daemon=True).start()
ok = [0]
lock = threading.Lock()
def client(i):
    s = conn(timeout=30)
    kind = i % 3
    if kind == 0:
        s.sendall(v5_greeting() + v5_request("127.0.0.1", tp))
        s.recv(2)
        r = read_v5_reply(s, 30)[0]
    elif kind == 1:
        s.sendall(v4_request("127.0.0.1", tp))
        r = read_v4_reply(s, 30)[0] - 90
    else:
        s.sendall(v4a_request("localhost", tp))
        r = read_v4_reply(s, 30)[0] - 90
    def writer():
        s.sendall(blob)
        s.shutdown(socket.SHUT_WR)
    w = threading.Thread(target=writer)
    w.start()
    got = read_exact(s, SIZE, 60)
    w.join()
    if r == 0 and got == blob and read_to_close(s, 10)[1]:
        with lock:
            ok[0] += 1
th = [threading.Thread(target=client, args=(i,)) for i in range(N)]
for t in th: t.start()
for t in th: t.join()
print(ok[0])
PYEOF
)
expect_eq "tunnels intact" "$out" 200
i=0; while [ "$(wc -l <"$T/access.log")" -lt 200 ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i+1)); done
expect_eq "records with full counts" \
    "$(grep -cE '^SOC(K5|K4|45)\|00000\|200000\|200000$' "$T/access.log")" 200
alive socks
