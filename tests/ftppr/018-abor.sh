# ABOR in the middle of a 20 MB RETR (ftplib sends it as urgent data):
# the data connections close, the transfer's reply and ABOR's pass on,
# and the session goes on with a complete RETR.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 20000000 /dev/urandom >"$T/root/big.bin"
ftpd_start ftpd
ftppr_start ftppr

ftppr_client >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, sys
for passive in (True, False):
    f.set_pasv(passive)
    d = f.transfercmd("RETR big.bin")
    got = 0
    while got < 500000:
        got += len(d.recv(65536))
    first = f.abort()
    d.close()
    replies = [first[:3]]
    if first[:3] == "426":
        replies.append(f.getresp()[:3])
    print("abor", passive, replies in (["426", "226"], ["426", "225"], ["226"], ["225"]))
    print("noop", f.voidcmd("NOOP")[:3])
with open(sys.argv[3] + "/got.bin", "wb") as out:
    print("retr", f.retrbinary("RETR big.bin", out.write))
f.quit()
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "abor True True
noop 200
abor False True
noop 200
retr 226 Transfer complete."
expect_eq "RETR after ABOR" "$(sha "$T/got.bin")" "$(sha "$T/root/big.bin")"
expect_eq "ABOR reached the server" "$(grep -c '<- ABOR' "$T/ftpd.log")" 2
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
alive ftppr
