# -e127.0.0.5: CONNECT leaves from 127.0.0.5 (the target sees it, the reply
# names it), BIND listens there, UDP datagrams leave from there. -Ne and
# -Ni replace the address in BIND and UDP ASSOCIATE replies, the ports stay
# the real, reachable ones. With an -e address this host does not have,
# CONNECT, BIND and UDP ASSOCIATE all fail (REP 1, error 12): the
# association was granted and then dropped every datagram.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port); N=$(free_port)
run_module ext socks -i127.0.0.1 -p"$P" -e127.0.0.5
run_module nat socks -i127.0.0.1 -p"$N" -Ne192.0.2.7 -Ni198.51.100.9

out=$("$PY" - "$P" "$N" <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
P, N = int(sys.argv[1]), int(sys.argv[2])
l = socket.socket()
l.bind(("127.0.0.1", 0))
l.listen(4)
l.settimeout(5)
s, rep = v5_open("127.0.0.1", l.getsockname()[1], port_=P)
c, peer = l.accept()
print("connect", peer[0], rep == (0, peer[0], peer[1]))
s, rep = v5_open("0.0.0.0", 0, cmd=2, port_=P)
print("bind", rep[0], rep[1])
peer = socket.create_connection((rep[1], rep[2]), timeout=5)
print(read_v5_reply(s)[0])
# UDP: an echo in this process reports the source it saw.
e = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
e.bind(("127.0.0.1", 0))
e.settimeout(5)
s, rep = v5_open("0.0.0.0", 0, cmd=3, port_=P)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(udp_header("127.0.0.1", e.getsockname()[1]) + b"x", (rep[1], rep[2]))
print("udp-source", e.recvfrom(100)[1][0])
# -Ne for BIND, -Ni for UDP ASSOCIATE; the ports are real.
s, rep = v5_open("0.0.0.0", 0, cmd=2, port_=N)
peer = socket.create_connection(("127.0.0.1", rep[2]), timeout=5)
print("nat-bind", rep[1], read_v5_reply(s)[0])
s, rep = v5_open("0.0.0.0", 0, cmd=3, port_=N)
print("nat-udp", rep[1], port_is_bound_udp(rep[2]))
PYEOF
)
expect_eq "-e, -Ne, -Ni" "$(echo $out)" "connect 127.0.0.5 True bind 0 127.0.0.5 0 udp-source 127.0.0.5 nat-bind 192.0.2.7 0 nat-udp 198.51.100.9 True"
alive ext; alive nat
B=$(free_port)
run_module badext socks -i127.0.0.1 -p"$B" -e192.0.2.1 -l"$T/bad.log" \
    -f'L%E|%T'
expect_eq "unusable -e" "$(SOCKS_PORT=$B "$PY" - <<'PYEOF'
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
print(" ".join(str(v5_open("127.0.0.1", 9, cmd=c)[1][0]) for c in (1, 2, 3)))
PYEOF
)" "1 1 1"
wait_file_match "$T/bad.log" '^00012\|UDPMAP '
alive badext
