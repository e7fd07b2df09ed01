# A tunnel with no bytes either way for the idle time (the sixth timeout,
# shortened here to 1 s) is closed with error 92 in its record; after one side
# half-closes, the other direction has the linger time (eleventh) left.
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
bg hold "$PY" "$LIB/holdserver.py" "$SP"
wait_port "$SP"
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 -l"$T/a.log" \
    --timeouts=1,5,30,60,180,1,15,60,15,5,1 "$P" 127.0.0.1 "$SP"
out=$("$PY" - "$P" <<'PYEOF'
import socket, sys, time
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
c.sendall(b"1\n")
assert c.recv(10) == b"2\n"
t = time.time()
d = c.recv(10)
print(repr(d), round(time.time() - t))
PYEOF
)
expect_eq "closed by the idle timeout after ~1 s" "$out" "b'' 1"
wait_file_match "$T/a.log" " $P 00092 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$SP 2 2 0 127\.0\.0\.1$"
alive tcppm
