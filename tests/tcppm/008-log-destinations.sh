# -l writes records to standard output, -lFILE appends to a file, -l@IDENT
# sends them to syslog (facility daemon, priority info, the ident and pid),
# -f sets the format; without -l nothing is logged. Each record is checked
# field by field.
. "$(dirname "$0")/../lib/lib.sh"
need curl unshare
mkdir "$T/www"
head -c 123456 /dev/urandom >"$T/www/f.bin"
http_server origin "$T/www"

# -l: standard output, default format.
P=$(free_port)
run_module stdout tcppm -i127.0.0.1 -l "$P" 127.0.0.1 "$HTTP_PORT"
curl -sf "http://127.0.0.1:$P/f.bin" -o /dev/null || fail curl
wait_file_match "$T/stdout.out" \
    "^[0-9]{12}\.[0-9]{3} $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT [0-9]+ 123[0-9]{3} 0 127\.0\.0\.1$"

# -lFILE with -f: a custom format, every field in a fixed order.
P=$(free_port)
echo "existing line" >"$T/file.log"
run_module file tcppm -i127.0.0.1 -l"$T/file.log" \
    "-fG%N|%p|%E|%U|%C|%R:%r|%Q:%q|%n|%e|%i|%O|%I|%h|%T|%Y-%m-%d" \
    "$P" 127.0.0.1 "$HTTP_PORT"
curl -sf "http://127.0.0.1:$P/f.bin" -o /dev/null || fail curl
today=$(date -u +%Y-%m-%d)
wait_file_match "$T/file.log" \
    "^TCPPM\|$P\|00000\|-\|127\.0\.0\.1\|127\.0\.0\.1:$HTTP_PORT\|127\.0\.0\.1:$HTTP_PORT\|127\.0\.0\.1\|127\.0\.0\.1\|127\.0\.0\.1\|[0-9]+\|123[0-9]{3}\|0\|127\.0\.0\.1\|$today$"
expect_eq "appended, not truncated" "$(head -1 "$T/file.log")" "existing line"

# %i is the address the client reached: on a wildcard listener the one it
# dialled (asked of the socket), on a listener bound to one address that
# address (known without asking).
P=$(free_port)
run_module wild tcppm -l "-fG%i %p" "$P" 127.0.0.1 "$HTTP_PORT"
curl -sf "http://127.0.0.2:$P/f.bin" -o /dev/null || fail curl
wait_file_match "$T/wild.out" "^127\.0\.0\.2 $P$"
P=$(free_port)
run_module fixed tcppm -i127.0.0.3 -l "-fG%i %p" "$P" 127.0.0.1 "$HTTP_PORT"
curl -sf "http://127.0.0.3:$P/f.bin" -o /dev/null || fail curl
wait_file_match "$T/fixed.out" "^127\.0\.0\.3 $P$"

# No -l: nothing on standard output.
P=$(free_port)
run_module quiet tcppm -i127.0.0.1 "$P" 127.0.0.1 "$HTTP_PORT"
curl -sf "http://127.0.0.1:$P/f.bin" -o /dev/null || fail curl
alive quiet
expect_eq "no records without -l" "$(wc -c <"$T/quiet.out")" 0

# -l@IDENT: syslog, in a private mount namespace where /dev/log is ours.
P=$(free_port)
script sys.sh <<SHEOF
set -e
mount -t tmpfs none /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/urandom c 1 9
$PY $LIB/syslogd.py /dev/log $T/syslog.txt &
sl=\$!
while [ ! -e $T/syslog.txt.ready ]; do sleep 0.05; done
$BIN/tcppm -i127.0.0.1 -l@proxytest $P 127.0.0.1 $HTTP_PORT &
tp=\$!
for i in \$(seq 100); do
	curl -sf http://127.0.0.1:$P/f.bin -o /dev/null && break
	sleep 0.05
done
for i in \$(seq 100); do
	grep -q proxytest $T/syslog.txt && break
	sleep 0.05
done
echo \$tp >$T/tcppm.pid
kill \$tp \$sl
SHEOF
unshare -m bash "$T/sys.sh" || fail "syslog namespace script failed"
tp=$(cat "$T/tcppm.pid")
# <30> is facility daemon (3) * 8 + priority info (6).
expect_file_match "$T/syslog.txt" \
    "^<30>.* proxytest\[$tp\]: [0-9]{12}\.[0-9]{3} $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT [0-9]+ 123[0-9]{3} 0 127\.0\.0\.1$"
