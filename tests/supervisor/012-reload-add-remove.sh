# Reload: an unchanged service keeps its process, an added one starts, a
# removed one loses its listener (connections are refused) and its process
# leaves.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P1=$(free_port)
P2=$(free_port)
P3=$(free_port)
line() { printf 'tcppm %s 127.0.0.1 %s\n' "$1" "$HTTP_PORT"; }
{ echo "internal 127.0.0.1"; line "$P1"; line "$P2"; } >"$T/a.cfg"
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/a.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || fail "not ready"
pid_of() { pgrep -P "$sup" -f -- "--listen-fd=4 --shm-fd=5 $1 " ; }
k1=$(pid_of "$P1")
k2=$(pid_of "$P2")
[ -n "$k1" ] && [ -n "$k2" ] || fail "children not found"

{ echo "internal 127.0.0.1"; line "$P1"; line "$P3"; } >"$T/a.cfg"
kill -HUP "$sup"
wait_file_match "$T/sup.err" "reload: done \\(1 added, 0 changed, 1 removed, 1 unchanged\\)"
expect_eq "unchanged service kept its process" "$(pid_of "$P1")" "$k1"
expect_eq "added service answers" "$(curl -sf "http://127.0.0.1:$P3/x.txt")" hello
wait_file_match "$T/sup.err" "tcppm \\(.*a\\.cfg:3\\): stopped"
kill -0 "$k2" 2>/dev/null && fail "removed service still running"
curl -s -m 2 "http://127.0.0.1:$P2/x.txt" >/dev/null
expect_eq "removed service refuses (curl exit)" "$?" 7
expect_eq "kept service answers" "$(curl -sf "http://127.0.0.1:$P1/x.txt")" hello
