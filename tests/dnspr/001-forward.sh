# A, AAAA and TXT queries forwarded to a real upstream (dnsmasq): the answers
# reach dig intact, and each query leaves one access record with the
# original's text "TTTT/name/answer".
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig dnsmasq
dnsmasq_up dm --address=/test.example/10.1.2.3 --address=/test.example/fd00::5 \
    --txt-record=t.test.example,"hello world" --local-ttl=300
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$DM_PORT"
expect_eq "A" "$(dq +short a.test.example A)" 10.1.2.3
expect_eq "AAAA" "$(dq +short a.test.example AAAA)" fd00::5
expect_eq "TXT" "$(dq +short t.test.example TXT)" '"hello world"'
# The header of a forwarded answer: QR, RD, RA, NOERROR, one answer.
out=$(dq +noall +comments +answer b.test.example A)
expect_match "header" "$out" "status: NOERROR"
expect_match "flags" "$out" "flags: qr rd ra; QUERY: 1, ANSWER: 1,"
expect_match "record" "$out" "^b\.test\.example\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+10\.1\.2\.3$"
# The question comes back as the client wrote it (case kept).
out=$(dq +noall +question +answer MiXeD.TeSt.ExAmPlE A)
expect_match "question case" "$out" "^;MiXeD\.TeSt\.ExAmPlE\.[[:space:]]+IN[[:space:]]+A$"
log_wait 5
L=" $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$DM_PORT [0-9]+ [0-9]+ 0"
expect_file_match "$T/access.log" "$L 0001/a\.test\.example/10\.1\.2\.3$"
expect_file_match "$T/access.log" "$L 001c/a\.test\.example/fd00::5$"
expect_file_match "$T/access.log" "$L 0010/t\.test\.example/$"
alive dnspr
