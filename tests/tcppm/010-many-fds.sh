# Descriptors above 1024 work: 1100 idle tunnels (2200 descriptors) are held,
# then every one of them still relays, and a new connection too.
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
bg hold "$PY" "$LIB/holdserver.py" "$SP"
wait_port "$SP"
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 --maxconn=5000 "$P" 127.0.0.1 "$SP"
out=$("$PY" - "$P" <<'PYEOF'
import resource, socket, sys
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
port = int(sys.argv[1])
conns = [socket.create_connection(("127.0.0.1", port), timeout=10)
         for i in range(1100)]
ok = 0
for i, c in enumerate(conns):
    c.sendall(b"%d\n" % i)
for i, c in enumerate(conns):
    if c.recv(20) == b"%d\n" % (i + 1):
        ok += 1
print(ok)
PYEOF
)
expect_eq "tunnels relaying with 2200+ descriptors" "$out" 1100
fds=$(ls /proc/"$PID_tcppm"/fd | wc -l)
alive tcppm
got=$("$PY" -c "
import socket
c = socket.create_connection(('127.0.0.1', $P), timeout=5)
c.sendall(b'7\n'); print(c.recv(10).decode().strip())")
expect_eq "new client after the load" "$got" 8
