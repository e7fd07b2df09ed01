# Upstream trouble: a silent server costs the DNS timeout (TO_DNS, here 1 s)
# and then the next nserver is asked; when every server is silent the
# client gets SERVFAIL (code 821) instead of the original's silence; a
# server that is not there (ICMP refused) is skipped at once.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig dnsmasq
TO=1,5,30,60,180,1800,1
stub_up mute --mode silent
dnsmasq_up dm --address=/test.example/10.1.2.3
DEAD=$(free_port)
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" --timeouts=$TO \
    --nserver=127.0.0.1:"$STUB_PORT"
start=$(date +%s%N)
out=$(dq +noall +comments s.example A)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_match "all silent" "$out" "status: SERVFAIL"
[ $ms -ge 900 ] && [ $ms -lt 3900 ] || fail "SERVFAIL after $ms ms, want ~1000"
log_wait 1
expect_file_match "$T/access.log" " $P 00821 - .* 0001/s\.example/$"

# Silent first, then dnsmasq: answered after one timeout.
P2=$(free_port)
run_module dnspr2 dnspr -i127.0.0.1 -p"$P2" --timeouts=$TO \
    --nserver=127.0.0.1:"$STUB_PORT" --nserver=127.0.0.1:"$DM_PORT"
P=$P2
start=$(date +%s%N)
expect_eq "second server" "$(dq +short a.test.example A)" 10.1.2.3
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $ms -ge 900 ] || fail "answered after $ms ms: the first server was not asked"

# Refused first (nothing on that port), then dnsmasq: no timeout (5 s here)
# spent.
P3=$(free_port)
run_module dnspr3 dnspr -i127.0.0.1 -p"$P3" --timeouts=1,5,30,60,180,1800,5 \
    --nserver=127.0.0.1:"$DEAD" --nserver=127.0.0.1:"$DM_PORT"
P=$P3
start=$(date +%s%N)
expect_eq "after a refused server" "$(dq +short b.test.example A)" 10.1.2.3
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $ms -lt 3500 ] || fail "answered after $ms ms: ICMP refusal not seen"
alive dnspr
alive dnspr2
alive dnspr3
