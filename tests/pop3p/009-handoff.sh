# Local redirection: a client accepted elsewhere arrives on pop3p's
# hand-off socket with the server it asked for and a command it already
# sent (CAPA). pop3p connects there and relays everything, the server's
# greeting first; the record names the origin (port 1080, one hop).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dovecot.sh"
need cc
dovecot_start dove
cc -D_GNU_SOURCE -I"$ROOT/common" -o "$T/sendho" "$ROOT/tests/ftppr/sendho.c" \
    "$ROOT/common/handoff.c" "$ROOT/common/msg.c" "$ROOT/common/net.c" \
    "$ROOT/common/compat.c" || fail "cannot build sendho"
P=$(free_port)

"$PY" - "$P" "$POP_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, socket, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
sys.path.insert(0, os.environ["ROOT"] + "/tests/pop3p")
from hotest import start_module, hand
from pop3chat import Chat
T = os.environ["T"]
proc, sock = start_module("pop3p", ["-i127.0.0.1", "-p" + sys.argv[1],
                          "-l" + T + "/pop3p.log"], T + "/pop3p.err")
origin = socket.create_server(("127.0.0.1", 0))
c = Chat(origin.getsockname()[1])
conn, _ = origin.accept()
hand(sock, conn, 3, "127.0.0.1", sys.argv[2], "proxyuser", "", "CAPA\r\n")
print(c.line())
print(c.multi().split("|")[0])
c.send(b"USER bob\r\nPASS hunter2\r\nSTAT\r\nQUIT\r\n")
for i in range(4):
    print(c.line())
print("closed", c.closed())
c.s.close()
for i in range(100):
    if os.path.getsize(T + "/pop3p.log") > 0:
        break
    time.sleep(0.05)
proc.terminate()
proc.wait(10)
PYEOF
expect_eq "client" "$(cat "$T/client.out")" "+OK Dovecot (Debian) ready.
+OK
+OK
+OK Logged in.
+OK 0 0
+OK Logging out.
closed True"
expect_file_match "$T/pop3p.log" "^[0-9]{12}\.[0-9]{3} 1080 00000 proxyuser 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$POP_PORT [0-9]+ [0-9]+ 1 127\.0\.0\.1:$POP_PORT$"
