# A transfer the server refuses (RETR of a missing file, LIST of a missing
# directory, STOR where writing is not allowed) passes the server's 550 on
# in passive and active mode, closes the data connection, and the session
# goes on with a good transfer.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
echo hello >"$T/root/a.txt"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, io, sys
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=10)
f.login("anonymous@127.0.0.1:" + sys.argv[2], "x@y")
for passive in (True, False):
    f.set_pasv(passive)
    for call in (lambda: f.retrbinary("RETR missing.bin", print),
                 lambda: f.retrlines("LIST /missing", print),
                 lambda: f.storbinary("STOR new.bin", io.BytesIO(b"x"))):
        try:
            call()
        except ftplib.error_perm as e:
            print(passive, str(e)[:3])
    print(passive, f.nlst())
f.quit()
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "True 550
True 550
True 550
True ['a.txt']
False 550
False 550
False 550
False ['a.txt']"
[ -e "$T/root/new.bin" ] && fail "anonymous STOR stored a file"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 anonymous "
alive ftppr
