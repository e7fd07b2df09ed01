# IPv6 on both sides: ftplib to ftppr on ::1 uses EPSV and EPRT; the server
# (pyftpdlib on ::1) is named as [::1]:port. PASV, which cannot carry an
# IPv6 address, gets a clear 425.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
"$PY" -c "import socket; socket.create_server(('::1', 0), family=socket.AF_INET6)" \
    2>/dev/null || skip "no IPv6 loopback"
mkdir -p "$T/root"
head -c 5000000 /dev/urandom >"$T/root/big.bin"
ftpd_start ftpd --host ::1
FTPPR_PORT=$(free_port)
run_module ftppr ftppr -i::1 -p"$FTPPR_PORT" -l"$T/ftppr.log"

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" "$T" >"$T/client.out" <<'PYEOF' || fail "ftplib session failed"
import ftplib, sys
t = sys.argv[3]
f = ftplib.FTP()
f.connect("::1", int(sys.argv[1]), timeout=20)
print("login", f.login("alice@[::1]:%s" % sys.argv[2], "secret"))
try:
    f.sendcmd("PASV")
except ftplib.error_temp as e:
    print("pasv", e)
print("nlst", f.nlst())
with open(t + "/p.bin", "wb") as out:
    print("epsv", f.retrbinary("RETR big.bin", out.write))
f.set_pasv(False)
with open(t + "/a.bin", "wb") as out:
    print("eprt", f.retrbinary("RETR big.bin", out.write))
print("quit", f.quit())
PYEOF
expect_file_match "$T/client.out" "^login 230 "
expect_file_match "$T/client.out" "^pasv 425 PASV is IPv4 only; use EPSV$"
expect_file_match "$T/client.out" "^nlst \['big.bin'\]$"
expect_file_match "$T/client.out" "^epsv 226 "
expect_file_match "$T/client.out" "^eprt 226 "
expect_eq "RETR over EPSV" "$(sha "$T/p.bin")" "$(sha "$T/root/big.bin")"
expect_eq "RETR over EPRT" "$(sha "$T/a.bin")" "$(sha "$T/root/big.bin")"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice ::1:[0-9]+ ::1:$FTPD_PORT [0-9]+ [0-9]+ 0 alice@\[::1\]:$FTPD_PORT$"
alive ftppr
