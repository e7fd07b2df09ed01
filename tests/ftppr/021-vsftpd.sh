# Against vsftpd (anonymous, read-only): passive and active RETR with sha256,
# LIST and bare NLST. vsftpd answers 150 before it opens the data
# connection and sends 226 only after it.
. "$(dirname "$0")/../lib/lib.sh"
need /usr/sbin/vsftpd
getent passwd ftp >/dev/null || skip "no ftp user for vsftpd"
[ "$(id -u)" = 0 ] || skip "vsftpd needs root to start"
mkdir -p "$T/pub" "$T/empty"
chmod 755 "$T" "$T/pub" "$T/empty"
head -c 10000000 /dev/urandom >"$T/pub/big.bin"
echo hello >"$T/pub/a.txt"
chmod 644 "$T/pub/big.bin" "$T/pub/a.txt"
VPORT=$(free_port)
cat >"$T/vsftpd.conf" <<CFEOF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$VPORT
background=NO
anonymous_enable=YES
no_anon_password=YES
anon_root=$T/pub
local_enable=NO
write_enable=NO
ftp_username=ftp
secure_chroot_dir=$T/empty
seccomp_sandbox=NO
connect_from_port_20=NO
pasv_enable=YES
port_enable=YES
xferlog_enable=NO
vsftpd_log_file=$T/vsftpd.log
CFEOF
bg vsftpd /usr/sbin/vsftpd "$T/vsftpd.conf"
wait_port "$VPORT"
FTPPR_PORT=$(free_port)
run_module ftppr ftppr -i127.0.0.1 -p"$FTPPR_PORT" -l"$T/ftppr.log"

"$PY" - "$FTPPR_PORT" "$VPORT" "$T" >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, sys
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=20)
print("login", f.login("anonymous@127.0.0.1:" + sys.argv[2], "x@y")[:3])
print("nlst", sorted(f.nlst()))
lines = []
f.retrlines("LIST", lines.append)
print("list", len(lines))
for passive in (True, False):
    f.set_pasv(passive)
    with open(sys.argv[3] + "/got-%s" % passive, "wb") as out:
        print("retr", passive, f.retrbinary("RETR big.bin", out.write)[:3])
print("quit", f.quit()[:3])
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "login 230
nlst ['a.txt', 'big.bin']
list 2
retr True 226
retr False 226
quit 221"
for m in True False; do
	expect_eq "RETR from vsftpd ($m)" "$(sha "$T/got-$m")" "$(sha "$T/pub/big.bin")"
done
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 anonymous 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$VPORT [0-9]+ 200[0-9]{5} 0 anonymous@127\.0\.0\.1:$VPORT$"
alive ftppr
