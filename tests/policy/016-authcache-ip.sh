#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# auth cache strong with authcache ip: after one request with bob's
# password, the same address gets through without credentials (logged as
# bob, %U, in the records of proxy and socks); another address still has
# to authenticate.
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
auth cache strong
authcache ip 300
allow bob
deny *
CFG
u="http://127.0.0.1:$H/x"
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "p$mode" "$mode" proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/p$mode.log" -f'L%E|%U|%C'
	expect_eq "$mode proxy: nothing cached yet" \
	    "$(http_code -x "127.0.0.1:$P" "$u")" 407
	expect_eq "$mode proxy: bob with his password" \
	    "$(http_code -x "127.0.0.1:$P" -U bob:bobpw "$u")" 200
	expect_eq "$mode proxy: same address, no credentials" \
	    "$(http_code -x "127.0.0.1:$P" "$u")" 200
	expect_eq "$mode proxy: body" "$(cat "$T/body")" hello
	expect_eq "$mode proxy: 127.0.0.2 is not cached" \
	    "$(http_code --interface 127.0.0.2 -x "127.0.0.1:$P" "$u")" 407
	policy_stop "p$mode"
	# The request without credentials is logged as the cached user.
	expect_eq "$mode proxy: records" "$(cut -d'|' -f1,2 "$T/p$mode.log" |
	    tr '\n' ' ')" "00004|- 00000|bob 00000|bob 00004|- "

	S=$(free_port)
	policy_run "s$mode" "$mode" socks "$T/p.cfg" -i127.0.0.1 -p"$S" \
	    -l"$T/s$mode.log" -f'L%E|%U|%C'
	curl -sf -o /dev/null --max-time 10 --socks5 "127.0.0.1:$S" \
	    -U bob:bobpw "$u"
	expect_eq "$mode socks: bob with his password" "$?" 0
	curl -sf -o /dev/null --max-time 10 --socks5 "127.0.0.1:$S" "$u"
	expect_eq "$mode socks: then without credentials" "$?" 0
	curl -sf -o /dev/null --max-time 10 --interface 127.0.0.2 \
	    --socks5 "127.0.0.1:$S" "$u"
	expect_eq "$mode socks: 127.0.0.2 refused" "$?" 97
	policy_stop "s$mode"
	expect_eq "$mode socks: records" "$(cut -d'|' -f1,2 "$T/s$mode.log" |
	    tr '\n' ' ')" "00000|bob 00000|bob 00004|- "
done
