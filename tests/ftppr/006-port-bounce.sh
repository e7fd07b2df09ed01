# RFC 2577 bounce: PORT and EPRT may name only the client's own address and
# a port of 1024 or more. A third address (127.0.0.2 here, listening and
# counting) never gets a connection; malformed arguments get 501, an
# unknown network protocol 522; the session and the process go on.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
echo hello >"$T/root/a.txt"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, socket, sys
third = socket.create_server(("127.0.0.2", 0))
third.settimeout(0.5)
tp = third.getsockname()[1]
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=10)
f.login("alice@127.0.0.1:%s" % sys.argv[2], "secret")
for cmd in ("PORT 127,0,0,2,%d,%d" % (tp >> 8, tp & 255),
            "EPRT |1|127.0.0.2|%d|" % tp,
            "PORT 127,0,0,1,0,22", "EPRT |1|127.0.0.1|1023|",
            "PORT 1,2,3", "PORT 999,1,1,1,1,1", "PORT 1,1,1,1,256,1",
            "EPRT |9|::1|21|", "EPRT |2|::1|5000|", "LPRT 4,4,127,0,0,1,2,4,1"):
    try:
        print("reply", f.sendcmd(cmd))
    except ftplib.Error as e:
        print("error", cmd.split()[0], e)
    # A transfer right after must not reach anybody.
    try:
        f.sendcmd("LIST")
    except ftplib.Error as e:
        print("list", e)
try:
    third.accept()
    print("third party connections: 1")
except socket.timeout:
    print("third party connections: 0")
print("quit", f.quit())
PYEOF
expect_eq "refused as bounce" "$(grep -c '^error \(PORT\|EPRT\) 500 Illegal \(PORT\|EPRT\): only to your own address, port 1024 or above$' "$T/client.out")" 5
expect_eq "malformed" "$(grep -c '^error PORT 501 Syntax error in PORT$' "$T/client.out")" 3
expect_file_match "$T/client.out" "^error EPRT 522 Network protocol not supported, use \(1\)$"
expect_file_match "$T/client.out" "^error LPRT 502 "
expect_eq "no transfer without a data connection" \
    "$(grep -c '^list 425 Use PASV, EPSV, PORT or EPRT first$' "$T/client.out")" 10
expect_file_match "$T/client.out" "^third party connections: 0$"
expect_file_match "$T/client.out" "^quit 221 "
grep -q "<- \(PORT\|EPRT\|LPRT\)" "$T/ftpd.log" && fail "a PORT reached the server"
good_session "PORT bounce"
alive ftppr
