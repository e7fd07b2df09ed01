# udppm -s (single packet) in front of a real DNS server: dig's queries go
# through, one association (and one record) per query.
. "$(dirname "$0")/../lib/lib.sh"
need dig dnsmasq
DP=$(free_port)
bg dnsmasq dnsmasq -k -u root --conf-file=/dev/null --no-resolv --no-hosts \
    --listen-address=127.0.0.1 --bind-interfaces -p "$DP" \
    --address=/test.example/10.1.2.3 --pid-file="$T/dnsmasq.pid"
P=$(free_port)
run_module udppm udppm -s -i127.0.0.1 -l"$T/access.log" "$P" 127.0.0.1 "$DP"
for i in 1 2 3; do
	a=$(dig +short +tries=3 +time=2 -p "$P" @127.0.0.1 "h$i.test.example" A)
	expect_eq "answer $i through udppm -s" "$a" 10.1.2.3
done
i=0
while [ "$(grep -c " $P 00000 " "$T/access.log" 2>/dev/null)" -lt 3 ] && \
    [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "one record per query" "$(grep -c " $P 00000 - 127\.0\.0\.1:[0-9]* 127\.0\.0\.1:$DP [0-9]* [0-9]* 0 $" "$T/access.log")" 3
alive udppm
