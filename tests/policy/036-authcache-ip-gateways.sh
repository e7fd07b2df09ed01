#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# auth cache strong with authcache ip in the gateways: after one login with
# bob's proxy credentials (USER bob:bobpw:name@host, -u1), a login from the
# same address without them gets through and its record names the cached
# user bob (%U) rather than the mailbox or FTP user; another address is
# still refused.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need_py pyftpdlib
need_bin ftppr pop3p
mkdir "$T/ftp"
echo hello >"$T/ftp/f.txt"
F=$(free_port) Q=$(free_port)
bg ftpd "$PY" -m pyftpdlib -i 127.0.0.1 -p "$F" -d "$T/ftp"
bg pop3 "$PY" "$(dirname "$0")/pop3fix.py" --port "$Q" --name one
wait_port "$F"
wait_port "$Q"
cat >"$T/p.cfg" <<'CFG'
users bob:CL:bobpw
auth cache strong
authcache ip 300
allow bob
deny *
CFG
# ftp.py PORT SOURCE USER: log in from SOURCE and read f.txt.
script ftp.py <<'PYEOF'
import ftplib, sys, io
port, src, user = int(sys.argv[1]), sys.argv[2], sys.argv[3]
f = ftplib.FTP(source_address=(src, 0))
f.connect("127.0.0.1", port, timeout=10)
try:
    f.login(user, "guest@")
except ftplib.all_errors as e:
    print(str(e)[:3])
    sys.exit(0)
buf = io.BytesIO()
f.retrbinary("RETR f.txt", buf.write)
f.quit()
print(buf.getvalue().decode().strip())
PYEOF
# pop.py PORT SOURCE USER: log in from SOURCE and read message 1 (a plain
# socket: poplib cannot choose its source address).
script pop.py <<'PYEOF'
import socket, sys
port, src, user = int(sys.argv[1]), sys.argv[2], sys.argv[3]
c = socket.create_connection(("127.0.0.1", port), 10, (src, 0))
f = c.makefile("rwb")
def ask(line):
    f.write(line.encode() + b"\r\n")
    f.flush()
    return f.readline().decode().strip()
f.readline()
for line in ("USER " + user, "PASS pw", "RETR 1"):
    r = ask(line)
    if not r.startswith("+OK"):
        print(r[:4])
        sys.exit(0)
text = []
for i in range(100):
    r = f.readline().decode().strip()
    if r == ".":
        break
    text.append(r)
ask("QUIT")
print(text[-1])
PYEOF
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "f$mode" "$mode" ftppr "$T/p.cfg" -u1 -i127.0.0.1 -p"$P" \
	    -l"$T/f$mode.log" -f'L%E|%U|%C'
	expect_eq "$mode ftp: bob's credentials" "$("$PY" "$T/ftp.py" "$P" \
	    127.0.0.1 "bob:bobpw:anonymous@127.0.0.1:$F")" hello
	expect_eq "$mode ftp: same address, none" "$("$PY" "$T/ftp.py" "$P" \
	    127.0.0.1 "anonymous@127.0.0.1:$F")" hello
	expect_eq "$mode ftp: another address" "$("$PY" "$T/ftp.py" "$P" \
	    127.0.0.2 "anonymous@127.0.0.1:$F")" 530
	policy_stop "f$mode"
	expect_eq "$mode ftp: records" "$(cat "$T/f$mode.log")" \
	    "00000|anonymous|127.0.0.1
00000|bob|127.0.0.1
00005|anonymous|127.0.0.2"

	P=$(free_port)
	policy_run "q$mode" "$mode" pop3p "$T/p.cfg" -u1 -i127.0.0.1 -p"$P" \
	    -l"$T/q$mode.log" -f'L%E|%U|%C'
	expect_eq "$mode pop3: bob's credentials" "$("$PY" "$T/pop.py" "$P" \
	    127.0.0.1 "bob:bobpw:u@127.0.0.1:$Q")" "message from one"
	expect_eq "$mode pop3: same address, none" "$("$PY" "$T/pop.py" "$P" \
	    127.0.0.1 "u@127.0.0.1:$Q")" "message from one"
	expect_eq "$mode pop3: another address" "$("$PY" "$T/pop.py" "$P" \
	    127.0.0.2 "u@127.0.0.1:$Q")" -ERR
	policy_stop "q$mode"
	expect_eq "$mode pop3: records" "$(cat "$T/q$mode.log")" \
	    "00000|u|127.0.0.1
00000|bob|127.0.0.1
00005|u|127.0.0.2"
done
