# -I: inetd mode. socat accepts the client and runs socks with the socket
# on standard input; socks serves that one client (a SOCKS5 CONNECT) and
# exits after writing its record.
. "$(dirname "$0")/../lib/lib.sh"
need socat curl
mkdir "$T/www"
head -c 3000000 /dev/urandom >"$T/www/f.bin"
http_server origin "$T/www"
P=$(free_port)
bg socat socat "TCP4-LISTEN:$P,bind=127.0.0.1,reuseaddr,fork" \
    "SYSTEM:'exec $BIN/socks -I -l$T/access.log -fL%N:%E:%T',nofork"
wait_port "$P"
for i in 1 2; do
	curl -sf --socks5-hostname "127.0.0.1:$P" \
	    "http://localhost:$HTTP_PORT/f.bin" -o "$T/got$i.bin" || fail "curl $i"
	expect_eq "sha256 via inetd mode ($i)" "$(sha "$T/got$i.bin")" \
	    "$(sha "$T/www/f.bin")"
done
i=0
while [ "$(grep -c "^SOCK5:00000:CONNECT localhost:$HTTP_PORT$" "$T/access.log")" -lt 2 ] &&
    [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "records" "$(grep -c "^SOCK5:00000:CONNECT localhost:$HTTP_PORT$" "$T/access.log")" 2
