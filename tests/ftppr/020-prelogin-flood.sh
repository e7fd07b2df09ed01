# A flood of commands before the login: 20 are answered, then 421 and the
# connection closes (record 803); the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
c = Chat(int(sys.argv[1]))
c.reply()
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
print(len(replies), replies.count("200 NOOP ok"), replies[-1])
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "21 20 421 Too many commands before login"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00803 - "
good_session "a command flood"
alive ftppr
