# Clients that vanish: one closes right after connecting, one resets both
# its connections in the middle of a passive 20 MB RETR, one closes its
# control connection during an active RETR. One record each, no descriptor
# left behind, and the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 20000000 /dev/urandom >"$T/root/big.bin"
ftpd_start ftpd
ftppr_start ftppr
# A first session warms the relay's pipe pool up: descriptors it keeps.
good_session "warm-up"
wait_file_match "$T/ftppr.log" " 00000 alice "
: >"$T/ftppr.log"
fds_before=$(ls "/proc/$PID_ftppr/fd" | wc -l)

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, socket, struct, sys
pp, sp = int(sys.argv[1]), sys.argv[2]
socket.create_connection(("127.0.0.1", pp)).close()

def rst(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()

for passive in (True, False):
    f = ftplib.FTP()
    f.connect("127.0.0.1", pp, timeout=10)
    f.login("alice@127.0.0.1:" + sp, "secret")
    f.set_pasv(passive)
    d = f.transfercmd("RETR big.bin")
    got = 0
    while got < 1000000:
        got += len(d.recv(65536))
    if passive:
        rst(d)
        rst(f.sock)
    else:
        f.sock.close()
        d.close()
    print("left after", got >= 1000000)
PYEOF
expect_eq "client" "$(cat "$T/client.out")" "left after True
left after True"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00801 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 $"
i=0
while [ "$(wc -l <"$T/ftppr.log")" -lt 3 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "three records" "$(wc -l <"$T/ftppr.log")" 3
expect_eq "two transfers cut by the client" \
    "$(grep -Ec " $FTPPR_PORT 000(95|00) alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT [0-9]+ [0-9]+ 0 alice@127\.0\.0\.1:$FTPD_PORT$" "$T/ftppr.log")" 2
# The pipe pool may shrink (a pipe cut with bytes in it is closed), never
# grow past what the warm-up left.
fds_after=$(ls "/proc/$PID_ftppr/fd" | wc -l)
[ "$fds_after" -le "$fds_before" ] ||
    fail "descriptors after the sessions: $fds_after, before: $fds_before"
good_session "clients that left mid-transfer"
alive ftppr
