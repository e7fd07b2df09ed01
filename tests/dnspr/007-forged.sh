# RFC 5452: answers racing the real one from another port, with a wrong ID,
# for another question (name or type), or with QR=0 are all ignored; the
# real answer is the one served and the one cached.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig
stub_up up --mode forge --addr 192.0.2.55 --forged-addr 6.6.6.6
P=$(free_port)
run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log" \
    --nserver=127.0.0.1:"$STUB_PORT"
for i in 1 2 3 4 5; do
	expect_eq "answer $i" "$(dq +short "f$i.example" A)" 192.0.2.55
done
stop up
for i in 1 2 3 4 5; do
	expect_eq "cached answer $i" "$(dq +short "f$i.example" A)" 192.0.2.55
done
grep -q "6\.6\.6\.6" "$T/access.log" && fail "a forged answer was served"
alive dnspr
