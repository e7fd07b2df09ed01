# Slowloris (reliability H17): slowhttptest opens 1000 connections that
# trickle their heads, at 200 a second, against the default 500 slots,
# while curl asks for a file through the proxy every 0.2 s: all 50 of those
# requests are answered (the longest-waiting trickler is closed to make
# room; 44 % of them failed before), and once the attack stops the
# descriptors come back.
. "$(dirname "$0")/common.sh"
need slowhttptest curl
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
start_proxy
base=$(ls /proc/"$PID_proxy"/fd | wc -l)
bg slow slowhttptest -c 1000 -H -i 10 -r 200 -l 40 -p 3 \
    -d "127.0.0.1:$PP" -u "http://127.0.0.1:$HTTP_PORT/x"
# Until the slots are full (500 of them: 2.5 s at 200 a second).
i=0
while [ "$(ls /proc/"$PID_proxy"/fd | wc -l)" -lt 500 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
ok=0
for i in $(seq 1 50); do
	r=$(curl -s --max-time 3 -x "127.0.0.1:$PP" "http://127.0.0.1:$HTTP_PORT/x")
	[ "$r" = hello ] && ok=$((ok + 1))
	sleep 0.2
done
held=$(ls /proc/"$PID_proxy"/fd | wc -l)
kill "$PID_slow"
expect_eq "legitimate requests answered during the attack" "$ok" 50
[ "$held" -gt 400 ] || fail "the attack held only $held descriptors"
expect_fds proxy "$base" "descriptors back after the attack"
alive proxy
