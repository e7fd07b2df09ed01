# Local redirection of POP3: poplib through a socks service whose rules
# hand the server's port to "parent 1000 pop3 0.0.0.0 0" logs in with a
# plain USER, as if it reached dovecot itself; the POP3 handler connects to
# the requested server and relays; one record from the handler (one hop,
# the socks port).
. "$(dirname "$0")/../lib/lib.sh"
. "$ROOT/tests/pop3p/dovecot.sh"
for m in socks pop3p; do
	[ -x "$BIN/$m" ] || skip "module $m not built yet"
done
printf 'From: a@example.org\r\nSubject: one\r\n\r\nhello through socks\r\n' |
    dovecot_add_mail alice 1.eml
dovecot_start dove
SP=$(free_port)
cat >"$T/p.cfg" <<CFG
internal 127.0.0.1
log $T/access.log
logformat "L%N %p %E %h %T"
allow * * * $POP_PORT
parent 1000 pop3 0.0.0.0 0
allow *
socks -p$SP
CFG
"$BIN/3proxy" -c "$T/p.cfg" </dev/null 2>"$T/check.err" ||
    { grep -q 'not implemented in this build' "$T/check.err" &&
    skip "$(head -1 "$T/check.err")"; cat "$T/check.err"; fail "check"; }
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/p.cfg" 9>"$T/ready" 2>"$T/sup.err" &
_pids+=($!)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }

"$PY" - "$SP" "$POP_PORT" >"$T/client.out" <<'PYEOF' || fail "poplib through socks failed"
import poplib, socket, struct, sys
sp, pp = int(sys.argv[1]), int(sys.argv[2])
direct = socket.create_connection

def recvn(s, n):
    b = b""
    while len(b) < n:
        d = s.recv(n - len(b))
        if not d:
            raise OSError("socks server closed")
        b += d
    return b

def via_socks(addr, timeout=None, source_address=None):
    s = direct(("127.0.0.1", sp), timeout)
    s.sendall(b"\x05\x01\x00")
    if recvn(s, 2) != b"\x05\x00":
        raise OSError("socks method refused")
    s.sendall(b"\x05\x01\x00\x01" + socket.inet_aton(addr[0]) +
              struct.pack(">H", addr[1]))
    if recvn(s, 10)[1] != 0:
        raise OSError("socks refused")
    return s

socket.create_connection = via_socks
c = poplib.POP3("127.0.0.1", pp, timeout=10)
print("user", c.user("alice").decode()[:3])
print("pass", c.pass_("secret").decode()[:3])
print("retr", b"hello through socks" in b"\n".join(c.retr(1)[1]))
print("quit", c.quit().decode()[:3])
PYEOF
expect_file_match "$T/client.out" "^user \\+OK$"
expect_file_match "$T/client.out" "^pass \\+OK$"
expect_file_match "$T/client.out" "^retr True$"
# %N: the origin's name, as DESIGN says (one record, from the final
# handler, with the origin's %N and %p).
wait_file_match "$T/access.log" "^SOCK5 $SP 00000 1 .*127\\.0\\.0\\.1:$POP_PORT$"
expect_eq "one record" "$(wc -l <"$T/access.log")" 1
