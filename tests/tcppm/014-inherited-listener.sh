# Listening sockets handed in: --listen-fd (as the supervisor does) and
# systemd socket activation (LISTEN_FDS/LISTEN_PID via systemd-socket-activate).
. "$(dirname "$0")/../lib/lib.sh"
need curl systemd-socket-activate
mkdir "$T/www"
echo "inherited" >"$T/www/x.txt"
http_server origin "$T/www"

P=$(free_port)
script launch.py <<'PYEOF'
import os, socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
os.dup2(s.fileno(), 5)
os.set_inheritable(5, True)
os.execv(sys.argv[2], sys.argv[2:])
PYEOF
bg lfd "$PY" "$T/launch.py" "$P" "$BIN/tcppm" --listen-fd=5 -l"$T/lfd.log" \
    1 127.0.0.1 "$HTTP_PORT"
wait_port "$P"
expect_eq "--listen-fd" "$(curl -sf "http://127.0.0.1:$P/x.txt")" inherited
wait_file_match "$T/lfd.log" " $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT "

P=$(free_port)
bg sd systemd-socket-activate -l "127.0.0.1:$P" "$BIN/tcppm" \
    -l"$T/sd.log" 1 127.0.0.1 "$HTTP_PORT"
wait_port "$P"
expect_eq "socket activation" "$(curl -sf "http://127.0.0.1:$P/x.txt")" inherited
wait_file_match "$T/sd.log" " $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT "
