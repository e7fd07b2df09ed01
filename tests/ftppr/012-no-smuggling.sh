# Embedded CR, NUL or CRLF can never carry a second command to the server:
# a line with a control byte is refused whole (500), lines after a CRLF are
# commands of their own and judged as such. The server never sees DELE.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
echo keep >"$T/root/a.txt"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
pp, sp = int(sys.argv[1]), sys.argv[2].encode()
c = Chat(pp)
c.reply()
# Before the login: USER with an embedded CR, then USER and DELE on two
# lines (the second is a command of its own, refused before login).
c.send(b"USER alice@127.0.0.1:" + sp + b"\rDELE a.txt\r\n")
print(c.reply())
c.send(b"USER a\r\nDELE x@127.0.0.1:" + sp + b"\r\n")
print(c.reply())
print(c.reply())
c.send(b"USER alice@127.0.0.1:" + sp + b"\r\nPASS secret\r\n")
print(c.reply())
print(c.reply())
# After it: CR, NUL and a bare LF inside a line.
for cmd in (b"NOOP\rDELE a.txt", b"RETR x\x00DELE a.txt", b"CWD /\x0bDELE a.txt",
            b"SITE \xff\xf4DELE a.txt\r"):
    c.send(cmd + b"\r\n")
    print(c.reply())
c.send(b"NOOP\r\n")
print(c.reply())
c.send(b"QUIT\r\n")
print(c.reply())
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "500 Syntax error, command unrecognized
530 Log in as USER name@host[:port]
530 Log in with USER name@host[:port] and PASS
331 Password required
230 Login successful.
500 Syntax error, command unrecognized
500 Syntax error, command unrecognized
500 Syntax error, command unrecognized
500 Syntax error, command unrecognized
200 I successfully did nothing'.
221 Goodbye."
grep -q "DELE" "$T/ftpd.log" && fail "DELE reached the server"
expect_eq "the file is still there" "$(cat "$T/root/a.txt")" keep
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
alive ftppr
