# The server's greeting decides: "-ERR" refuses (622), a greeting longer
# than 512 bytes is refused (622), a server that closes without one gives
# 621, and pop3p pointed at itself sees its own "+OK Proxy" and stops the
# loop at once (622). The client gets -ERR with text each time.
. "$(dirname "$0")/../lib/lib.sh"
script stub.py <<'PYEOF'
import socket, sys, threading
greeting = {"err": b"-ERR go away\r\n", "long": b"+OK " + b"x" * 600 + b"\r\n",
            "close": b""}[sys.argv[2]]
s = socket.create_server(("127.0.0.1", int(sys.argv[1])))
while True:
    c, _ = s.accept()
    c.sendall(greeting)
    c.close()
PYEOF
for m in err long close; do
	port=$(free_port)
	bg "stub$m" "$PY" "$T/stub.py" "$port" "$m"
	wait_port "$port"
	eval "PORT_$m=$port"
done
P=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$P" -l"$T/pop3p.log"

"$PY" - "$P" "$PORT_err" "$PORT_long" "$PORT_close" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/pop3p")
from pop3chat import Chat
pp = int(sys.argv[1])
for port in sys.argv[2:] + [sys.argv[1]]:
    c = Chat(pp)
    c.line()
    t0 = time.time()
    c.send(b"USER alice@127.0.0.1:" + port.encode() + b"\r\n")
    print(c.line(), c.closed(), time.time() - t0 < 1)
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "-ERR The server refused the connection True True
-ERR Bad greeting from the server True True
-ERR The server closed the connection True True
-ERR Proxy loop: the server is this gateway True True"
wait_file_match "$T/pop3p.log" " $P 00622 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$PORT_err 0 14 0 alice@127\.0\.0\.1:$PORT_err$"
wait_file_match "$T/pop3p.log" " $P 00622 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$PORT_long "
wait_file_match "$T/pop3p.log" " $P 00621 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$PORT_close "
wait_file_match "$T/pop3p.log" " $P 00622 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$P 0 11 0 alice@127\.0\.0\.1:$P$"
# The inner session of the loop never got a USER: 614.
wait_file_match "$T/pop3p.log" " $P 00614 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 $"
alive pop3p
