# kill -9 of a module child: 3proxy logs it and starts a new one on the same
# listening socket; the service answers again within 1 s.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
SUPERVISED=1 run_module tcppm tcppm -i127.0.0.1 "$P" 127.0.0.1 "$HTTP_PORT"
expect_eq "body" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello
old=$PID_tcppm
kill -9 "$old"
ms=$(curl_within 1000 "http://127.0.0.1:$P/x.txt" "$T/body")
expect_eq "body after kill -9 (within 1 s, took $ms ms)" "$(cat "$T/body")" hello
new=$(ps -o pid= --ppid "$SUP_tcppm" | tr -d ' ')
[ -n "$new" ] && [ "$new" != "$old" ] || fail "no new child ($old -> $new)"
_pids+=("$new")
expect_file_match "$T/tcppm.err" "tcppm \\(.*tcppm\\.cfg:1\\): killed by signal 9; restarting"
