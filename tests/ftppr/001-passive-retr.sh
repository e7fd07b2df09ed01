# ftplib in passive mode through ftppr to pyftpdlib: LIST, a bare NLST (no
# argument), RETR of a 20 MB file with its sha256, and one access record
# with the user, the server, the byte counts and user@host:port.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 20000000 /dev/urandom >"$T/root/big.bin"
echo hello >"$T/root/a.txt"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" "$T" >"$T/client.out" <<'PYEOF' || fail "ftplib session failed"
import ftplib, sys
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=20)
print("welcome", f.getwelcome())
print("login", f.login("alice@127.0.0.1:%s" % sys.argv[2], "secret"))
lines = []
f.retrlines("LIST", lines.append)
print("list", sorted(l.split()[-1] for l in lines))
# ftplib sends NLST with no argument here: the original hangs on it.
print("nlst", sorted(f.nlst()))
with open(sys.argv[3] + "/got.bin", "wb") as out:
    print("retr", f.retrbinary("RETR big.bin", out.write, blocksize=65536))
print("quit", f.quit())
PYEOF
expect_file_match "$T/client.out" "^welcome 220 Ready$"
expect_file_match "$T/client.out" "^login 230 "
expect_file_match "$T/client.out" "^list \['a.txt', 'big.bin'\]$"
expect_file_match "$T/client.out" "^nlst \['a.txt', 'big.bin'\]$"
expect_file_match "$T/client.out" "^retr 226 "
expect_file_match "$T/client.out" "^quit 221 "
expect_eq "sha256 of RETR through ftppr" "$(sha "$T/got.bin")" \
    "$(sha "$T/root/big.bin")"

wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
expect_eq "one record" "$(wc -l <"$T/ftppr.log")" 1
rec=$(cat "$T/ftppr.log")
expect_match "record" "$rec" "^[0-9]{12}\.[0-9]{3} $FTPPR_PORT 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT [0-9]+ [0-9]+ 0 alice@127\.0\.0\.1:$FTPD_PORT$"
# %O then %I: bytes to the server (commands), from it (replies and data).
set -- $rec
[ "$7" -gt 50 ] && [ "$7" -lt 2000 ] || fail "%O $7: the commands only"
[ "$8" -ge 20000000 ] && [ "$8" -lt 20010000 ] || fail "%I $8: replies and data"
alive ftppr
