# tcppm with a host name resolved by our own resolver: --nserver points at
# a local dnsmasq; a static record (--nsrecord) needs no upstream; -64
# falls back to IPv4 for a name with no AAAA; a blacklisted (0.0.0.0) or
# unknown name ends with error 100.
. "$(dirname "$0")/../lib/lib.sh"
need curl dnsmasq
mkdir "$T/www"
echo "through the resolver" >"$T/www/index.txt"
http_server origin "$T/www"
DP=$(free_port)
bg dnsmasq dnsmasq -k -u root --conf-file=/dev/null --no-resolv --no-hosts \
    --listen-address=127.0.0.1 --bind-interfaces -p "$DP" \
    --local=/test.example/ --host-record=origin.test.example,127.0.0.1 \
    --pid-file="$T/dnsmasq.pid"
wait_port "$DP"
start() {	# start NAME HOST FLAGS...: a tcppm on $P to HOST:$HTTP_PORT
	local name=$1 host=$2; shift 2
	P=$(free_port)
	run_module "$name" tcppm -i127.0.0.1 -l"$T/$name.log" \
	    --nserver=127.0.0.1:"$DP" "$@" "$P" "$host" "$HTTP_PORT"
}
get() {
	curl -s --max-time 10 "http://127.0.0.1:$P/index.txt"
}

start byname origin.test.example
expect_eq "by name" "$(get)" "through the resolver"
wait_file_match "$T/byname.log" " $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT [0-9]+ [0-9]+ 0 origin\.test\.example$"

start fallback origin.test.example -64
expect_eq "-64 falls back to IPv4" "$(get)" "through the resolver"

start static pinned.example --nsrecord=pinned.example:127.0.0.1
expect_eq "static record" "$(get)" "through the resolver"

start black origin.test.example --nsrecord=origin.test.example:0.0.0.0
get >/dev/null
wait_file_match "$T/black.log" " $P 00100 - 127\.0\.0\.1:[0-9]+ .* origin\.test\.example$"

start unknown nothere.test.example
get >/dev/null
wait_file_match "$T/unknown.log" " $P 00100 - 127\.0\.0\.1:[0-9]+ .* nothere\.test\.example$"
alive byname
alive unknown
