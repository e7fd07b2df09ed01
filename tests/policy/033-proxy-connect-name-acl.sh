#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# proxy (CONNECT name:port) asks the ACL about every address a name
# resolves to, before it connects there: a name whose address is denied
# gets 403 and error 1, the same ACL lets a tunnel to a name of an allowed
# address through, and a name with two addresses, the first allowed but
# refusing connections, the second denied, gets 502 and error 13 without a
# connection to the denied one (a listener there counts none).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
H=$HTTP_PORT
name_acl_setup
# tunnel PROXYPORT URL: the CONNECT reply's status, then the body.
tunnel() {
	curl -s --max-time 10 -p -x "127.0.0.1:$1" -o "$T/body" \
	    -w '%{http_connect}' "$2"
}
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "p$mode" "$mode" proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/p$mode.log" -f'L%E|%n|%R|%r|%T'
	expect_eq "$mode: a name of an allowed address" \
	    "$(tunnel "$P" "http://allowed.test:$H/x")" 200
	expect_eq "$mode: body through the tunnel" "$(cat "$T/body")" hello
	expect_eq "$mode: a name of a denied address" \
	    "$(tunnel "$P" "http://denied.test:$C/")" 403
	expect_eq "$mode: allowed then denied address" \
	    "$(tunnel "$P" "http://two.test:$C/")" 502
	policy_stop "p$mode"
	expect_eq "$mode: records" "$(cat "$T/p$mode.log")" \
	    "00000|allowed.test|127.0.0.1|$H|CONNECT allowed.test:$H HTTP/1.1
00001|denied.test|0.0.0.0|0|CONNECT denied.test:$C HTTP/1.1
00013|two.test|127.0.0.3|$C|CONNECT two.test:$C HTTP/1.1"
done
name_acl_untouched
