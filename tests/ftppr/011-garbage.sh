# Garbage from clients: unknown and malformed commands get 500/530 with
# text, 64 KiB of random bytes and a 64 KiB line without CRLF end that
# session (the line cap is 4 KiB), a NUL inside USER is refused; one record
# per session, and the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
ftpd_start ftpd
ftppr_start ftppr
head -c 65536 /dev/urandom >"$T/random.bin"

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" "$T" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
pp, sp = int(sys.argv[1]), sys.argv[2].encode()
# A: garbage before and after the login.
c = Chat(pp)
c.reply()
for cmd in (b"XYZ", b"HELLO WORLD", b"\x01\x02", b"", b"USER", b"PASS x"):
    c.send(cmd + b"\r\n")
    print("A", c.reply())
c.send(b"USER alice@127.0.0.1:" + sp + b"\r\nPASS secret\r\n")
c.reply()
print("A", c.reply())
for cmd in (b"FOO bar", b"HELLO", b"\x7f"):
    c.send(cmd + b"\r\n")
    print("A", c.reply())
c.send(b"QUIT\r\n")
print("A", c.reply())
# B: 64 KiB of random bytes.
c = Chat(pp)
c.reply()
try:
    c.send(open(sys.argv[3] + "/random.bin", "rb").read())
except OSError:
    pass
print("B closed", c.closed())
# C: one 64 KiB line without CRLF.
c = Chat(pp)
c.reply()
try:
    c.send(b"A" * 65536)
except OSError:
    pass
print("C", c.reply())
print("C closed", c.closed())
# D: a NUL inside USER.
c = Chat(pp)
c.reply()
c.send(b"USER al\x00ice@127.0.0.1:" + sp + b"\r\n")
print("D", c.reply())
c.send(b"QUIT\r\n")
print("D", c.reply())
PYEOF
expect_eq "replies" "$(grep -v '^B' "$T/client.out")" "A 530 Log in with USER name@host[:port] and PASS
A 500 Syntax error, command unrecognized
A 500 Syntax error, command unrecognized
A 500 Syntax error, command unrecognized
A 501 Send USER name@host[:port]
A 503 Log in with USER first
A 230 Login successful.
A 500 Command \"FOO\" not understood.
A 500 Syntax error, command unrecognized
A 500 Syntax error, command unrecognized
A 221 Goodbye.
C 500 Command line too long
C closed True
D 500 Syntax error, command unrecognized
D 221 Goodbye"
expect_file_match "$T/client.out" "^B closed True$"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT .* alice@127\.0\.0\.1:$FTPD_PORT$"
expect_eq "B, C, D: 803 each" "$(grep -c " $FTPPR_PORT 00803 - 127\.0\.0\.1:[0-9]* 0\.0\.0\.0:0 0 0 0 $" "$T/ftppr.log")" 3
expect_eq "four records" "$(wc -l <"$T/ftppr.log")" 4
good_session "garbage"
alive ftppr
