# A reload that changes a dnspr service while UDP queries wait on a slow
# upstream (1 s): the old process stops reading its socket but stays until
# they are answered, so none is lost (10 of 10 answered; before, the old
# process left at once and they went unanswered). The next query goes to
# the new process.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../dnspr/dnslib.sh"
[ -x "$BIN/dnspr" ] || skip "module dnspr not built yet"
stub_up up --mode delay --delay 1 --addr 192.0.2.77
P=$(free_port)
write_cfg() {
	{
		echo "internal 127.0.0.1"
		echo "log $T/access.log"
		echo "nserver 127.0.0.1:$STUB_PORT"
		echo "logformat \"L$1 %E\""
		echo "dnspr -p$P -s"
	} >"$T/d.cfg"
}
write_cfg first
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/d.cfg" 9>"$T/ready" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }
script ask.py <<'PYEOF'
import socket, struct, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = []
for i in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    q = struct.pack(">HHHHHH", 3000 + i, 0x100, 1, 0, 0, 0)
    q += b"\x02q" + bytes([0x30 + i]) + b"\x07example\x00\x00\x01\x00\x01"
    s.sendto(q, ("127.0.0.1", port))
    socks.append(s)
open(sys.argv[3], "w").write("sent\n")
ok = 0
for i, s in enumerate(socks):
    s.settimeout(5)
    try:
        r = s.recv(512)
    except socket.timeout:
        continue
    if r[:2] == struct.pack(">H", 3000 + i) and socket.inet_aton("192.0.2.77") in r:
        ok += 1
print(ok)
PYEOF
"$PY" "$T/ask.py" "$P" 10 "$T/sent" >"$T/ok" &
ask=$!
wait_file_match "$T/sent" sent
write_cfg second
kill -USR1 "$sup"
wait_file_match "$T/sup.err" "reload: done \\(0 added, 1 changed, 0 removed, 0 unchanged\\)"
wait "$ask"
expect_eq "queries answered across the reload" "$(cat "$T/ok")" 10
expect_eq "records of the old process" "$(grep -c '^first 00000$' "$T/access.log")" 10
"$PY" "$T/ask.py" "$P" 1 "$T/sent2" >"$T/ok2"
expect_eq "a query after the reload" "$(cat "$T/ok2")" 1
wait_file_match "$T/access.log" '^second 00000$'
