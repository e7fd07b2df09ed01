# Local redirection of FTP: ftplib, connected through a socks service whose
# rules hand port 21-like traffic to "parent 1000 ftp 0.0.0.0 0", logs in
# as if it reached the server itself (plain USER alice); the FTP handler
# connects to the requested server, relays the login, and serves passive
# transfers; it writes the one record of the session (user@host:port, one
# hop, the socks port).
. "$(dirname "$0")/../lib/lib.sh"
. "$ROOT/tests/ftppr/ftpd.sh"
for m in socks ftppr; do
	[ -x "$BIN/$m" ] || skip "module $m not built yet"
done
mkdir -p "$T/root"
head -c 2000000 /dev/urandom >"$T/root/big.bin"
ftpd_start ftpd
SP=$(free_port)
cat >"$T/f.cfg" <<CFG
internal 127.0.0.1
log $T/access.log
logformat "L%N %p %E %U %h %T"
allow * * * $FTPD_PORT
parent 1000 ftp 0.0.0.0 0
allow *
socks -p$SP
CFG
# The rules need the policy point of this build.
"$BIN/3proxy" -c "$T/f.cfg" </dev/null 2>"$T/check.err" ||
    { grep -q 'not implemented in this build' "$T/check.err" &&
    skip "$(head -1 "$T/check.err")"; cat "$T/check.err"; fail "check"; }
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/f.cfg" 9>"$T/ready" 2>"$T/sup.err" &
_pids+=($!)
read -r -t 10 _ <"$T/ready" || { cat "$T/sup.err"; fail "not ready"; }

"$PY" - "$SP" "$FTPD_PORT" "$T" >"$T/client.out" <<'PYEOF' || fail "ftplib through socks failed"
import ftplib, socket, struct, sys
sp, fp, t = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
direct = socket.create_connection

def recvn(s, n):
    b = b""
    while len(b) < n:
        d = s.recv(n - len(b))
        if not d:
            raise OSError("socks server closed")
        b += d
    return b

# Every connection ftplib makes (control and passive data) goes through
# the SOCKS5 service, as a client with a SOCKS library would.
def via_socks(addr, timeout=None, source_address=None):
    host, port = addr
    s = direct(("127.0.0.1", sp), timeout)
    s.sendall(b"\x05\x01\x00")
    if recvn(s, 2) != b"\x05\x00":
        raise OSError("socks method refused")
    s.sendall(b"\x05\x01\x00\x01" + socket.inet_aton(host) +
              struct.pack(">H", port))
    rep = recvn(s, 10)
    if rep[1] != 0:
        raise OSError("socks reply %d" % rep[1])
    return s

socket.create_connection = via_socks
f = ftplib.FTP()
print("greeting", f.connect("127.0.0.1", fp, timeout=20)[:3])
print("login", f.login("alice", "secret"))
print("nlst", f.nlst())
with open(t + "/got.bin", "wb") as out:
    print("retr", f.retrbinary("RETR big.bin", out.write)[:3])
print("quit", f.quit()[:3])
PYEOF
expect_file_match "$T/client.out" "^greeting 220$"
expect_file_match "$T/client.out" "^login 230 "
expect_file_match "$T/client.out" "^nlst \\['big.bin'\\]$"
expect_file_match "$T/client.out" "^retr 226$"
expect_eq "sha256 through the redirection" "$(sha "$T/got.bin")" \
    "$(sha "$T/root/big.bin")"
# %N: the origin's name, as DESIGN says (one record, from the final
# handler, with the origin's %N and %p).
wait_file_match "$T/access.log" "^SOCK5 $SP 00000 alice 1 alice@127\\.0\\.0\\.1:$FTPD_PORT$"
