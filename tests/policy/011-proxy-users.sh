#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# auth strong through the HTTP proxy for CL, CR and NT users: the right
# password gets 200 and the bytes, a wrong one or none gets 407 with
# Proxy-Authenticate; each refusal logs its code (6/7/8/5/4).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy
mkdir "$T/www"
head -c 300000 /dev/urandom >"$T/www/f.bin"
http_server origin "$T/www"
H=$HTTP_PORT
cat >"$T/p.cfg" <<'CFG'
users bob:CL:bobpw "alice:CR:$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"
users carol:NT:8846F7EAEE8FB117AD06BDD830B7586C
auth strong
CFG
for mode in standalone supervised; do
	P=$(free_port)
	log=$T/$mode.log
	policy_run "p$mode" "$mode" proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$log" -f'L%E|%U|%C|%T'
	for u in bob:bobpw alice:password carol:password; do
		code=$(http_code -x "127.0.0.1:$P" -U "$u" \
		    "http://127.0.0.1:$H/f.bin")
		expect_eq "$mode: status for ${u%%:*}" "$code" 200
		expect_eq "$mode: bytes for ${u%%:*}" "$(sha "$T/body")" \
		    "$(sha "$T/www/f.bin")"
	done
	for u in bob:x alice:passwore carol:Password dave:pw; do
		code=$(http_code -x "127.0.0.1:$P" -U "$u" -D "$T/hdr" \
		    "http://127.0.0.1:$H/f.bin")
		expect_eq "$mode: status for ${u%%:*} with a wrong password" \
		    "$code" 407
		expect_file_match "$T/hdr" '^Proxy-Authenticate: Basic realm="proxy"'
	done
	code=$(http_code -x "127.0.0.1:$P" "http://127.0.0.1:$H/f.bin")
	expect_eq "$mode: no credentials" "$code" 407
	for re in "^00000\|bob\|" "^00000\|alice\|" "^00000\|carol\|" \
	    "^00006\|bob\|" "^00007\|alice\|" "^00008\|carol\|" \
	    "^00005\|dave\|" "^00004\|-\|"; do
		wait_file_match "$log" "$re"
	done
	grep -q -e bobpw -e password -e passwore "$log" "$T/p$mode.err" &&
	    fail "$mode: a password reached a log"
	policy_stop "p$mode"
done
