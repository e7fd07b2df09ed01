# With every slot taken (--maxconn=3) by clients stalled in their
# handshake, a new client is served: the one that has waited longest, over
# a second, is closed to make room (with its record, 401 for a stalled
# greeting). Clients that waited less than a second are not closed: the
# new one is then refused. A running tunnel is never closed for room.
# (Handshake timeouts of 10 s here, so that only room closes them.)
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" --maxconn=3 --timeouts=10,10,30 \
    -l"$T/access.log" \
    -f'L%N|%E|%T'
SOCKS_PORT=$P "$PY" - >"$T/shed.out" <<'PYEOF'
import os, socket, sys, threading, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
l = socket.socket()
l.bind(("127.0.0.1", 0))
l.listen(16)
tp = l.getsockname()[1]

def echo(c):
    c.sendall(b"echo:" + c.recv(100))
    c.close()

def serve():
    while True:
        threading.Thread(target=echo, args=(l.accept()[0],),
                         daemon=True).start()
threading.Thread(target=serve, daemon=True).start()

def tunnel():
    try:
        s = conn()
        s.sendall(v5_greeting() + v5_request("127.0.0.1", tp))
        if s.recv(2) != b"\x05\x00" or read_v5_reply(s)[0] != 0:
            return "refused"
        s.sendall(b"hi")
        return read_to_close(s)[0].decode()
    except OSError:
        # Closed at once (a reset when the request arrives after that).
        return "refused"

# One running tunnel (held open, never shed), two stalled greetings.
busy = conn()
busy.sendall(v5_greeting() + v5_request("127.0.0.1", tp))
busy.recv(2)
read_v5_reply(busy)
stalled = [conn(), conn()]
stalled[0].sendall(b"\x05")
time.sleep(0.2)
print("young:", tunnel())
time.sleep(1.2)
print("old:", tunnel())
stalled[0].settimeout(5)
print("shed:", read_to_close(stalled[0])[1])
stalled.append(conn())
print("second:", tunnel())
print("next shed:", read_to_close(stalled[1])[1])
busy.sendall(b"still")
print("busy:", busy.recv(100).decode())
PYEOF
expect_eq "refused while all wait under a second" "$(sed -n 1p "$T/shed.out")" \
    "young: refused"
expect_eq "served once one waited over a second" "$(sed -n 2p "$T/shed.out")" \
    "old: echo:hi"
expect_eq "the longest waiting was closed" "$(sed -n 3p "$T/shed.out")" \
    "shed: True"
expect_eq "and the next one makes room too" "$(sed -n 4p "$T/shed.out")" \
    "second: echo:hi"
expect_eq "the next longest waiting was closed" "$(sed -n 5p "$T/shed.out")" \
    "next shed: True"
expect_eq "the tunnel runs on" "$(sed -n 6p "$T/shed.out")" "busy: echo:still"
wait_file_match "$T/access.log" "^SOCK5\|00401\|"
alive socks
