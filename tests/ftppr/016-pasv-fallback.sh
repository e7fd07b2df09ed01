# A server without EPSV whose 227 names another address (10.0.0.3): ftppr
# falls back to PASV, connects to the control server's address only
# (RFC 2577), and passive and active transfers both work.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 2000000 /dev/urandom >"$T/root/f.bin"
ftpd_start ftpd --no-epsv --masquerade 10.0.0.3
ftppr_start ftppr

ftppr_client >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, sys
print("pasv", f.sendcmd("PASV").split("(")[1][:9])
for passive in (True, False, True):
    f.set_pasv(passive)
    with open(sys.argv[3] + "/got-%s" % passive, "wb") as out:
        print("retr", passive, f.retrbinary("RETR f.bin", out.write))
f.quit()
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "pasv 127,0,0,1
retr True 226 Transfer complete.
retr False 226 Transfer complete.
retr True 226 Transfer complete."
for m in True False; do
	expect_eq "RETR ($m)" "$(sha "$T/got-$m")" "$(sha "$T/root/f.bin")"
done
# EPSV was tried once, then PASV for every data connection.
expect_eq "EPSV tried once" "$(grep -c '<- EPSV' "$T/ftpd.log")" 1
expect_eq "PASV each time" "$(grep -c '<- PASV' "$T/ftpd.log")" 4
expect_file_match "$T/ftpd.log" "-> 227 Entering passive mode \(10,0,0,3,"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
alive ftppr
