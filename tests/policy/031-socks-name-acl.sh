#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# socks (socks5-hostname) asks the ACL about every address a name resolves
# to, before it connects there: a name whose address is denied gets REP 2
# (not allowed) and error 1, the same ACL lets a name of an allowed address
# through, and a name with two addresses, the first allowed but refusing
# connections, the second denied, gets REP 5 (refused) and error 13 without
# a connection to the denied one (a listener there counts none).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin socks
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
H=$HTTP_PORT
name_acl_setup
# s5.py PORT NAME DSTPORT: SOCKS5 CONNECT by name; prints the reply code.
script s5.py <<'PYEOF'
import socket, sys
port, name, dport = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
c = socket.create_connection(("127.0.0.1", port), timeout=10)
c.sendall(b"\x05\x01\x00")
assert c.recv(2) == b"\x05\x00"
c.sendall(b"\x05\x01\x00\x03" + bytes([len(name)]) + name +
          dport.to_bytes(2, "big"))
rep = b""
while len(rep) < 10:
    b = c.recv(10 - len(rep))
    if not b:
        break
    rep += b
print("rep", rep[1])
PYEOF
for mode in standalone supervised; do
	S=$(free_port)
	policy_run "s$mode" "$mode" socks "$T/p.cfg" -i127.0.0.1 -p"$S" \
	    -l"$T/s$mode.log" -f'L%E|%n|%R|%r'
	expect_eq "$mode: a name of an allowed address" "$(curl -sf \
	    --max-time 10 --socks5-hostname "127.0.0.1:$S" \
	    "http://allowed.test:$H/x")" hello
	expect_eq "$mode: a name of a denied address" \
	    "$("$PY" "$T/s5.py" "$S" denied.test "$C")" "rep 2"
	expect_eq "$mode: allowed then denied address" \
	    "$("$PY" "$T/s5.py" "$S" two.test "$C")" "rep 5"
	policy_stop "s$mode"
	expect_eq "$mode: records" "$(cat "$T/s$mode.log")" \
	    "00000|allowed.test|127.0.0.1|$H
00001|denied.test|0.0.0.0|0
00013|two.test|127.0.0.3|$C"
done
name_acl_untouched
