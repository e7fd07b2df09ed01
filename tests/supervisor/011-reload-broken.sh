# A reload that finds errors keeps the running configuration: each error is
# logged as FILE:LINE, the service keeps its process and keeps answering.
# A bind failure on reload (port taken) is refused the same way.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
printf 'internal 127.0.0.1\ntcppm %s 127.0.0.1 %s\n' "$P" "$HTTP_PORT" \
    >"$T/b.cfg"
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/b.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || fail "not ready"
child=$(ps -o pid= --ppid "$sup" | tr -d ' ')

printf 'internal 127.0.0.1\nmaxconn nope\ntcppm %s 127.0.0.1 %s\nbogus\n' \
    "$P" "$HTTP_PORT" >"$T/b.cfg"
kill -USR1 "$sup"
wait_file_match "$T/sup.err" "reload: 2 errors in $T/b.cfg; keeping the running configuration"
expect_file_match "$T/sup.err" "^3proxy: $T/b.cfg:2: maxconn: bad number 'nope'"
expect_file_match "$T/sup.err" "^3proxy: $T/b.cfg:4: unknown command 'bogus'"
expect_eq "same child" "$(ps -o pid= --ppid "$sup" | tr -d ' ')" "$child"
expect_eq "still answers" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello

# A port that cannot be bound: the reload is refused as a whole.
script hold.py <<PYEOF
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(30)
PYEOF
bg hold "$PY" "$T/hold.py"
wait_file_match "$T/hold.out" '^[0-9]+$'
TAKEN=$(cat "$T/hold.out")
printf 'internal 127.0.0.1\ntcppm %s 127.0.0.1 %s\ntcppm %s 127.0.0.1 %s\n' \
    "$P" "$HTTP_PORT" "$TAKEN" "$HTTP_PORT" >"$T/b.cfg"
kill -HUP "$sup"
wait_file_match "$T/sup.err" "^3proxy: $T/b.cfg:3: tcppm: bind 127\\.0\\.0\\.1:$TAKEN: Address already in use"
wait_file_match "$T/sup.err" "reload: keeping the running configuration"
expect_eq "same child after the refused bind" \
    "$(ps -o pid= --ppid "$sup" | tr -d ' ')" "$child"
expect_eq "still answers" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello
