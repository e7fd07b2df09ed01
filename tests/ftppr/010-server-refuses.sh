# A server that refuses at its greeting (421) and one that answers USER
# with an 8 KiB line: the client gets the server's 421, or a 421 of ours,
# the records say 810 and 811, and the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
ftpd_start ftpd
ftppr_start ftppr
P421=$(free_port)
bg stub421 "$PY" "$ROOT/tests/ftppr/stub.py" --port "$P421" --mode greet421 \
    --log "$T/stub421.log"
PLONG=$(free_port)
bg stublong "$PY" "$ROOT/tests/ftppr/stub.py" --port "$PLONG" --mode longline \
    --log "$T/stublong.log"
wait_port "$P421"
wait_port "$PLONG"

"$PY" - "$FTPPR_PORT" "$P421" "$PLONG" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
for port in sys.argv[2:]:
    c = Chat(int(sys.argv[1]))
    c.reply()
    c.send(b"USER bob@127.0.0.1:" + port.encode() + b"\r\n")
    c.reply()
    c.send(b"PASS pw\r\n")
    print(c.reply())
    print("closed", c.closed())
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "421 Too many users, try later
closed True
421 Malformed reply from the server
closed True"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00810 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$P421 [0-9]+ [0-9]+ 0 bob@127\.0\.0\.1:$P421$"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00811 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$PLONG [0-9]+ [0-9]+ 0 bob@127\.0\.0\.1:$PLONG$"
expect_eq "two records" "$(wc -l <"$T/ftppr.log")" 2
good_session "refusing servers"
alive ftppr
