#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# auth iponly strong: a password is needed only where the ACL needs a user
# to decide (127.0.0.2 passes without one, 127.0.0.1 must give bob's), in
# proxy and in socks alike: socks passes wrong credentials from 127.0.0.2
# (its check before the request refused them with 01 01).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy socks
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
H=$HTTP_PORT
cat >"$T/p.cfg" <<'CFG'
users bob:CL:bobpw
auth iponly strong
allow * 127.0.0.2
allow bob
deny *
CFG
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "p$mode" "$mode" proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/p$mode.log" -f'L%E|%U|%C'
	u="http://127.0.0.1:$H/x"
	expect_eq "$mode proxy: 127.0.0.2 without a password" \
	    "$(http_code --interface 127.0.0.2 -x "127.0.0.1:$P" "$u")" 200
	expect_eq "$mode proxy: 127.0.0.1 without a password" \
	    "$(http_code --interface 127.0.0.1 -x "127.0.0.1:$P" "$u")" 407
	expect_eq "$mode proxy: 127.0.0.1 as bob" \
	    "$(http_code -x "127.0.0.1:$P" -U bob:bobpw "$u")" 200
	expect_eq "$mode proxy: 127.0.0.1 as bob, wrong password" \
	    "$(http_code -x "127.0.0.1:$P" -U bob:nope "$u")" 407
	wait_file_match "$T/p$mode.log" '^00000\|-\|127\.0\.0\.2$'
	wait_file_match "$T/p$mode.log" '^00004\|-\|127\.0\.0\.1$'
	wait_file_match "$T/p$mode.log" '^00000\|bob\|127\.0\.0\.1$'
	wait_file_match "$T/p$mode.log" '^00006\|bob\|127\.0\.0\.1$'
	policy_stop "p$mode"

	S=$(free_port)
	policy_run "s$mode" "$mode" socks "$T/p.cfg" -i127.0.0.1 -p"$S"
	curl -sf -o /dev/null --max-time 10 --interface 127.0.0.2 \
	    --socks5 "127.0.0.1:$S" "$u"
	expect_eq "$mode socks: 127.0.0.2 without a password" "$?" 0
	curl -sf -o /dev/null --max-time 10 --interface 127.0.0.1 \
	    --socks5 "127.0.0.1:$S" "$u"
	expect_eq "$mode socks: 127.0.0.1 without a password" "$?" 97
	curl -sf -o /dev/null --max-time 10 --socks5 "127.0.0.1:$S" \
	    -U bob:bobpw "$u"
	expect_eq "$mode socks: 127.0.0.1 as bob" "$?" 0
	curl -sf -o /dev/null --max-time 10 --interface 127.0.0.2 \
	    --socks5 "127.0.0.1:$S" -U bob:nope "$u"
	expect_eq "$mode socks: 127.0.0.2 as bob, wrong password" "$?" 0
	curl -sf -o /dev/null --max-time 10 --socks5 "127.0.0.1:$S" \
	    -U bob:nope "$u"
	expect_eq "$mode socks: 127.0.0.1 as bob, wrong password" "$?" 97
	policy_stop "s$mode"
done
