#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Under the supervisor each service keeps the ACL in force at its line:
# without flush the second service inherits the first one's entries, after
# flush it starts from a new list.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy 3proxy
mkdir "$T/www"
echo hello >"$T/www/x"
http_server o1 "$T/www"; A=$HTTP_PORT
http_server o2 "$T/www"; B=$HTTP_PORT
P1=$(free_port) P2=$(free_port) P3=$(free_port)
cat >"$T/3proxy.cfg" <<CFG
deny * * * $A
proxy -i127.0.0.1 -p$P1
allow * * * $B
proxy -i127.0.0.1 -p$P2
flush
deny * * * $B
proxy -i127.0.0.1 -p$P3
CFG
policy_3proxy sup "$T/3proxy.cfg"
wait_port "$P1"; wait_port "$P2"; wait_port "$P3"
get() { http_code -x "127.0.0.1:$1" "http://127.0.0.1:$2/x"; }
expect_eq "first service, port A denied" "$(get "$P1" "$A")" 403
# No rule matched is error 3, which the proxy answers with 407, as the
# original; an explicit deny is error 1 and 403.
expect_eq "first service, port B: no match" "$(get "$P1" "$B")" 407
expect_eq "second service inherits deny A" "$(get "$P2" "$A")" 403
expect_eq "second service allows B" "$(get "$P2" "$B")" 200
expect_eq "after flush: B denied" "$(get "$P3" "$B")" 403
expect_eq "after flush: A no match (the old deny is gone)" \
    "$(get "$P3" "$A")" 407
alive sup
