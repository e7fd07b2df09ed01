#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# auth strong through socks5 (RFC 1929) for CL, CR and NT users (some of
# them from a users $FILE): the right
# password moves the bytes, a wrong one fails the handshake and the
# connection is closed; the codes 6/7/8/5/4 are logged, never a password.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin socks
mkdir "$T/www"
head -c 300000 /dev/urandom >"$T/www/f.bin"
http_server origin "$T/www"
H=$HTTP_PORT
# carol comes from a users file ($FILE: one entry per line).
printf '%s\n' "carol:NT:8846f7eaee8fb117ad06bdd830b7586c" "eve:CL:evepw" \
    >"$T/passwd"
cat >"$T/p.cfg" <<'CFG'
users bob:CL:bobpw "alice:CR:$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"
CFG
printf 'users $%s\nauth strong\n' "$T/passwd" >>"$T/p.cfg"
for mode in standalone supervised; do
	P=$(free_port)
	log=$T/$mode.log
	policy_run "s$mode" "$mode" socks "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$log" -f'L%E|%U|%C|%T'
	for u in bob:bobpw alice:password carol:password eve:evepw; do
		rm -f "$T/got"
		curl -sf --max-time 10 --socks5 "127.0.0.1:$P" -U "$u" \
		    "http://127.0.0.1:$H/f.bin" -o "$T/got" ||
		    fail "$mode: curl as ${u%%:*} failed"
		expect_eq "$mode: bytes for ${u%%:*}" "$(sha "$T/got")" \
		    "$(sha "$T/www/f.bin")"
	done
	for u in bob:x alice:passwore carol:Password dave:pw; do
		curl -s --max-time 10 --socks5 "127.0.0.1:$P" -U "$u" \
		    "http://127.0.0.1:$H/f.bin" -o /dev/null 2>"$T/cerr"
		rc=$?
		expect_eq "$mode: curl as ${u%%:*} with a wrong password" \
		    "$rc" 97
	done
	# The exact RFC 1929 reply, then the server closes.
	"$PY" - "$P" >"$T/raw" <<'PYEOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"\x05\x01\x02")
m = s.recv(2)
s.sendall(b"\x01\x03bob\x05wrong")
r = s.recv(2)
tail = s.recv(10)
print(m.hex(), r.hex(), "closed" if tail == b"" else tail.hex())
PYEOF
	expect_eq "$mode: method 2, status 1, close" "$(cat "$T/raw")" \
	    "0502 0101 closed"
	curl -s --max-time 10 --socks5 "127.0.0.1:$P" \
	    "http://127.0.0.1:$H/f.bin" -o /dev/null
	expect_eq "$mode: no credentials refused" "$?" 97
	for re in "^00000\|bob\|127\.0\.0\.1\|CONNECT 127\.0\.0\.1:$H$" \
	    "^00000\|alice\|" "^00000\|carol\|" "^00006\|bob\|" \
	    "^00007\|alice\|" "^00008\|carol\|" "^00005\|dave\|" \
	    "^00004\|-\|"; do
		wait_file_match "$log" "$re"
	done
	grep -q -e bobpw -e password -e passwore "$log" "$T/s$mode.err" &&
	    fail "$mode: a password reached a log"
	policy_stop "s$mode"
done
