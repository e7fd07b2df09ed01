# chroot PATH USER GROUP: listeners bound before, module binaries opened
# before (started with fexecve), then the supervisor and its children run in
# the jail with the given ids; a restart works from inside the jail.
. "$(dirname "$0")/../lib/lib.sh"
need curl ldd
[ "$(id -u)" = 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
J=$T/jail
mkdir -p "$J"
# The shared libraries the module needs, at the same paths inside the jail.
for lib in $(ldd "$BIN/tcppm" | grep -o '/[^ ]*'); do
	mkdir -p "$J$(dirname "$lib")"
	cp "$lib" "$J$lib"
done
chmod -R a+rX "$T"
# Sanitizer runtimes read /proc at start: give the jail one, and take it
# away again before the case's directory is removed.
if ldd "$BIN/tcppm" | grep -q libasan; then
	mkdir "$J/proc"
	mount -t proc proc "$J/proc" || skip "cannot mount /proc in the jail"
	trap 'rc=$?; umount "$J/proc"; (exit $rc); _cleanup' EXIT
fi
touch "$J/access.log"
chown nobody "$J/access.log"
P=$(free_port)
cat >"$T/c.cfg" <<CFG
internal 127.0.0.1
log /access.log
logformat "L%E %T"
tcppm $P 127.0.0.1 $HTTP_PORT
chroot $J nobody $(id -gn nobody)
CFG
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/c.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }
child=$(ps -o pid= --ppid "$sup" | tr -d ' ')
expect_eq "supervisor's root" "$(readlink /proc/$sup/root)" "$J"
expect_eq "child's root" "$(readlink /proc/$child/root)" "$J"
expect_eq "child uid" "$(ps -o uid= -p "$child" | tr -d ' ')" "$(id -u nobody)"
expect_eq "body" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello
wait_file_match "$J/access.log" '^00000 127\.0\.0\.1$'
kill -9 "$child"
i=0
until got=$(curl -sf -m 1 "http://127.0.0.1:$P/x.txt") || [ $i -ge 20 ]; do
	sleep 0.05; i=$((i + 1))
done
expect_eq "body after a restart inside the jail" "$got" hello
