# setgid/setuid after the service lines: the listeners are bound first (as
# root), then the supervisor and every child run with the dropped ids;
# uid 0 is refused.
. "$(dirname "$0")/../lib/lib.sh"
need curl
[ "$(id -u)" = 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"
mkdir "$T/www"
echo hello >"$T/www/x.txt"
chmod 755 "$T" "$T/www"
http_server origin "$T/www"
P=$(free_port)
uid=$(id -u nobody)
gid=$(id -g nobody)
cat >"$T/u.cfg" <<CFG
internal 127.0.0.1
tcppm $P 127.0.0.1 $HTTP_PORT
setgid $gid
setuid nobody
CFG
chmod 644 "$T/u.cfg"
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/u.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }
child=$(ps -o pid= --ppid "$sup" | tr -d ' ')
expect_eq "supervisor uid" "$(ps -o uid= -p "$sup" | tr -d ' ')" "$uid"
expect_eq "child uid" "$(ps -o uid= -p "$child" | tr -d ' ')" "$uid"
expect_eq "child gid" "$(ps -o gid= -p "$child" | tr -d ' ')" "$gid"
expect_eq "groups of the child" "$(awk '/^Groups:/{print $2}' /proc/$child/status)" "$gid"
expect_eq "body" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello
# A restart after the drop still works on the listener bound as root.
kill -9 "$child"
i=0
until got=$(curl -sf -m 1 "http://127.0.0.1:$P/x.txt") || [ $i -ge 20 ]; do
	sleep 0.05; i=$((i + 1))
done
expect_eq "body after a restart" "$got" hello

printf 'setuid 0\nsetgid root\n' >"$T/root.cfg"
"$BIN/3proxy" -c "$T/root.cfg" </dev/null 2>"$T/root.err"
expect_file_match "$T/root.err" "root\\.cfg:1: setuid: uid 0 is refused"
expect_file_match "$T/root.err" "root\\.cfg:2: setgid: gid 0 is refused"
