# Hostile servers: a multi-line greeting that never ends is cut after the
# reply timeout (here 2 s) with 421 and record 812; a 229 with port 0 and a
# malformed 227 give the client's PASV and EPSV a 425, and the session
# goes on.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
ftpd_start ftpd
PEND=$(free_port)
bg stubend "$PY" "$ROOT/tests/ftppr/stub.py" --port "$PEND" --mode endless \
    --log "$T/stubend.log"
PBAD=$(free_port)
bg stubbad "$PY" "$ROOT/tests/ftppr/stub.py" --port "$PBAD" --mode badpasv \
    --log "$T/stubbad.log"
wait_port "$PEND"
wait_port "$PBAD"
ftppr_start ftppr --timeouts=1,5,30,2

"$PY" - "$FTPPR_PORT" "$PEND" "$PBAD" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
pp = int(sys.argv[1])
c = Chat(pp)
c.reply()
c.send(b"USER bob@127.0.0.1:" + sys.argv[2].encode() + b"\r\nPASS x\r\n")
c.reply()
t0 = time.time()
print("endless", c.reply())
print("within", time.time() - t0 < 4, "closed", c.closed())
c = Chat(pp)
c.reply()
c.send(b"USER bob@127.0.0.1:" + sys.argv[3].encode() + b"\r\nPASS x\r\n")
c.reply()
print("bad", c.reply())
for cmd in (b"PASV", b"EPSV", b"PORT 127,0,0,1,200,1", b"NLST", b"NOOP", b"QUIT"):
    c.send(cmd + b"\r\n")
    print("bad", c.reply())
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "endless 421 The server did not answer in time
within True closed True
bad 230 logged in
bad 425 The server refused a passive data connection
bad 425 The server refused a passive data connection
bad 425 The server refused a passive data connection
bad 425 Use PASV, EPSV, PORT or EPRT first
bad 200 ok
bad 221 bye"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00812 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$PEND [0-9]+ [0-9]+ 0 bob@127\.0\.0\.1:$PEND$"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 bob 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$PBAD "
# The stub saw EPSV twice (the second got 500), then PASV only, and never
# NLST (no data connection existed).
expect_eq "the stub's commands" "$(cat "$T/stubbad.log")" "USER bob
PASS x
EPSV
EPSV
PASV
PASV
NOOP
QUIT"
good_session "hostile servers"
alive ftppr
