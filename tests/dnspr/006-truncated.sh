# An upstream that truncates over UDP (TC=1) is asked again over TCP, and
# the client gets the full answer.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
stub_up up --mode tc --addr 192.0.2.44
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$STUB_PORT"
out=$(dq +noall +comments +answer tc.example A)
expect_match "full answer" "$out" "^tc\.example\.[[:space:]]+300[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.44$"
expect_match "no TC to the client" "$out" "flags: qr rd ra;"
expect_eq "one UDP then one TCP query" "$(cat "$T/up.count")" "udp 1 tcp 1"
# An nserver marked /tcp is asked over TCP straight away.
P2=$(free_port)
run_module dnspr2 dnspr -i127.0.0.1 -p"$P2" \
    --nserver=127.0.0.1:"$STUB_PORT"/tcp
P=$P2
expect_eq "over TCP only" "$(dq +short tcp.example A)" 192.0.2.44
expect_eq "TCP query count" "$(cat "$T/up.count")" "udp 1 tcp 2"
alive dnspr
