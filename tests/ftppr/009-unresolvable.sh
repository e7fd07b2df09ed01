# A server name that does not resolve, and a port nobody listens on: after
# PASS the client gets 421 with text, the record says 100 or 13 with
# user@host:port, and the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
ftpd_start ftpd
ftppr_start ftppr
DEAD=$(free_port)

"$PY" - "$FTPPR_PORT" "$DEAD" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
for target in ("no-such-host.invalid", "127.0.0.1:" + sys.argv[2]):
    c = Chat(int(sys.argv[1]))
    c.reply()
    c.send(b"USER bob@" + target.encode() + b"\r\n")
    print(c.reply())
    c.send(b"PASS pw\r\n")
    print(c.reply())
    print("closed", c.closed())
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "331 Password required
421 Cannot resolve the server's name
closed True
331 Password required
421 Cannot connect to the server
closed True"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00100 bob 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 bob@no-such-host\.invalid$"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00013 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$DEAD 0 0 0 bob@127\.0\.0\.1:$DEAD$"
expect_eq "two records" "$(wc -l <"$T/ftppr.log")" 2
good_session "unresolvable host"
alive ftppr
