# udppm -I: standard input is the UDP socket (an inetd "wait" service); the
# client's datagrams are relayed, and udppm exits once its association ends.
. "$(dirname "$0")/../lib/lib.sh"
udp_echo echo
EP=$ECHO_PORT
out=$("$PY" - "$BIN/udppm" "$EP" "$T/access.log" <<'PYEOF'
import socket, subprocess, sys, time
udppm, ep, log = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
p = subprocess.Popen([udppm, "-I", "-l" + log, "--timeouts=1,5,30,1",
                      "1", "127.0.0.1", ep], stdin=s.fileno())
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.settimeout(3)
got = []
for i in range(3):
    c.sendto(b"q%d" % i, s.getsockname())
    got.append(c.recvfrom(100)[0])
try:
    rc = p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    rc = "still running"
print(b",".join(got).decode(), rc)
PYEOF
)
expect_eq "replies, then exit 0" "$out" "echo:q0,echo:q1,echo:q2 0"
expect_file_match "$T/access.log" " 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$EP 6 21 0 $"
