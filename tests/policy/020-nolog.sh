#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# nolog after an allow: requests that this entry lets through write no
# access record; the others do.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
H=$HTTP_PORT
cat >"$T/p.cfg" <<'CFG'
allow * * * * HTTP_HEAD
nolog
allow *
CFG
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "p$mode" "$mode" proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/p$mode.log" -f'L%E|%T'
	expect_eq "$mode: HEAD" "$(http_code -I -x "127.0.0.1:$P" \
	    "http://127.0.0.1:$H/x")" 200
	expect_eq "$mode: GET" "$(http_code -x "127.0.0.1:$P" \
	    "http://127.0.0.1:$H/x")" 200
	wait_file_match "$T/p$mode.log" "^00000\|GET http://127\.0\.0\.1:$H/x"
	policy_stop "p$mode"
	expect_eq "$mode: one record, the GET" "$(wc -l <"$T/p$mode.log")" 1
done
