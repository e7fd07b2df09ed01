# -s: plain forwarding as the original: static records are not served and
# nothing is answered from the cache.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
stub_up up --addr 192.0.2.66
P=$(free_port)
run_module dnspr dnspr -s -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$STUB_PORT" --nsrecord=static.example:192.0.2.7
expect_eq "static record not used" "$(dq +short static.example A)" 192.0.2.66
expect_eq "asked again" "$(dq +short static.example A)" 192.0.2.66
expect_eq "no cache" "$(cat "$T/up.count")" "udp 2 tcp 0"
stop up
expect_match "upstream gone" "$(dq +noall +comments static.example A)" \
    "status: SERVFAIL"
alive dnspr
