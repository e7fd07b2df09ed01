# A wrong password: the server's own -ERR reaches the client; the next
# session with the right one works.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dovecot.sh"
dovecot_start dove
P=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$P" -l"$T/pop3p.log"

"$PY" - "$P" "$POP_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import poplib, sys
pp, sp = int(sys.argv[1]), int(sys.argv[2])
c = poplib.POP3("127.0.0.1", pp, timeout=10)
c.user("bob@127.0.0.1:%d" % sp)
try:
    c.pass_("wrong")
except poplib.error_proto as e:
    print("wrong", e.args[0].decode())
c.close()
c = poplib.POP3("127.0.0.1", pp, timeout=10)
c.user("bob@127.0.0.1:%d" % sp)
print("right", c.pass_("hunter2").decode(), c.stat())
c.quit()
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "wrong -ERR [AUTH] Authentication failed.
right +OK Logged in. (0, 0)"
wait_file_match "$T/pop3p.log" " $P 00000 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$POP_PORT [0-9]+ [0-9]+ 0 bob@127\.0\.0\.1:$POP_PORT$"
alive pop3p
