# A client that shuts down the sending half of its data connection does
# not cut a download, whether it does so before the RETR or LIST reaches
# ftppr or after, passive or active (4 MB, sha256 compared, 226); the
# server's data connection never sees that EOF. The same shutdown before a
# STOR is an empty upload: 226 and a file of 0 bytes (the EOF reaches the
# server after its 1xx, not before it has read the STOR). A normal upload
# still ends with the client's EOF.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
mkdir -p "$T/root"
head -c 4000000 /dev/urandom >"$T/root/big.bin"
head -c 300000 /dev/urandom >"$T/up.bin"
ftpd_start ftpd
ftppr_start ftppr

ftppr_client >"$T/client.out" <<'PYEOF' || fail "client failed"
import ftplib, hashlib, socket, sys
f.voidcmd("TYPE I")

def drain(d):
    h, n = hashlib.sha256(), 0
    while True:
        b = d.recv(65536)
        if not b:
            break
        h.update(b)
        n += len(b)
    d.close()
    return n, h.hexdigest()

def passive_early(cmd):
    # The data connection is up and half closed before the command.
    host, port = ftplib.parse227(f.sendcmd("PASV"))
    d = socket.create_connection((host, port), timeout=10)
    d.shutdown(socket.SHUT_WR)
    f.putcmd(cmd)
    first = f.getresp()[:3] in ("125", "150")
    n, h = drain(d)
    return first, n, h, f.voidresp()[:3]

def late(cmd, passive):
    f.set_pasv(passive)
    d = f.transfercmd(cmd)
    d.shutdown(socket.SHUT_WR)
    n, h = drain(d)
    return n, h, f.voidresp()[:3]

print("pasv-early", passive_early("RETR big.bin"))
print("pasv-late", late("RETR big.bin", True))
print("port-late", late("RETR big.bin", False))
first, n, h, last = passive_early("LIST")
print("list-early", first, n > 0, last)

# An empty upload: the EOF comes before the STOR.
host, port = ftplib.parse227(f.sendcmd("PASV"))
d = socket.create_connection((host, port), timeout=10)
d.shutdown(socket.SHUT_WR)
f.putcmd("STOR empty.bin")
print("stor-empty", f.getresp()[:3] in ("125", "150"), d.recv(1),
      f.voidresp()[:3])
d.close()
with open(sys.argv[3] + "/up.bin", "rb") as src:
    f.set_pasv(True)
    print("stor", f.storbinary("STOR up.bin", src)[:3])
f.quit()
PYEOF
want=$(sha "$T/root/big.bin")
expect_eq "replies and bytes" "$(cat "$T/client.out")" "pasv-early (True, 4000000, '$want', '226')
pasv-late (4000000, '$want', '226')
port-late (4000000, '$want', '226')
list-early True True 226
stor-empty True b'' 226
stor 226"
expect_eq "empty upload" "$(wc -c <"$T/root/empty.bin")" 0
expect_eq "upload" "$(sha "$T/root/up.bin")" "$(sha "$T/up.bin")"
wait_file_match "$T/ftppr.log" " $FTPPR_PORT 00000 alice "
alive ftppr
