# BIND without a peer: after the wait (TO_CONN_LONG, 2 s here) the second
# reply is a failure (05 01) and the connection closes, record 460. A client
# that leaves during the wait also ends it (460) and frees the port.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%N|%E|%T' \
    --timeouts=1,5,30,60,180,2

out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import socket, sys, time
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
s, rep = v5_open("0.0.0.0", 0, cmd=2)
t0 = time.monotonic()
got, closed = read_to_close(s, 6)
print(rep[0], got.hex(), closed, 1.5 < time.monotonic() - t0 < 4)
s, rep = v5_open("0.0.0.0", 0, cmd=2)
s.close()
# The port closes as soon as socks sees the client go (poll, 2 s at most).
state = "still-listening"
end = time.monotonic() + 2
while time.monotonic() < end:
    try:
        socket.create_connection((rep[1], rep[2]), timeout=1).close()
    except OSError:
        state = "port-closed"
        break
    time.sleep(0.05)
print(state)
PYEOF
)
expect_eq "BIND timeout" "$(echo $out)" "0 05010001000000000000 True True port-closed"
wait_file_match "$T/access.log" "^SOCK5\|00460\|BIND 0\.0\.0\.0:0$"
expect_eq "records" "$(grep -c 00460 "$T/access.log")" 2
alive socks
