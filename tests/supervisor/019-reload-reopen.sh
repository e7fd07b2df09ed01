# Log rotation by rename: after a reload (SIGHUP), services left running
# reopen their access log, so new records go to the new file.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
printf 'internal 127.0.0.1\nlog %s\nlogformat "L%%E %%p"\ntcppm %s 127.0.0.1 %s\n' \
    "$T/a.log" "$P" "$HTTP_PORT" >"$T/r.cfg"
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/r.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || fail "not ready"
child=$(ps -o pid= --ppid "$sup" | tr -d ' ')
curl -sf "http://127.0.0.1:$P/x.txt" >/dev/null || fail "curl"
wait_file_match "$T/a.log" "^00000 $P$"
mv "$T/a.log" "$T/a.log.1"
kill -HUP "$sup"
wait_file_match "$T/sup.err" "reload: done \\(0 added, 0 changed, 0 removed, 1 unchanged\\)"
expect_eq "same child" "$(ps -o pid= --ppid "$sup" | tr -d ' ')" "$child"
for i in $(seq 50); do
	curl -sf "http://127.0.0.1:$P/x.txt" >/dev/null || fail "curl"
	[ -s "$T/a.log" ] && break
	sleep 0.1
done
wait_file_match "$T/a.log" "^00000 $P$"
expect_eq "rotated file kept its one record" "$(wc -l <"$T/a.log.1")" 1
