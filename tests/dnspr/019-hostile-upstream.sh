# A hostile upstream: RDLENGTH past the end (SERVFAIL), an A record with 16
# bytes (no address taken), a CNAME loop, TTL 0, 2^31 (top bit set: 0, RFC
# 2181 s8) and 2^31-1 (12 h at most, passed on and cached), 500 answers
# (cached as 8 addresses). dnspr keeps serving.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
stub_up up --mode hostile
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$STUB_PORT"
expect_match "RDLENGTH past the end" "$(dq +noall +comments rdlen.example A)" \
    "status: SERVFAIL"
dq a16.example A >/dev/null
dq loop.example A >/dev/null
expect_eq "TTL 0" "$(dq +noall +answer ttl0.example A | awk '{print $2}')" 0
expect_eq "TTL 2^31" "$(dq +noall +answer ttlmax.example A | awk '{print $2}')" 0
expect_eq "TTL 2^31-1" "$(dq +noall +answer ttlbig.example A | awk '{print $2}')" \
    43200
# From the cache now.
ttl=$(dq +noall +answer ttlbig.example A | awk '{print $2}')
[ "$ttl" -le 43200 ] && [ "$ttl" -ge 43190 ] || fail "cached TTL $ttl"
expect_eq "500 answers passed" "$(dq +tcp +short many.example A | wc -l)" 500
expect_eq "8 cached" "$(dq +tcp +short many.example A | wc -l)" 8
expect_eq "still serving" "$(dq +short fine.example A)" 10.0.0.1
expect_eq "upstream asked" "$(cat "$T/up.count")" "udp 8 tcp 0"
alive dnspr
