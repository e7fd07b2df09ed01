# --maxconn=10 with 30 clients holding on: at most 10 are served at once, the
# rest are closed promptly (not left in the backlog), and once they leave the
# count is back to zero: 10 new clients are served again.
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
bg hold "$PY" "$LIB/holdserver.py" "$SP"
wait_port "$SP"
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 --maxconn=10 "$P" 127.0.0.1 "$SP"
script clients.py <<'PYEOF'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = [socket.create_connection(("127.0.0.1", port), timeout=5)
         for i in range(n)]
t0 = time.time()
served = refused = 0
for c in conns:
    try:
        c.sendall(b"1\n")
    except OSError:
        pass
for c in conns:
    c.settimeout(3)
    try:
        d = c.recv(10)
    except OSError:
        d = b""
    if d == b"2\n":
        served += 1
    else:
        refused += 1
print(served, refused, "%.1f" % (time.time() - t0))
for c in conns:
    c.close()
PYEOF
read -r served refused secs < <("$PY" "$T/clients.py" "$P" 30)
expect_eq "served at once" "$served" 10
expect_eq "refused" "$refused" 20
awk -v s="$secs" 'BEGIN { exit !(s < 2.5) }' || fail "refusal took $secs s"
wait_file_match "$T/tcppm.err" "too many connected clients \(10/10\)"
# The counter returns to zero: a second wave is served again.
for i in $(seq 50); do
	read -r served refused secs < <("$PY" "$T/clients.py" "$P" 10)
	[ "$served" = 10 ] && break
	sleep 0.1
done
expect_eq "second wave served" "$served" 10
