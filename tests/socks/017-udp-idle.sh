# An association nobody uses ends after TO_CONN_LONG (2 s here): the relay
# port is released, the TCP connection is closed, the record says 92.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%E|%O|%I|%T' \
    --timeouts=1,5,30,60,180,2

out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import os, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
s, rep = v5_open("0.0.0.0", 0, cmd=3)
t0 = time.monotonic()
got, closed = read_to_close(s, 6)
print(closed, 1.5 < time.monotonic() - t0 < 4, port_is_bound_udp(rep[2]))
PYEOF
)
expect_eq "idle association" "$(echo $out)" "True True False"
wait_file_match "$T/access.log" "^00092\|0\|0\|UDPMAP 0\.0\.0\.0:0$"
alive socks
