# An unreachable target closes that client with one log record carrying
# error 13 (connect failed), and the process keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
DEAD=$(free_port)
P=$(free_port)
run_module tcppm tcppm -i127.0.0.1 -l"$T/access.log" "$P" 127.0.0.1 "$DEAD"

got=$("$PY" - "$P" <<'PYEOF'
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
print(repr(c.recv(100)))
PYEOF
)
expect_eq "client sees a clean close" "$got" "b''"
wait_file_match "$T/access.log" " $P 00013 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$DEAD 0 0 0 127\.0\.0\.1$"
expect_eq "one record" "$(wc -l <"$T/access.log")" 1
alive tcppm

# A name that does not resolve: error 100.
P2=$(free_port)
run_module tcppm2 tcppm -i127.0.0.1 -l"$T/access2.log" "$P2" no-such-host.invalid 80
"$PY" -c "import socket; c=socket.create_connection(('127.0.0.1', $P2)); c.recv(1)"
wait_file_match "$T/access2.log" " $P2 00100 - 127\.0\.0\.1:[0-9]+ .* no-such-host\.invalid$"
alive tcppm2
