# BIND for peer 127.0.0.3: a connection from 127.0.0.2 is closed and the
# wait goes on (it cannot steal or kill the BIND); the one from 127.0.0.3
# gets through and is named in the second reply.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%N|%E|%R|%T'

out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import socket, sys
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
s, rep = v5_open("127.0.0.3", 7, cmd=2)
print(rep[0])
bad = socket.socket()
bad.settimeout(5)
bad.bind(("127.0.0.2", 0))
bad.connect((rep[1], rep[2]))
print("stranger", read_to_close(bad, 5)[1])
s.settimeout(0.3)
try:
    print("early", s.recv(100))
except socket.timeout:
    print("no-second-reply")
good = socket.socket()
good.settimeout(5)
good.bind(("127.0.0.3", 0))
good.connect((rep[1], rep[2]))
print(read_v5_reply(s) == (0, "127.0.0.3", good.getsockname()[1]))
good.sendall(b"ok")
print(read_exact(s, 2).decode())
PYEOF
)
expect_eq "BIND with a stranger first" "$(echo $out)" \
    "0 stranger True no-second-reply True ok"
wait_file_match "$T/access.log" "^SOCK5\|00000\|127\.0\.0\.3\|BIND 127\.0\.0\.3:7$"
alive socks
