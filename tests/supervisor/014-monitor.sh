# monitor FILE: a change of the file's time or size reloads the
# configuration (polled; --monitor-interval=1 for the test).
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P1=$(free_port)
P2=$(free_port)
echo 1 >"$T/version"
cat >"$T/m.cfg" <<CFG
monitor $T/version
monitor $T/not-there
internal 127.0.0.1
tcppm $P1 127.0.0.1 $HTTP_PORT
CFG
mkfifo "$T/ready"
"$BIN/3proxy" --monitor-interval=1 --ready-fd=9 "$T/m.cfg" 9>"$T/ready" \
    2>"$T/sup.err" &
_pids+=($!)
read -r -t 10 _ <"$T/ready" || fail "not ready"
expect_file_match "$T/sup.err" "m\\.cfg:2: monitor $T/not-there: No such file or directory; not watched"
printf 'tcppm %s 127.0.0.1 %s\n' "$P2" "$HTTP_PORT" >>"$T/m.cfg"
echo 2 >"$T/version"
wait_file_match "$T/sup.err" "monitor: $T/version changed" 5
wait_file_match "$T/sup.err" "reload: done \\(1 added, 0 changed, 0 removed, 1 unchanged\\)"
expect_eq "added by the reload" "$(curl -sf "http://127.0.0.1:$P2/x.txt")" hello
