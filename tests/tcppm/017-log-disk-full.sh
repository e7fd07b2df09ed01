# A full disk under the access log (reliability R7): transfers go on
# with their bytes intact, the failure is reported once on stderr, and
# records are written again, with a notice, as soon as there is room.
# The log lives on a 64 KiB tmpfs in a private mount namespace.
# supervised: no
. "$(dirname "$0")/../lib/lib.sh"
need curl unshare
mkdir "$T/www" "$T/logfs"
head -c 300000 /dev/urandom >"$T/www/f.bin"
want=$(sha "$T/www/f.bin")
http_server origin "$T/www"
P=$(free_port)
script full.sh <<SHEOF
set -e
mount -t tmpfs -o size=64k none $T/logfs
$BIN/tcppm -i127.0.0.1 -l$T/logfs/access.log $P 127.0.0.1 $HTTP_PORT \
    2>$T/tcppm.err &
tp=\$!
get() {
	curl -sf -m 10 http://127.0.0.1:$P/f.bin -o $T/got.\$1
	sha256sum <$T/got.\$1 | cut -d' ' -f1 >$T/sha.\$1
}
for i in \$(seq 100); do
	curl -sf -m 2 http://127.0.0.1:$P/f.bin -o /dev/null && break
	sleep 0.05
done
for i in \$(seq 100); do
	[ -s $T/logfs/access.log ] && break
	sleep 0.05
done
cp $T/logfs/access.log $T/before.log
# Fill the file system to the last block; records still fill the log's
# last page, then one is refused or cut short.
dd if=/dev/zero of=$T/logfs/fill bs=4k 2>/dev/null || true
df -k $T/logfs | tail -1 >$T/df.txt
n=0
while [ \$n -lt 80 ] && ! grep -q "access log write:" $T/tcppm.err; do
	n=\$((n + 1))
	get \$n
done
echo \$n >$T/n.txt
for k in 1 2 3; do n=\$((n + 1)); get \$n; done
echo \$n >$T/n.txt
rm $T/logfs/fill
get last
for i in \$(seq 100); do
	tail -1 $T/logfs/access.log | grep -q " 300[0-9]* 0 127" && \\
	    [ \$(grep -c . $T/logfs/access.log) -gt 1 ] && break
	sleep 0.05
done
cp $T/logfs/access.log $T/after.log
kill -0 \$tp
kill \$tp
wait \$tp || true
SHEOF
unshare -m bash "$T/full.sh" || fail "disk-full namespace script failed"
expect_match "the log's file system was full" "$(cat "$T/df.txt")" \
    " 0 +100% "
n=$(cat "$T/n.txt")
expect_match "the fault came within 80 transfers" "$n" "^([4-9]|[1-7][0-9]|8[0-3])$"
for i in $(seq "$n") last; do
	expect_eq "transfer $i intact" "$(cat "$T/sha.$i")" "$want"
done
rec="^[0-9]{12}\.[0-9]{3} $P 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$HTTP_PORT [0-9]+ 300[0-9]{3} 0 127\.0\.0\.1$"
expect_match "the first record" "$(cat "$T/before.log")" "$rec"
# Records of transfers during the fault are lost (one may be cut short);
# the one after the space came back is whole, on its own line.
expect_match "the record after recovery is whole" \
    "$(tail -1 "$T/after.log")" "$rec"
whole=$(grep -cE "$rec" "$T/after.log")
lines=$(wc -l <"$T/after.log")
expect_match "every line but a cut one is a whole record" \
    "$((lines - whole))" "^[01]$"
expect_eq "the failure is reported once" \
    "$(grep -c "access log write:" "$T/tcppm.err")" 1
expect_file_match "$T/tcppm.err" \
    "access log write: (No space left on device|the record was cut short)"
expect_file_match "$T/tcppm.err" "access log writes work again"
