#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# proxy (http://name/) asks the ACL about every address a name resolves to,
# before it connects there: a name whose address is denied gets 403 and
# error 1, the same ACL lets a name of an allowed address through, and a
# name with two addresses, the first allowed but refusing connections, the
# second denied, gets 502 and error 13 without a connection to the denied
# one (a listener there counts none).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
H=$HTTP_PORT
name_acl_setup
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "p$mode" "$mode" proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/p$mode.log" -f'L%E|%n|%R|%r'
	expect_eq "$mode: a name of an allowed address" \
	    "$(http_code -x "127.0.0.1:$P" "http://allowed.test:$H/x")" 200
	expect_eq "$mode: body" "$(cat "$T/body")" hello
	expect_eq "$mode: a name of a denied address" \
	    "$(http_code -x "127.0.0.1:$P" "http://denied.test:$C/")" 403
	expect_eq "$mode: allowed then denied address" \
	    "$(http_code -x "127.0.0.1:$P" "http://two.test:$C/")" 502
	policy_stop "p$mode"
	expect_eq "$mode: records" "$(cat "$T/p$mode.log")" \
	    "00000|allowed.test|127.0.0.1|$H
00001|denied.test|0.0.0.0|0
00013|two.test|127.0.0.3|$C"
done
name_acl_untouched
