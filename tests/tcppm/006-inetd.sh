# -I: inetd mode. socat accepts the client and runs tcppm with the socket on
# standard input; tcppm serves that one client and exits.
. "$(dirname "$0")/../lib/lib.sh"
need socat curl
mkdir "$T/www"
head -c 3000000 /dev/urandom >"$T/www/f.bin"
http_server origin "$T/www"
P=$(free_port)
bg socat socat "TCP4-LISTEN:$P,bind=127.0.0.1,reuseaddr,fork" \
    "SYSTEM:'exec $BIN/tcppm -I -l$T/access.log 1 127.0.0.1 $HTTP_PORT',nofork"
wait_port "$P"
for i in 1 2; do
	curl -sf "http://127.0.0.1:$P/f.bin" -o "$T/got$i.bin" || fail "curl $i"
	expect_eq "sha256 via inetd mode ($i)" "$(sha "$T/got$i.bin")" \
	    "$(sha "$T/www/f.bin")"
done
# Each client got its own tcppm, which logged and exited (the probe of
# wait_port made one more, empty, record).
xfer="00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT [0-9]+ [1-9]"
i=0
while [ "$(grep -Ec "$xfer" "$T/access.log")" -lt 2 ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "records of transfers" "$(grep -Ec "$xfer" "$T/access.log")" 2
# IPv6 client through socat on ::1 works too.
P6=$(free_port)
bg socat6 socat "TCP6-LISTEN:$P6,bind=[::1],reuseaddr,fork" \
    "SYSTEM:'exec $BIN/tcppm -I -l$T/access6.log 1 127.0.0.1 $HTTP_PORT',nofork"
wait_port "$P6" ::1
curl -sf "http://[::1]:$P6/f.bin" -o "$T/got6.bin" || fail "curl over IPv6"
expect_eq "sha256 via inetd over IPv6" "$(sha "$T/got6.bin")" "$(sha "$T/www/f.bin")"
wait_file_match "$T/access6.log" " 00000 - ::1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT"
