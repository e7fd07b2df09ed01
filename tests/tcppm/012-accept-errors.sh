# accept() failures injected with strace (EMFILE, ENFILE, ENOBUFS,
# ECONNABORTED) are survived: the process stays up without spinning, warns at
# most once a second, and serves the clients once accept works again.
. "$(dirname "$0")/../lib/lib.sh"
need strace
SP=$(free_port)
bg hold "$PY" "$LIB/holdserver.py" "$SP"
wait_port "$SP"
for err in EMFILE ENFILE ENOBUFS ECONNABORTED; do
	P=$(free_port)
	fifo=$T/ready.$err; mkfifo "$fifo"
	strace -f -o /dev/null -e trace=accept4 \
	    -e inject=accept4:error=$err:when=1..3 \
	    "$BIN/tcppm" --ready-fd=9 -i127.0.0.1 "$P" 127.0.0.1 "$SP" \
	    9>"$fifo" 2>"$T/tcppm.$err.err" &
	_pids+=($!); sp=$!
	read -r -t 10 _ <"$fifo" || fail "tcppm not ready ($err)"
	got=$("$PY" -c "
import socket, time
t = time.time()
for i in range(3):
    c = socket.create_connection(('127.0.0.1', $P), timeout=5)
    c.sendall(b'%d\n' % i)
    c.settimeout(5)
    try:
        d = c.recv(10)
    except OSError:
        d = b''
    if d == b'%d\n' % (i + 1):
        print('served', round(time.time() - t))
        break
")
	expect_match "a client is served after injected $err" "$got" "^served [0-2]$"
	# strace detaches when stopped, so stop its tracee (by pid) as well.
	tp=$(ps -o pid= --ppid "$sp" | tr -d ' ')
	[ -n "$tp" ] && kill -0 "$tp" || fail "tcppm died after $err"
	_pids+=("$tp")
	kill "$tp" "$sp"
done
true
