# RFC 2577 port stealing: after the 227, another host (127.0.0.2) connects
# to the passive port first. ftppr closes that connection without a byte,
# keeps listening, and the transfer goes to the real client.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 3000000 /dev/urandom >"$T/root/f.bin"
ftpd_start ftpd
ftppr_start ftppr

ftppr_client >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, socket, sys
f.voidcmd("TYPE I")
for verb in ("PASV", "EPSV"):
    r = f.sendcmd(verb)
    port = ftplib.parse227(r)[1] if verb == "PASV" else \
        ftplib.parse229(r, ("127.0.0.1", 0))[1]
    thief = socket.create_connection(("127.0.0.1", port), timeout=5,
                                     source_address=("127.0.0.2", 0))
    stolen = b""
    try:
        while True:
            b = thief.recv(65536)
            if not b:
                break
            stolen += b
    except ConnectionResetError:
        pass
    print(verb, "stolen bytes", len(stolen))
    d = socket.create_connection(("127.0.0.1", port), timeout=10)
    print(verb, "retr", f.sendcmd("RETR f.bin")[:3])
    got = b""
    while True:
        b = d.recv(65536)
        if not b:
            break
        got += b
    d.close()
    print(verb, "end", f.voidresp())
    open(sys.argv[3] + "/got-" + verb, "wb").write(got)
f.quit()
PYEOF
for v in PASV EPSV; do
	expect_file_match "$T/client.out" "^$v stolen bytes 0$"
	expect_file_match "$T/client.out" "^$v retr 1(25|50)$"
	expect_file_match "$T/client.out" "^$v end 226 "
	expect_eq "$v data to the client" "$(sha "$T/got-$v")" "$(sha "$T/root/f.bin")"
done
expect_eq "refusals reported" "$(grep -c 'data connection from 127\.0\.0\.2:[0-9]* refused: not the client' "$T/ftppr.err")" 2
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
alive ftppr
