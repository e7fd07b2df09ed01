#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# ftppr and pop3p with an ACL that denies one of two targets: python's
# ftplib and poplib log in through the allowed one and get the file or the
# message, and are refused (530, -ERR) for the denied one.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need_py pyftpdlib
need_bin ftppr pop3p
mkdir "$T/ftp"
head -c 100000 /dev/urandom >"$T/ftp/f.bin"
F1=$(free_port) F2=$(free_port) Q1=$(free_port) Q2=$(free_port)
bg f1 "$PY" -m pyftpdlib -i 127.0.0.1 -p "$F1" -d "$T/ftp"
bg f2 "$PY" -m pyftpdlib -i 127.0.0.1 -p "$F2" -d "$T/ftp"
bg q1 "$PY" "$(dirname "$0")/pop3fix.py" --port "$Q1" --name one
bg q2 "$PY" "$(dirname "$0")/pop3fix.py" --port "$Q2" --name two
for p in "$F1" "$F2" "$Q1" "$Q2"; do wait_port "$p"; done
cat >"$T/p.cfg" <<CFG
deny * * 127.0.0.1 $F2,$Q2
allow *
CFG
script ftp.py <<'PYEOF'
import ftplib, sys, io
port, target, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
f = ftplib.FTP()
f.connect("127.0.0.1", port, timeout=10)
try:
    f.login("anonymous@" + target, "guest@")
except ftplib.error_perm as e:
    print("refused", str(e)[:3])
    sys.exit(0)
buf = io.BytesIO()
f.retrbinary("RETR f.bin", buf.write)
open(out, "wb").write(buf.getvalue())
f.quit()
print("ok")
PYEOF
script pop.py <<'PYEOF'
import poplib, sys
port, target = int(sys.argv[1]), sys.argv[2]
p = poplib.POP3("127.0.0.1", port, timeout=10)
try:
    p.user("u@" + target)
    p.pass_("pw")
except poplib.error_proto as e:
    print("refused", e.args[0].decode()[:4])
    sys.exit(0)
lines = p.retr(1)[1]
print("ok", lines[-1].decode())
p.quit()
PYEOF
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "f$mode" "$mode" ftppr "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/f$mode.log" -f'L%E|%C|%T'
	expect_eq "$mode ftp: allowed target" "$("$PY" "$T/ftp.py" "$P" \
	    "127.0.0.1:$F1" "$T/got")" ok
	expect_eq "$mode ftp: bytes" "$(sha "$T/got")" "$(sha "$T/ftp/f.bin")"
	expect_eq "$mode ftp: denied target" "$("$PY" "$T/ftp.py" "$P" \
	    "127.0.0.1:$F2" "$T/got2")" "refused 530"
	wait_file_match "$T/f$mode.log" '^00001\|127\.0\.0\.1\|'
	policy_stop "f$mode"

	P=$(free_port)
	policy_run "q$mode" "$mode" pop3p "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/q$mode.log" -f'L%E|%C|%T'
	expect_eq "$mode pop3: allowed target" "$("$PY" "$T/pop.py" "$P" \
	    "127.0.0.1:$Q1")" "ok message from one"
	expect_eq "$mode pop3: denied target" "$("$PY" "$T/pop.py" "$P" \
	    "127.0.0.1:$Q2")" "refused -ERR"
	wait_file_match "$T/q$mode.log" '^00001\|127\.0\.0\.1\|'
	policy_stop "q$mode"
done
