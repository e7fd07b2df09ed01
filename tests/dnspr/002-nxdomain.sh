# NXDOMAIN from the upstream reaches the client as NXDOMAIN, with the client's
# ID and question, and is logged with the original's code 888; a NODATA
# answer stays NOERROR with no records.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig dnsmasq
dnsmasq_up dm --address=/nx.example/ --local=/v4.example/ \
    --host-record=host.v4.example,10.0.0.4
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$DM_PORT"
out=$(dq +noall +comments +question gone.nx.example A)
expect_match "NXDOMAIN" "$out" "status: NXDOMAIN"
expect_match "question echoed" "$out" "^;gone\.nx\.example\.[[:space:]]+IN[[:space:]]+A$"
out=$(dq +noall +comments host.v4.example AAAA)
expect_match "NODATA" "$out" "status: NOERROR"
expect_match "no records" "$out" "ANSWER: 0,"
log_wait 2
expect_file_match "$T/access.log" " $P 00888 - 127\.0\.0\.1:[0-9]+ .* 0001/gone\.nx\.example/$"
expect_file_match "$T/access.log" " $P 00000 - 127\.0\.0\.1:[0-9]+ .* 001c/host\.v4\.example/$"
alive dnspr
