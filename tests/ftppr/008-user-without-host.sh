# USER without a usable host and no -h: 530 or 501 with text, the client
# may try again, QUIT ends it with one record (802), and the process keeps
# serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
c = Chat(int(sys.argv[1]))
print(c.reply())
for arg in (b"alice", b"a@b@c:99999", b"@", b"a@:21", b"a@bad host",
            b"a@host:0", b"x" * 300 + b"@host.example"):
    c.send(b"USER " + arg + b"\r\n")
    print(c.reply())
c.send(b"PASS secret\r\n")
print(c.reply())
c.send(b"QUIT\r\n")
print(c.reply())
print("closed", c.closed())
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "220 Ready
530 Log in as USER name@host[:port]
501 Bad user name, host name or port in USER
501 Bad user name, host name or port in USER
501 Bad user name, host name or port in USER
501 Bad user name, host name or port in USER
501 Bad user name, host name or port in USER
501 Bad user name, host name or port in USER
503 Log in with USER first
221 Goodbye
closed True"
wait_file_match "$T/ftppr.log" "^[0-9]{12}\.[0-9]{3} $FTPPR_PORT 00802 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 $"
expect_eq "one record" "$(wc -l <"$T/ftppr.log")" 1
good_session "USER without host"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
alive ftppr
