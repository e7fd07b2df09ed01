# Garbage from clients: a 600-byte command line (RFC 2449 allows 255), 64 KiB
# of random bytes, a client that connects and closes at once, and 100,000
# NOOPs before USER (20 are answered): -ERR with text or a clean close, one
# record each, and the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dovecot.sh"
dovecot_start dove
P=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$P" -l"$T/pop3p.log"
head -c 65536 /dev/urandom >"$T/random.bin"

"$PY" - "$P" "$POP_PORT" "$T" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, poplib, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/pop3p")
from pop3chat import Chat
pp = int(sys.argv[1])
c = Chat(pp)
c.line()
c.send(b"USER " + b"a" * 595 + b"\r\n")
print("long", c.line(), c.closed())
c = Chat(pp)
c.line()
try:
    c.send(open(sys.argv[3] + "/random.bin", "rb").read())
except OSError:
    pass
print("random closed", c.closed())
socket.create_connection(("127.0.0.1", pp)).close()
c = Chat(pp)
c.line()
try:
    c.send(b"NOOP\r\n" * 100000)
except OSError:
    pass
replies = []
try:
    while True:
        replies.append(c.line())
except (EOFError, ConnectionResetError):
    pass
print("flood", len(replies), replies[-1])
c = poplib.POP3("127.0.0.1", pp, timeout=10)
c.user("bob@127.0.0.1:" + sys.argv[2])
print("good", c.pass_("hunter2").decode())
c.quit()
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "long -ERR Line too long True
random closed True
flood 21 -ERR Too many commands
good +OK Logged in."
wait_file_match "$T/pop3p.log" " $P 00000 bob "
expect_eq "five records" "$(wc -l <"$T/pop3p.log")" 5
expect_match "the long line: 612" "$(head -1 "$T/pop3p.log")" " $P 00612 - "
expect_eq "long, random, silent, flood: 612 or 614" \
    "$(grep -Ec " $P 0061[24] - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 $" "$T/pop3p.log")" 4
alive pop3p
