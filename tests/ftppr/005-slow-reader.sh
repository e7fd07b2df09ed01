# A slow reader loses nothing: the server finishes its RETR and sends 226
# while most of the file is still on its way, and ftppr forwards that 226
# only once the data connection has been delivered. The original cuts the
# data connection when the 226 arrives.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 8000000 /dev/urandom >"$T/root/big.bin"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" "$T" >"$T/client.out" <<'PYEOF' || fail "slow reader failed"
import ftplib, select, socket, sys, time
t = sys.argv[3]
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=20)
f.login("alice@127.0.0.1:%s" % sys.argv[2], "secret")
f.voidcmd("TYPE I")
host, port = ftplib.parse227(f.sendcmd("PASV"))
d = socket.socket()
d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
d.connect(("127.0.0.1", port))
print("start", f.sendcmd("RETR big.bin")[:3])
got = bytearray()
while len(got) < 262144:
    got += d.recv(65536)
# Wait (10 s at most) until the server says it has sent everything.
for i in range(200):
    with open(t + "/ftpd.log") as log:
        if "-> 226 " in log.read():
            break
    time.sleep(0.05)
else:
    print("server never finished")
    sys.exit(1)
r, _, _ = select.select([f.sock], [], [], 0.3)
print("226 early", bool(r), "after", len(got))
while True:
    b = d.recv(65536)
    if not b:
        break
    got += b
    time.sleep(0.002)
d.close()
print("end", f.voidresp())
open(t + "/got.bin", "wb").write(got)
f.quit()
PYEOF
expect_file_match "$T/client.out" "^start 1(25|50)$"
expect_file_match "$T/client.out" "^226 early False after [0-9]+$"
expect_file_match "$T/client.out" "^end 226 "
expect_eq "every byte before the 226" "$(sha "$T/got.bin")" "$(sha "$T/root/big.bin")"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
alive ftppr
