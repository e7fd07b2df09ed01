# Answers are cached with their TTL: once the upstream is stopped, cached
# names (and a cached NXDOMAIN) are still answered, with a TTL that counts
# down; a name never asked gets SERVFAIL.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig dnsmasq
dnsmasq_up dm --address=/test.example/10.1.2.3 --address=/nx.example/ \
    --local-ttl=300
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$DM_PORT"
expect_eq "first answer" "$(dq +short a.test.example A)" 10.1.2.3
expect_match "NXDOMAIN" "$(dq +noall +comments x.nx.example A)" \
    "status: NXDOMAIN"
stop dm
kill -0 "$PID_dm" 2>/dev/null && fail "dnsmasq still runs"
out=$(dq +noall +answer a.test.example A)
expect_match "cached answer" "$out" \
    "^a\.test\.example\.[[:space:]]+([0-9]+)[[:space:]]+IN[[:space:]]+A[[:space:]]+10\.1\.2\.3$"
ttl=$(printf '%s\n' "$out" | awk '{print $2}')
[ "$ttl" -ge 1 ] && [ "$ttl" -le 300 ] || fail "cached TTL $ttl not in 1..300"
expect_match "cached NXDOMAIN" "$(dq +noall +comments x.nx.example A)" \
    "status: NXDOMAIN"
expect_match "uncached name" "$(dq +noall +comments b.test.example A)" \
    "status: SERVFAIL"
log_wait 5
expect_file_match "$T/access.log" " $P 00821 - .* 0001/b\.test\.example/$"
alive dnspr
