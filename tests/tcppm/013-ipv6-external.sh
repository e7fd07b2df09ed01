# IPv6 listener and IPv6 target (a literal works under the default -4); -e
# picks the source address of the outgoing connection (127.0.0.2 here), which
# the target sees and %e logs.
. "$(dirname "$0")/../lib/lib.sh"
need curl
SP=$(free_port)
script peer.py <<'PYEOF'
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(16)
while True:
    c, a = s.accept()
    try:
        c.recv(1000)
        body = ("peer " + a[0] + "\n").encode()
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
                  + body)
    except OSError:
        pass
    c.close()
PYEOF
bg peer6 "$PY" "$T/peer.py" ::1 "$SP"
wait_port "$SP" ::1
P=$(free_port)
run_module v6 tcppm -i::1 -l"$T/v6.log" "$P" ::1 "$SP"
expect_eq "IPv6 client to IPv6 target" "$(curl -sf "http://[::1]:$P/")" "peer ::1"
wait_file_match "$T/v6.log" " $P 00000 - ::1:[0-9]+ ::1:$SP [0-9]+ [0-9]+ 0 ::1$"

SP4=$(free_port)
bg peer4 "$PY" "$T/peer.py" 127.0.0.1 "$SP4"
wait_port "$SP4"
P=$(free_port)
run_module ext tcppm -i127.0.0.1 -e127.0.0.2 -l"$T/ext.log" "-fG%e %R:%r" \
    "$P" 127.0.0.1 "$SP4"
expect_eq "source address from -e" "$(curl -sf "http://127.0.0.1:$P/")" \
    "peer 127.0.0.2"
wait_file_match "$T/ext.log" "^127\.0\.0\.2 127\.0\.0\.1:$SP4$"
