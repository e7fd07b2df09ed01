# -hHOST:PORT names the server when USER gives a bare name; a USER with
# @host still wins.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dovecot.sh"
dovecot_start dove
P=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$P" -l"$T/pop3p.log" -h127.0.0.1:"$POP_PORT"

"$PY" - "$P" "$POP_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import poplib, sys
for user in ("bob", "bob@localhost:" + sys.argv[2]):
    c = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10)
    c.user(user)
    print(c.pass_("hunter2").decode(), c.stat())
    c.quit()
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "+OK Logged in. (0, 0)
+OK Logged in. (0, 0)"
wait_file_match "$T/pop3p.log" " $P 00000 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$POP_PORT [0-9]+ [0-9]+ 0 bob@127\.0\.0\.1:$POP_PORT$"
wait_file_match "$T/pop3p.log" " $P 00000 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$POP_PORT [0-9]+ [0-9]+ 0 bob@localhost:$POP_PORT$"
alive pop3p
