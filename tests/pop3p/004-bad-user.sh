# USER without a usable name@host (and no -h), a NUL inside it, an
# unresolvable host, a port nobody listens on: -ERR with text, one record
# each (615, 612, 100, 13), and the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dovecot.sh"
dovecot_start dove
P=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$P" -l"$T/pop3p.log"
DEAD=$(free_port)

"$PY" - "$P" "$DEAD" "$POP_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, poplib, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/pop3p")
from pop3chat import Chat
pp = int(sys.argv[1])
c = Chat(pp)
c.line()
for u in (b"alice", b"@", b"a@:110", b"a@b@c:99999", b"a@bad host", b"a@host:abc"):
    c.send(b"USER " + u + b"\r\n")
    print(c.line())
c.send(b"QUIT\r\n")
print(c.line())
c = Chat(pp)
c.line()
c.send(b"USER al\x00ice@127.0.0.1\r\n")
print(c.line())
c.send(b"QUIT\r\n")
print(c.line())
for target in (b"no-such-host.invalid", b"127.0.0.1:" + sys.argv[2].encode()):
    c = Chat(pp)
    c.line()
    c.send(b"USER bob@" + target + b"\r\n")
    print(c.line())
    print("closed", c.closed())
c = poplib.POP3("127.0.0.1", pp, timeout=10)
c.user("bob@127.0.0.1:" + sys.argv[3])
print("good", c.pass_("hunter2").decode())
c.quit()
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "-ERR Log in as USER name@host[:port]
-ERR Log in as USER name@host[:port]
-ERR Log in as USER name@host[:port]
-ERR Log in as USER name@host[:port]
-ERR Log in as USER name@host[:port]
-ERR Log in as USER name@host[:port]
+OK Bye
-ERR Bad command line
+OK Bye
-ERR Cannot resolve the server's name
closed True
-ERR Cannot connect to the server
closed True
good +OK Logged in."
wait_file_match "$T/pop3p.log" " $P 00615 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 $"
wait_file_match "$T/pop3p.log" " $P 00612 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 $"
wait_file_match "$T/pop3p.log" " $P 00100 bob 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 bob@no-such-host\.invalid$"
wait_file_match "$T/pop3p.log" " $P 00013 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$DEAD 0 0 0 bob@127\.0\.0\.1:$DEAD$"
wait_file_match "$T/pop3p.log" " $P 00000 bob "
expect_eq "five records" "$(wc -l <"$T/pop3p.log")" 5
alive pop3p
