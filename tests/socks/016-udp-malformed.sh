# Broken datagrams are dropped one by one and the association lives on:
# FRAG 1, a 3-byte datagram, a name longer than the datagram, ATYP 9, a
# name that does not resolve, port 0; the valid datagram after each one is
# relayed.
. "$(dirname "$0")/../lib/lib.sh"
E=$(free_port)
bg echo "$PY" "$LIB/udpecho.py" --port "$E"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%E|%T'

out=$(SOCKS_PORT=$P "$PY" - "$E" <<'PYEOF'
import os, socket, struct, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
E = int(sys.argv[1])
s, rep = v5_open("0.0.0.0", 0, cmd=3)
relay = (rep[1], rep[2])
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(2)
good = udp_header("127.0.0.1", E)
# Wait for the echo server (started in the background) first.
for i in range(50):
    u.sendto(good + b"warm", relay)
    try:
        u.recvfrom(100)
        break
    except socket.timeout:
        pass
bad = [
    ("frag", udp_header("127.0.0.1", E, frag=1) + b"x"),
    ("short", b"\0\0\0"),
    ("namelen", b"\0\0\0\3\x40abc"),
    ("atyp9", b"\0\0\0\x09" + b"\0" * 8),
    ("nxdomain", udp_header("no-such-host.invalid", E) + b"x"),
    ("port0", udp_header("127.0.0.1", 0) + b"x"),
]
for name, d in bad:
    u.sendto(d, relay)
    u.sendto(good + name.encode(), relay)
    got = []
    end = time.monotonic() + 2
    while time.monotonic() < end:
        try:
            got.append(udp_parse(u.recvfrom(100)[0])[2])
        except socket.timeout:
            break
        if got[-1] == b"echo:" + name.encode():
            break
    print(name, got)
s.close()
PYEOF
)
expect_eq "malformed datagrams" "$(echo $out)" "frag [b'echo:frag'] short [b'echo:short'] namelen [b'echo:namelen'] atyp9 [b'echo:atyp9'] nxdomain [b'echo:nxdomain'] port0 [b'echo:port0']"
wait_file_match "$T/access.log" "^00000\|UDPMAP 127\.0\.0\.1:$E$"
alive socks
