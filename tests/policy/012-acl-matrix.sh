#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# One ACL through the HTTP proxy and socks5, standalone and supervised:
# users, sources (127.0.0.2 as the second client address), targets by CIDR
# and by wildcard name, ports and port ranges, GET allowed and POST denied.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy socks
mkdir "$T/www"
echo hello >"$T/www/x"
http_server o1 "$T/www"; A=$HTTP_PORT
http_server o2 "$T/www"; B=$HTTP_PORT
# A third origin on 127.0.0.3, denied by CIDR.
C=$(free_port)
bg o3 "$PY" "$LIB/origin.py" --port "$C" --bind 127.0.0.3 --dir "$T/www"
wait_port "$C" 127.0.0.3
[ "$A" -lt "$B" ] || { t=$A; A=$B; B=$t; }
cat >"$T/p.cfg" <<CFG
users bob:CL:bobpw alice:CL:alicepw
auth strong
deny * * * * HTTP_POST
deny * * 127.0.0.3/32
allow bob 127.0.0.1 * $A
allow alice 127.0.0.2 127.0.0.0/24 $A-$B,$C
allow alice * local* $B
deny *
CFG
# proxy: status codes (403 for a deny, 200 for an allow).
try_proxy() {	# WANT FROM USER METHOD URL
	local code
	code=$(http_code --interface "$2" -x "127.0.0.1:$P" -U "$3" \
	    -X "$4" "$5")
	expect_eq "$mode proxy: $3 from $2 $4 $5" "$code" "$1"
}
# socks5: 0 when the request went through, 97 when refused.
try_socks() {	# WANT FROM USER URL
	curl -s -o /dev/null --max-time 10 --interface "$2" \
	    --socks5-hostname "127.0.0.1:$S" -U "$3" "$4"
	expect_eq "$mode socks: $3 from $2 $4" "$?" "$1"
}
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "p$mode" "$mode" proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/p$mode.log"
	try_proxy 200 127.0.0.1 bob:bobpw GET "http://127.0.0.1:$A/x"
	try_proxy 403 127.0.0.1 bob:bobpw GET "http://127.0.0.1:$B/x"
	try_proxy 403 127.0.0.2 bob:bobpw GET "http://127.0.0.1:$A/x"
	try_proxy 403 127.0.0.1 bob:bobpw POST "http://127.0.0.1:$A/x"
	try_proxy 200 127.0.0.2 alice:alicepw GET "http://127.0.0.1:$A/x"
	try_proxy 200 127.0.0.2 alice:alicepw GET "http://127.0.0.1:$B/x"
	try_proxy 403 127.0.0.2 alice:alicepw GET "http://127.0.0.3:$C/x"
	try_proxy 403 127.0.0.2 alice:alicepw POST "http://127.0.0.1:$B/x"
	try_proxy 403 127.0.0.1 alice:alicepw GET "http://127.0.0.1:$B/x"
	try_proxy 200 127.0.0.1 alice:alicepw GET "http://localhost:$B/x"
	try_proxy 403 127.0.0.1 alice:alicepw GET "http://localhost:$A/x"
	policy_stop "p$mode"

	S=$(free_port)
	policy_run "s$mode" "$mode" socks "$T/p.cfg" -i127.0.0.1 -p"$S" \
	    -l"$T/s$mode.log"
	try_socks 0 127.0.0.1 bob:bobpw "http://127.0.0.1:$A/x"
	try_socks 97 127.0.0.1 bob:bobpw "http://127.0.0.1:$B/x"
	try_socks 97 127.0.0.2 bob:bobpw "http://127.0.0.1:$A/x"
	try_socks 0 127.0.0.2 alice:alicepw "http://127.0.0.1:$A/x"
	try_socks 0 127.0.0.2 alice:alicepw "http://127.0.0.1:$B/x"
	try_socks 97 127.0.0.2 alice:alicepw "http://127.0.0.3:$C/x"
	try_socks 97 127.0.0.1 alice:alicepw "http://127.0.0.1:$B/x"
	try_socks 0 127.0.0.1 alice:alicepw "http://localhost:$B/x"
	try_socks 97 127.0.0.1 alice:alicepw "http://localhost:$A/x"
	# The denials are logged with code 1.
	wait_file_match "$T/s$mode.log" " 00001 alice 127\.0\.0\.1:[0-9]+ "
	policy_stop "s$mode"
done
