# -hHOST:PORT gives the server when USER names none (USER alice); a USER
# naming a host still wins. Without -h, OPEN host:port does the same.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
echo hello >"$T/root/a.txt"
ftpd_start ftpd
ftppr_start ftppr -h127.0.0.1:"$FTPD_PORT"
P1=$FTPPR_PORT
ftppr_start ftppr2
P2=$FTPPR_PORT

"$PY" - "$P1" "$P2" "$FTPD_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
p1, p2, sp = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
f = ftplib.FTP()
f.connect("127.0.0.1", p1, timeout=10)
print("default", f.login("alice", "secret"), f.nlst())
f.quit()
f = ftplib.FTP()
f.connect("127.0.0.1", p1, timeout=10)
print("named", f.login("alice@localhost:" + sp, "secret"), f.nlst())
f.quit()
c = Chat(p2)
c.reply()
c.send(b"OPEN 127.0.0.1:" + sp.encode() + b"\r\n")
print("open", c.reply())
c.send(b"USER alice\r\n")
print("open", c.reply())
c.send(b"PASS secret\r\n")
print("open", c.reply())
c.send(b"QUIT\r\n")
print("open", c.reply())
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "default 230 Login successful. ['a.txt']
named 230 Login successful. ['a.txt']
open 220 Send USER name
open 331 Password required
open 230 Login successful.
open 221 Goodbye."
wait_file_match "$T/ftppr.log" " $P1 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT [0-9]+ [0-9]+ 0 alice@127\.0\.0\.1:$FTPD_PORT$"
wait_file_match "$T/ftppr.log" " $P1 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT [0-9]+ [0-9]+ 0 alice@localhost:$FTPD_PORT$"
wait_file_match "$T/ftppr2.log" " $P2 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT [0-9]+ [0-9]+ 0 alice@127\.0\.0\.1:$FTPD_PORT$"
alive ftppr
alive ftppr2
