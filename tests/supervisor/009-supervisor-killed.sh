# kill -9 of the supervisor: every child exits within 1 s (parent-death
# signal and end of file on the control socket), so no orphan keeps a port.
. "$(dirname "$0")/../lib/lib.sh"
P1=$(free_port)
P2=$(free_port)
printf 'internal 127.0.0.1\ntcppm %s 127.0.0.1 9\ntcppm %s 127.0.0.1 9\n' \
    "$P1" "$P2" >"$T/k.cfg"
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/k.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || fail "not ready"
kids=$(ps -o pid= --ppid "$sup" | tr -d ' ')
expect_eq "children" "$(echo "$kids" | wc -l)" 2
_pids+=($kids)
# Gone, or a zombie waiting for whoever adopted it.
gone() {
	! kill -0 "$1" 2>/dev/null ||
	    [ "$(ps -o stat= -p "$1" | cut -c1)" = Z ]
}
kill -9 "$sup"
start=$(date +%s%N)
for k in $kids; do
	while ! gone "$k" &&
	    [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 1000 ]; do
		sleep 0.02
	done
	gone "$k" || fail "child $k alive 1 s after 3proxy died"
done
# The ports are free again.
"$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', $P1)); s.listen()" ||
    fail "port $P1 still taken"
true
