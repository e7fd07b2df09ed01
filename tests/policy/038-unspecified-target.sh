#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Other spellings of this host as a target (reliability.md H12). With an
# ACL that denies 127.0.0.0/8 and ::1, no spelling reaches a listener on
# this host: 0.0.0.0 and :: (Linux connects them here) are no destination
# and fail as a connect that failed (proxy 502, error 13; socks REP 1),
# ::ffff:127.0.0.1 is checked as 127.0.0.1 (403, REP 2), through proxy
# (CONNECT and absolute-form), socks (SOCKS5 by address and by name),
# ftppr and pop3p (USER name@host:port). And a request naming the proxy
# itself as 0.0.0.0 or ::ffff:127.0.0.1 is not passed round in a loop:
# one record, not one per connection until maxconn.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy socks ftppr pop3p
C=$(free_port)
accept_counter 0.0.0.0 "$C"
accept_counter ::1 "$C"
cat >"$T/p.cfg" <<'CFG'
deny * * 127.0.0.0/8
deny * * ::1
allow *
CFG
# raw.py PORT TEXT [N [M]]: send TEXT ("|" for CRLF) after the server's
# first N lines [0]; skip M lines more [0] and print the next one.
script raw.py <<'PYEOF'
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
f = c.makefile("rb")
n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
m = int(sys.argv[4]) if len(sys.argv) > 4 else 0
for _ in range(n):
    f.readline()
c.sendall(sys.argv[2].encode().replace(b"|", b"\r\n"))
for _ in range(m):
    f.readline()
print(f.readline().decode().rstrip("\r\n"))
PYEOF
# s5.py PORT ATYP ADDR DSTPORT: a SOCKS5 CONNECT; prints the REP code.
script s5.py <<'PYEOF'
import socket, sys
port, atyp, addr, dport = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], \
    int(sys.argv[4])
if atyp == 1:
    raw = socket.inet_pton(socket.AF_INET, addr)
elif atyp == 4:
    raw = socket.inet_pton(socket.AF_INET6, addr)
else:
    raw = bytes([len(addr)]) + addr.encode()
c = socket.create_connection(("127.0.0.1", port), timeout=10)
c.sendall(b"\x05\x01\x00")
assert c.recv(2) == b"\x05\x00"
c.sendall(b"\x05\x01\x00" + bytes([atyp]) + raw + dport.to_bytes(2, "big"))
print("rep", c.recv(10)[1])
PYEOF

P=$(free_port)
policy_run proxy standalone proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
    -l"$T/proxy.log" -f'L%E|%R'
for t in "0.0.0.0 502" "[::] 502" "[::ffff:0.0.0.0] 502" \
    "[::ffff:127.0.0.1] 403" "[::1] 403" "127.0.0.1 403"; do
	set -- $t
	expect_match "proxy CONNECT $1" "$("$PY" "$T/raw.py" "$P" \
	    "CONNECT $1:$C HTTP/1.1|Host: $1:$C||")" "^HTTP/1.1 $2 "
done
expect_eq "proxy GET 0.0.0.0" "$(http_code -x "127.0.0.1:$P" \
    "http://0.0.0.0:$C/")" 502
expect_eq "proxy GET [::]" "$(http_code -x "127.0.0.1:$P" \
    "http://[::]:$C/")" 502
policy_stop proxy
expect_eq "proxy: records" "$(cut -d'|' -f1 "$T/proxy.log" | tr '\n' ' ')" \
    "00013 00013 00013 00001 00001 00001 00013 00013 "

S=$(free_port)
policy_run socks standalone socks "$T/p.cfg" -i127.0.0.1 -p"$S"
for t in "1 0.0.0.0 1" "4 :: 1" "4 ::ffff:0.0.0.0 1" \
    "4 ::ffff:127.0.0.1 2" "3 0.0.0.0 1" "3 :: 1" "3 ::ffff:127.0.0.1 2"; do
	set -- $t
	expect_eq "socks5 ATYP $1 $2" "$("$PY" "$T/s5.py" "$S" "$1" "$2" \
	    "$C")" "rep $3"
done
policy_stop socks

F=$(free_port) Q=$(free_port)
policy_run ftppr standalone ftppr "$T/p.cfg" -i127.0.0.1 -p"$F"
policy_run pop3p standalone pop3p "$T/p.cfg" -i127.0.0.1 -p"$Q"
for h in 0.0.0.0 "[::]"; do
	expect_match "ftppr USER u@$h" "$("$PY" "$T/raw.py" "$F" \
	    "USER u@$h:$C|PASS x|" 1 1)" '^421 '
	expect_match "pop3p USER u@$h" "$("$PY" "$T/raw.py" "$Q" \
	    "USER u@$h:$C|" 1)" '^-ERR '
done
policy_stop ftppr
policy_stop pop3p

expect_eq "nothing reached 0.0.0.0:$C" "$(accepts_before 127.0.0.1 "$C")" \
    "accept 1"
expect_eq "nothing reached [::1]:$C" "$(accepts_before ::1 "$C")" \
    "accept 1"

# No ACL, -a (no header grows per hop): the proxy named as this host.
P=$(free_port)
run_module loop proxy -i127.0.0.1 -p"$P" -a -l"$T/loop.log" -f'L%E|%R'
expect_eq "GET to itself as 0.0.0.0" "$(http_code -x "127.0.0.1:$P" \
    "http://0.0.0.0:$P/x")" 502
expect_eq "GET to itself as ::ffff:127.0.0.1" "$(http_code \
    -x "127.0.0.1:$P" "http://[::ffff:127.0.0.1]:$P/x")" 503
expect_eq "one record each, no loop" "$(cat "$T/loop.log")" \
    "00013|0.0.0.0
00519|0.0.0.0"
