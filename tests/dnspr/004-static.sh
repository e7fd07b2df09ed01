# Static records (--nsrecord) answer A, AAAA and PTR without asking the
# upstream, win over what the upstream says, and 0.0.0.0 blacklists a name
# (NXDOMAIN, code 888).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
stub_up up --addr 192.0.2.99
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$STUB_PORT" --nsrecord=static.example:192.0.2.7 \
    --nsrecord=static.example:192.0.2.8 --nsrecord=static.example:2001:db8::7 \
    --nsrecord=bad.example:0.0.0.0
expect_eq "static A" "$(dq +short static.example A | sort | tr '\n' ' ')" \
    "192.0.2.7 192.0.2.8 "
expect_eq "static AAAA" "$(dq +short STATIC.example AAAA)" 2001:db8::7
expect_eq "static PTR" "$(dq +short -x 192.0.2.8)" static.example.
expect_eq "static PTR v6" "$(dq +short -x 2001:db8::7)" static.example.
out=$(dq +noall +comments bad.example A)
expect_match "blacklisted" "$out" "status: NXDOMAIN"
# A name with no static record goes upstream.
expect_eq "upstream" "$(dq +short other.example A)" 192.0.2.99
expect_eq "upstream queries" "$(cat "$T/up.count")" "udp 1 tcp 0"
log_wait 6
# Local answers name no upstream; forwarded ones the server that answered.
expect_file_match "$T/access.log" " $P 00000 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 [0-9]+ [0-9]+ 0 0001/static\.example/192\.0\.2\.7$"
expect_file_match "$T/access.log" " $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$STUB_PORT [0-9]+ [0-9]+ 0 0001/other\.example/192\.0\.2\.99$"
expect_file_match "$T/access.log" " $P 00000 - .* 000c/8\.2\.0\.192\.in-addr\.arpa/static\.example$"
expect_file_match "$T/access.log" " $P 00888 - .* 0001/bad\.example/$"
alive dnspr
