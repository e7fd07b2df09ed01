# ftplib in active mode (PORT) through ftppr: the proxy connects back to the
# client's port for LIST, bare NLST and a 20 MB RETR (sha256), while it
# always uses passive mode toward the server.
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
f.login("alice@127.0.0.1:%s" % sys.argv[2], "secret")
f.set_pasv(False)
print("port", f.sendport("127.0.0.1", 40000))
lines = []
f.retrlines("LIST", lines.append)
print("list", sorted(l.split()[-1] for l in lines))
print("nlst", sorted(f.nlst()))
with open(sys.argv[3] + "/got.bin", "wb") as out:
    print("retr", f.retrbinary("RETR big.bin", out.write, blocksize=65536))
print("quit", f.quit())
PYEOF
expect_file_match "$T/client.out" "^port 200 PORT command successful$"
expect_file_match "$T/client.out" "^list \['a.txt', 'big.bin'\]$"
expect_file_match "$T/client.out" "^nlst \['a.txt', 'big.bin'\]$"
expect_file_match "$T/client.out" "^retr 226 "
expect_file_match "$T/client.out" "^quit 221 "
expect_eq "sha256 of active RETR" "$(sha "$T/got.bin")" "$(sha "$T/root/big.bin")"
# The server saw passive data connections only (EPSV), never PORT.
expect_file_match "$T/ftpd.log" "EPSV"
grep -q '"PORT\|PORT ' "$T/ftpd.log" && fail "PORT reached the server"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT [0-9]+ 2000[0-9]{4} 0 alice@127\.0\.0\.1:$FTPD_PORT$"
alive ftppr
