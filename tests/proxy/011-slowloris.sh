# A client that trickles its request head is cut off by the head timeout
# (--timeouts: 2 s for the first line, 1 s for the rest) with 408 and a
# record, an idle client is closed silently, and the proxy serves the next
# client at once.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy --timeouts=1,5,1,2,180,1800,15,60,15,5,5
U="127.0.0.1:$STUB_PORT"
"$PY" - "$PP" "$U" >"$T/slow.out" <<'PYEOF'
import socket, sys, time
port, u = int(sys.argv[1]), sys.argv[2]
c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"GET http://" + u.encode() + b"/ HTTP/1.1\r\n")
start = time.time()
out = b""
c.settimeout(10)
try:
    while True:
        c.sendall(b"X-Slow: 1\r\n")
        time.sleep(0.2)
        d = c.recv(4096, socket.MSG_DONTWAIT) if False else b""
except OSError:
    pass
try:
    while True:
        d = c.recv(4096)
        if not d:
            break
        out += d
except OSError:
    pass
print("%.1f" % (time.time() - start))
sys.stdout.write(out.decode(errors="replace").splitlines()[0] if out else "none")
PYEOF
secs=$(head -n1 "$T/slow.out")
expect_match "cut off after the 1 s budget" "$secs" '^(0\.[89]|1\.[0-9]|2\.[0-4])$'
expect_eq "408 reply" "$(sed -n 2p "$T/slow.out" | tr -d '\r')" \
    "HTTP/1.1 408 Request Timeout"
wait_file_match "$T/access.log" " 00092 - .* GET http://$U/ HTTP/1\.1\$"
# An idle client: closed after 2 s, no record.
"$PY" -c "
import socket, time
c = socket.create_connection(('127.0.0.1', $PP)); t = time.time()
c.settimeout(10); assert c.recv(10) == b''; print('%.0f' % (time.time() - t))
" >"$T/idle.out" || fail "idle client not closed"
expect_eq "idle client closed after 2 s" "$(cat "$T/idle.out")" 2
printf 'GET http://%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' "$U" |
    raw >"$T/good.rep"
expect_eq "good request afterwards" "$(tail -c 2 "$T/good.rep")" ok
expect_eq "records" "$(wc -l <"$T/access.log")" 2
alive proxy
