# The forwarding fields of the -a flags, as the origin sees them: none gives
# Forwarded with client and proxy address, -a adds nothing, -a1 Via and a
# random X-Forwarded-For, -a2 Via and the client's address. A client on a
# Unix socket (unnamed) is "unix:" in the field and in %C, request after
# request: nothing of whatever was in memory before.
. "$(dirname "$0")/common.sh"
need curl
mkdir "$T/www"
http_server origin "$T/www"
URL="http://127.0.0.1:$HTTP_PORT/_headers"
check() {
	local flag=$1
	if [ -n "$flag" ]; then start_proxy "$flag"; else start_proxy; fi
	curl -sf -x "127.0.0.1:$PP" "$URL" | tr -d '\r' >"$T/h$flag" ||
	    fail "curl with '$flag' failed"
	kill "$PID_proxy"
}
check ""
expect_file_match "$T/h" "^Forwarded: for=\"127\.0\.0\.1:[0-9]+\";by=\"127\.0\.0\.1:[0-9]+\"\$"
grep -qi '^via:\|^x-forwarded-for:' "$T/h" && fail "Via or XFF without -a1/-a2"
check -a
grep -qi '^via:\|^x-forwarded-for:\|^forwarded:' "$T/h-a" && fail "-a added a field"
check -a1
expect_file_match "$T/h-a1" '^Via: 1\.1 [!-~]+$'
expect_file_match "$T/h-a1" '^X-Forwarded-For: [0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$'
check -a2
expect_file_match "$T/h-a2" '^Via: 1\.1 [!-~]+$'
expect_file_match "$T/h-a2" '^X-Forwarded-For: 127\.0\.0\.1$'
PP=unix
run_module unix proxy -iunix:"$T/px.sock" -l"$T/unix.log" -f'L%C|%T'
"$PY" - "$T/px.sock" "$URL" >"$T/hunix" <<'PYEOF'
import socket, sys
for i in range(6):
    c = socket.socket(socket.AF_UNIX)
    c.connect(sys.argv[1])
    c.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.0\r\n\r\n")
    out = b""
    while True:
        d = c.recv(65536)
        if not d:
            break
        out += d
    c.close()
    for l in out.replace(b"\r", b"").split(b"\n"):
        if l.lower().startswith(b"forwarded:"):
            sys.stdout.write(l.decode("latin-1") + "\n")
PYEOF
expect_eq "Forwarded for a Unix socket client, six times" \
    "$(sort -u "$T/hunix" | sed 's/;by=.*//')" 'Forwarded: for="unix:"'
expect_eq "six requests" "$(wc -l <"$T/hunix")" 6
wait_file_match "$T/unix.log" "^unix:\|GET $URL HTTP/1\.0\$"
i=0
while [ "$(wc -l <"$T/unix.log")" -lt 6 ] && [ $i -lt 30 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "%C of a Unix socket client" "$(cut -d'|' -f1 "$T/unix.log" | sort -u)" \
    "unix:"
# No Proxy-Connection, no Proxy-Authorization ever reach the origin.
grep -qi '^proxy-' "$T/h" "$T/h-a" "$T/h-a1" "$T/h-a2" &&
    fail "a Proxy-* field reached the origin"
true
