# Uploads and resumed downloads through ftppr: STOR of 8 MB verified on the
# server's disk, APPE, STOU, and REST + RETR returning exactly the tail.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 8000000 /dev/urandom >"$T/up.bin"
head -c 3000000 /dev/urandom >"$T/root/r.bin"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" "$T" >"$T/client.out" <<'PYEOF' || fail "ftplib session failed"
import ftplib, io, sys
t = sys.argv[3]
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=20)
f.login("alice@127.0.0.1:%s" % sys.argv[2], "secret")
with open(t + "/up.bin", "rb") as src:
    print("stor", f.storbinary("STOR up.bin", src))
f.set_pasv(False)
print("appe", f.storbinary("APPE log.txt", io.BytesIO(b"one\n")))
f.set_pasv(True)
print("appe", f.storbinary("APPE log.txt", io.BytesIO(b"two\n")))
conn = f.transfercmd("STOU")
conn.sendall(b"unique\n")
conn.close()
print("stou", f.voidresp())
with open(t + "/tail.bin", "wb") as out:
    print("rest", f.retrbinary("RETR r.bin", out.write, rest=1234567))
f.set_pasv(False)
with open(t + "/tail2.bin", "wb") as out:
    print("rest", f.retrbinary("RETR r.bin", out.write, rest=2999999))
print("quit", f.quit())
PYEOF
expect_file_match "$T/client.out" "^stor 226 "
expect_eq "APPE twice" "$(grep -c '^appe 226 ' "$T/client.out")" 2
expect_file_match "$T/client.out" "^stou 226 "
expect_eq "REST twice" "$(grep -c '^rest 226 ' "$T/client.out")" 2
expect_eq "STOR on the server's disk" "$(sha "$T/root/up.bin")" "$(sha "$T/up.bin")"
expect_eq "APPE on the server's disk" "$(cat "$T/root/log.txt")" "one
two"
expect_eq "STOU stored one file" "$(grep -l '^unique$' "$T"/root/* | wc -l)" 1
tail -c +1234568 "$T/root/r.bin" >"$T/want.bin"
expect_eq "REST 1234567 + RETR" "$(sha "$T/tail.bin")" "$(sha "$T/want.bin")"
tail -c 1 "$T/root/r.bin" >"$T/want2.bin"
expect_eq "REST to the last byte (active)" "$(sha "$T/tail2.bin")" "$(sha "$T/want2.bin")"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
set -- $(cat "$T/ftppr.log")
[ "$7" -ge 8000000 ] || fail "%O $7 counts the upload"
alive ftppr
