# Local redirection: a client accepted elsewhere (as socks would) arrives on
# ftppr's hand-off socket with the server it asked for. ftppr connects
# there, passes the server's greeting on, relays the client's own login,
# and mediates passive and active data connections; the record names the
# origin (SOCKS, port 1080, one hop) and the relayed user.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
need cc
mkdir -p "$T/root"
head -c 3000000 /dev/urandom >"$T/root/f.bin"
ftpd_start ftpd
cc -D_GNU_SOURCE -I"$ROOT/common" -o "$T/sendho" "$ROOT/tests/ftppr/sendho.c" \
    "$ROOT/common/handoff.c" "$ROOT/common/msg.c" "$ROOT/common/net.c" \
    "$ROOT/common/compat.c" || fail "cannot build sendho"
P=$(free_port)

"$PY" - "$P" "$FTPD_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, hashlib, os, socket, sys, threading
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from hotest import start_module, hand
T = os.environ["T"]
proc, sock = start_module("ftppr", ["-i127.0.0.1", "-p" + sys.argv[1],
                          "-l" + T + "/ftppr.log"], T + "/ftppr.err")
origin = socket.create_server(("127.0.0.1", 0))
out = []

def client():
    f = ftplib.FTP()
    f.connect("127.0.0.1", origin.getsockname()[1], timeout=10)
    out.append(f.getwelcome())
    out.append(f.login("alice", "secret"))
    for passive in (True, False):
        f.set_pasv(passive)
        h = hashlib.sha256()
        f.retrbinary("RETR f.bin", h.update)
        out.append(h.hexdigest())
    out.append(f.quit())

t = threading.Thread(target=client)
t.start()
conn, _ = origin.accept()
hand(sock, conn, 2, "127.0.0.1", sys.argv[2], "proxyuser", "proxypass")
t.join(20)
print("\n".join(out))
proc.terminate()
proc.wait(10)
PYEOF
want=$(sha "$T/root/f.bin")
expect_eq "client" "$(cat "$T/client.out")" "220 pyftpdlib ready
230 Login successful.
$want
$want
221 Goodbye."
expect_file_match "$T/ftppr.log" "^[0-9]{12}\.[0-9]{3} 1080 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$FTPD_PORT [0-9]+ 600[0-9]{4} 1 alice@127\.0\.0\.1:$FTPD_PORT$"
