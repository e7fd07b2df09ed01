# Two clients at once through udppm to a UDP echo server: each gets its own
# replies, and each association writes one record with its byte counts when
# it goes idle.
. "$(dirname "$0")/../lib/lib.sh"
udp_echo echo
EP=$ECHO_PORT
P=$(free_port)
run_module udppm udppm -i127.0.0.1 -l"$T/access.log" --timeouts=1,5,30,2 \
    "$P" 127.0.0.1 "$EP"
out=$("$PY" - "$P" <<'PYEOF'
import socket, sys, threading
port = int(sys.argv[1])
res = {}
def client(n):
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.settimeout(3)
    got = []
    for j in range(20):
        msg = b"client%d-%d" % (n, j)
        for attempt in range(3):
            c.sendto(msg, ("127.0.0.1", port))
            try:
                d, _ = c.recvfrom(1000)
                break
            except socket.timeout:
                d = b""
        got.append(d == b"echo:" + msg)
    res[n] = all(got)
ts = [threading.Thread(target=client, args=(n,)) for n in (1, 2)]
[t.start() for t in ts]
[t.join() for t in ts]
print("ok" if res == {1: True, 2: True} else "bad %r" % res)
PYEOF
)
expect_eq "both clients echoed" "$out" ok
# Idle timeout (4th value, 2 s here): one record per client, 20 datagrams
# of 9 or 10 bytes out (190) and 5 more each back (290).
wait_file_match "$T/access.log" " $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$EP 190 290 0 $" 8
i=0
while [ "$(grep -c " 190 290 0 $" "$T/access.log")" -lt 2 ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "records" "$(grep -c " 190 290 0 $" "$T/access.log")" 2
alive udppm
