# Commands without behaviour in this build are refused, never ignored:
# "not implemented in this build" for later work, "not supported in this
# build" for TLS, PCRE and ODBC; the supervisor does not start.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
cat >"$T/x.cfg" <<CFG
bandlimin 57600 * 192.168.10.16/30
counter /tmp/3proxy.3cf
rotate 30
log /tmp/x.log D
log &dsn,user,pass
ssl_server_cert /etc/ssl/x.pem
pcre request deny "evil"
plugin /lib/x.so start
smtpp -p25
parent 1000 tls 0.0.0.0 0
tcppm -i127.0.0.1 $P 127.0.0.1 9
CFG
"$BIN/3proxy" "$T/x.cfg" </dev/null 2>"$T/err"
expect_eq "exit status" "$?" 78
C=$T/x.cfg
expect_file_match "$T/err" "$C:1: bandlimin: not implemented in this build"
expect_file_match "$T/err" "$C:2: counter: not implemented in this build"
expect_file_match "$T/err" "$C:3: rotate: not implemented in this build"
expect_file_match "$T/err" "$C:4: log /tmp/x.log D: log rotation is not implemented in this build"
expect_file_match "$T/err" "$C:5: log &dsn,user,pass: ODBC logging is not supported in this build"
expect_file_match "$T/err" "$C:6: ssl_server_cert: not supported in this build"
expect_file_match "$T/err" "$C:7: pcre: not supported in this build"
expect_file_match "$T/err" "$C:8: plugin: not implemented in this build"
expect_file_match "$T/err" "$C:9: smtpp: not implemented in this build"
expect_file_match "$T/err" "$C:10: parent: local redirection to tls is not implemented in this build"
"$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', $P))" ||
    fail "a service was started"
true
