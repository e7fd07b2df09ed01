# Config errors: an unknown command, a wrong argument count, a bad address
# and an unreadable $file are each reported as FILE:LINE: message, all of
# them in one run, and 3proxy exits 78 (EX_CONFIG) without starting anything.
# A port in use exits 69 without a leak.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
cat >"$T/bad.cfg" <<CFG
# a comment
frobnicate 1 2
maxconn
internal 300.1.2.3
users \$$T/no-such-file
tcppm -i127.0.0.1 $P 127.0.0.1 9
external not-an-address
CFG
"$BIN/3proxy" "$T/bad.cfg" </dev/null >"$T/out" 2>"$T/err"
expect_eq "exit status" "$?" 78
C=$T/bad.cfg
expect_file_match "$T/err" "^3proxy: $C:2: unknown command 'frobnicate'$"
expect_file_match "$T/err" "^3proxy: $C:3: maxconn: wrong number of arguments \\(0, expected 1\\)$"
expect_file_match "$T/err" "^3proxy: $C:4: internal: bad address '300\\.1\\.2\\.3'$"
expect_file_match "$T/err" "^3proxy: $C:5: \\\$$T/no-such-file: No such file or directory$"
expect_file_match "$T/err" "^3proxy: $C:7: external: bad address 'not-an-address'$"
expect_file_match "$T/err" "^3proxy: 5 errors in $C$"
# Nothing was started: the port of the (valid) service line is free.
"$PY" -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', $P))" ||
    fail "port $P is in use"

# A service line whose flags the module refuses is reported at its line.
printf 'internal 127.0.0.1\ntcppm -Q %s 127.0.0.1 9\n' "$P" >"$T/flags.cfg"
"$BIN/3proxy" "$T/flags.cfg" </dev/null 2>"$T/err2"
expect_eq "exit status for bad flags" "$?" 78
expect_file_match "$T/err2" "^3proxy: $T/flags.cfg:2: tcppm: unknown option -Q$"

# A port another process holds: reported at its line, exit 69
# (EX_UNAVAILABLE), nothing left allocated (the sanitizer pass checks).
B=$(free_port)
bg holder "$PY" -c "
import socket, time
s = socket.socket(); s.bind(('127.0.0.1', $B)); s.listen(1)
open('$T/held', 'w').write('held')
time.sleep(30)"
wait_file_match "$T/held" held
printf 'internal 127.0.0.1\nsocks -p%s\n' "$B" >"$T/busy.cfg"
"$BIN/3proxy" "$T/busy.cfg" </dev/null 2>"$T/busy.err"
expect_eq "exit status for a port in use" "$?" 69
expect_file_match "$T/busy.err" "^3proxy: $T/busy.cfg:2: socks: bind 127\\.0\\.0\\.1:$B: Address already in use$"
