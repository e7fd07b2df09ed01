# Check mode (-c, --check): parses everything, reports every error, starts
# nothing; exit 0 for a good file, 78 for a bad one. Two service lines on
# one address, port and type are an error there too (it said OK, and the
# real start then failed).
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
cat >"$T/good.cfg" <<CFG
internal 127.0.0.1
maxconn 10
log $T/access.log
tcppm $P 127.0.0.1 9
udppm $P 127.0.0.1 9
CFG
"$BIN/3proxy" -c "$T/good.cfg" </dev/null 2>"$T/err"
expect_eq "exit status (good)" "$?" 0
expect_file_match "$T/err" "^$T/good.cfg: configuration OK, 2 services$"
[ -e "$T/access.log" ] && fail "check mode opened the log"
"$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', $P))" ||
    fail "check mode bound port $P"

printf 'maxconn 0\ntimeouts x\nbogus\n' >"$T/bad.cfg"
"$BIN/3proxy" --check "$T/bad.cfg" </dev/null 2>"$T/err2"
expect_eq "exit status (bad)" "$?" 78
expect_file_match "$T/err2" "$T/bad.cfg:1: maxconn: bad number '0'"
expect_file_match "$T/err2" "$T/bad.cfg:2: timeouts: bad value 'x'"
expect_file_match "$T/err2" "$T/bad.cfg:3: unknown command 'bogus'"
grep -q 'configuration OK' "$T/err2" && fail "a bad file was called OK"

printf 'internal 127.0.0.1\nproxy -p%s\nsocks -p%s\ntcppm -p%s %s 127.0.0.1 9\nudppm %s 127.0.0.1 9\n' \
    "$P" "$P" "$((P + 1))" "$((P + 1))" "$P" >"$T/dup.cfg"
"$BIN/3proxy" -c "$T/dup.cfg" </dev/null 2>"$T/err3"
expect_eq "exit status (one port twice)" "$?" 78
expect_eq "the error" "$(grep -c 'taken' "$T/err3")" 1
expect_file_match "$T/err3" \
    "^3proxy: $T/dup.cfg:3: socks: tcp 127\.0\.0\.1:$P is taken by an earlier service line$"
grep -q 'configuration OK' "$T/err3" && fail "a bad file was called OK"
true
