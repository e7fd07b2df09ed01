#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# ftppr (USER name@host:port) asks the ACL about every address the host
# name resolves to, before it connects there, not about the name alone: a
# name whose address is denied gets 530 and error 1, the same ACL lets a
# name of an allowed address through (ftplib gets the file), and a name
# with two addresses, the first allowed but refusing connections, the
# second denied, gets 421 and error 13 without a connection to the denied
# one (a listener there counts none).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need_py pyftpdlib
need_bin ftppr
mkdir "$T/ftp"
head -c 100000 /dev/urandom >"$T/ftp/f.bin"
F=$(free_port)
bg ftpd "$PY" -m pyftpdlib -i 127.0.0.1 -p "$F" -d "$T/ftp"
wait_port "$F"
name_acl_setup
script ftp.py <<'PYEOF'
import ftplib, sys, io
port, target, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
f = ftplib.FTP()
f.connect("127.0.0.1", port, timeout=10)
try:
    f.login("anonymous@" + target, "guest@")
except ftplib.all_errors as e:
    print(str(e))
    sys.exit(0)
buf = io.BytesIO()
f.retrbinary("RETR f.bin", buf.write)
open(out, "wb").write(buf.getvalue())
f.quit()
print("ok")
PYEOF
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "f$mode" "$mode" ftppr "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/f$mode.log" -f'L%E|%n|%R|%r'
	expect_eq "$mode: a name of an allowed address" "$("$PY" "$T/ftp.py" \
	    "$P" "allowed.test:$F" "$T/got")" ok
	expect_eq "$mode: bytes" "$(sha "$T/got")" "$(sha "$T/ftp/f.bin")"
	expect_eq "$mode: a name of a denied address" "$("$PY" "$T/ftp.py" \
	    "$P" "denied.test:$C" /dev/null)" \
	    "530 Access denied by the proxy policy"
	expect_eq "$mode: allowed then denied address" "$("$PY" "$T/ftp.py" \
	    "$P" "two.test:$C" /dev/null)" "421 Cannot connect to the server"
	policy_stop "f$mode"
	expect_eq "$mode: records" "$(cat "$T/f$mode.log")" \
	    "00000|allowed.test|127.0.0.1|$F
00001|denied.test|0.0.0.0|0
00013|two.test|127.0.0.3|$C"
done
name_acl_untouched
