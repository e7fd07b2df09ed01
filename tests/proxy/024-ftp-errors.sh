# ftp:// failures: a refused login is a 401 with WWW-Authenticate, a missing
# file a 404, and CR/LF/NUL smuggled into the path or user a 400 before any
# FTP connection is made. A 0xFF byte (%ff) in a name goes to the server
# doubled, as Telnet wants on the control connection (it went raw, so
# %ff%f4 sent IAC IP).
. "$(dirname "$0")/common.sh"
. "$HERE/ftpserver.sh"
need curl
mkdir -p "$T/ftp"
start_ftp "$T/ftp"
start_stub noftp
start_proxy
curl -s -i -x "127.0.0.1:$PP" "ftp://bob:wrong@127.0.0.1:$FTP_PORT/x" \
    -o "$T/401.txt"
expect_eq "bad login" "$(status_of "$(cat "$T/401.txt")")" 401
expect_file_match "$T/401.txt" '^WWW-Authenticate: Basic realm="FTP Server"'
curl -s -i -x "127.0.0.1:$PP" "ftp://bob:pw@127.0.0.1:$FTP_PORT/nope" \
    -o "$T/404.txt"
expect_eq "missing file" "$(status_of "$(cat "$T/404.txt")")" 404
for u in "ftp://127.0.0.1:$STUB_PORT/a%0d%0aDELE%20x" \
    "ftp://127.0.0.1:$STUB_PORT/a%0aDELE" "ftp://u%00x:p@127.0.0.1:$STUB_PORT/a" \
    "ftp://u%0d%0aDELE:p@127.0.0.1:$STUB_PORT/a"; do
	printf 'GET %s HTTP/1.1\r\nHost: x\r\n\r\n' "$u" | raw >"$T/inj.txt"
	expect_eq "injection $u" "$(status_of "$(cat "$T/inj.txt")")" 400
done
expect_eq "no FTP connection made" "$(wc -c <"$T/noftp.rec")" 0
wait_file_match "$T/access.log" ' 00799 '
expect_match "401 record" "$(log_line 1)" " 00701 - .* GET ftp://bob@127\.0\.0\.1:$FTP_PORT/x HTTP/1\.1\$"
expect_match "404 record" "$(log_line 2)" " 00780 - .* GET ftp://bob@127\.0\.0\.1:$FTP_PORT/nope HTTP/1\.1\$"
# iacftp.py PORT LOG: an FTP server that logs each command line as
# received (repr of the bytes) and refuses RETR and CWD.
script iacftp.py <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/proxy")
from threadsrv import serve
log = open(sys.argv[2], "a")
def answer(c, _):
    f = c.makefile("rb")
    c.sendall(b"220 hi\r\n")
    data = None
    for line in f:
        log.write(repr(line) + "\n")
        log.flush()
        verb = line[:4].upper()
        if verb == b"USER":
            c.sendall(b"331 pw\r\n")
        elif verb == b"PASS":
            c.sendall(b"230 ok\r\n")
        elif verb == b"TYPE":
            c.sendall(b"200 ok\r\n")
        elif verb == b"EPSV":
            data = socket.socket()
            data.bind(("127.0.0.1", 0))
            data.listen(1)
            c.sendall(b"229 ok (|||%d|)\r\n" % data.getsockname()[1])
        elif verb == b"QUIT":
            c.sendall(b"221 bye\r\n")
            break
        else:
            c.sendall(b"550 no\r\n")
    c.close()
serve(answer)
PYEOF
I=$(free_port)
bg iacftp "$PY" "$T/iacftp.py" "$I" "$T/iac.log"
wait_file_match "$T/iacftp.out" '^ready$'
printf 'GET ftp://127.0.0.1:%s/a%%ff%%f4b HTTP/1.1\r\nHost: x\r\n\r\n' "$I" |
    raw --timeout 3 >"$T/iac.txt"
expect_eq "the refused file" "$(status_of "$(cat "$T/iac.txt")")" 404
expect_file_match "$T/iac.log" "^b'RETR a\\\\xff\\\\xff\\\\xf4b\\\\r\\\\n'$"
alive proxy
