# SIGHUP reopens the log file (rotation by rename); SIGTERM stops the
# process promptly with exit status 0 even with a tunnel open.
# supervised: no (it waits for the module as a child of the shell)
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
bg hold "$PY" "$LIB/holdserver.py" "$SP"
wait_port "$SP"
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 -l"$T/a.log" "$P" 127.0.0.1 "$SP"
one() {
	"$PY" -c "
import socket
c = socket.create_connection(('127.0.0.1', $P), timeout=5)
c.sendall(b'$1\n'); print(c.recv(10).decode().strip())"
}
expect_eq "first" "$(one 1)" 2
wait_file_match "$T/a.log" " $P 00000 "
mv "$T/a.log" "$T/a.log.1"
kill -HUP "$PID_tcppm"
# The reopen happens in the loop; a new record lands in the new file.
for i in $(seq 50); do
	expect_eq "after HUP" "$(one 5)" 6
	[ -s "$T/a.log" ] && break
	sleep 0.1
done
wait_file_match "$T/a.log" " $P 00000 "
expect_eq "rotated file kept its record" "$(wc -l <"$T/a.log.1")" 1

# An open tunnel, then SIGTERM: exit 0 within a second.
"$PY" -c "
import socket, time
c = socket.create_connection(('127.0.0.1', $P), timeout=5)
c.sendall(b'1\n'); c.recv(10); time.sleep(5)" &
holder=$!
sleep 0.3
kill -TERM "$PID_tcppm"
t0=$(date +%s%N)
wait "$PID_tcppm"; rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
kill "$holder" 2>/dev/null
expect_eq "exit status after SIGTERM" "$rc" 0
[ "$ms" -lt 1000 ] || fail "SIGTERM took $ms ms"
