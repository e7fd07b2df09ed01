#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# authcache ip,user,limit: while bob's entry lives, a second address is
# refused with error 10 (HTTP 503, SOCKS failure); under the supervisor the
# table is shared, so an authentication through socks holds bob to that
# address in the HTTP proxy too.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy socks
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
H=$HTTP_PORT
u="http://127.0.0.1:$H/x"
cat >"$T/p.cfg" <<'CFG'
users bob:CL:bobpw alice:CL:alicepw
auth cache strong
authcache ip,user,limit 300
CFG
P=$(free_port)
policy_run p standalone proxy "$T/p.cfg" -i127.0.0.1 -p"$P" \
    -l"$T/p.log" -f'L%E|%U|%C'
x() { http_code --interface "$1" -x "127.0.0.1:$P" -U "$2" "$u"; }
expect_eq "bob from 127.0.0.1" "$(x 127.0.0.1 bob:bobpw)" 200
expect_eq "bob from 127.0.0.1 again" "$(x 127.0.0.1 bob:bobpw)" 200
expect_eq "bob from 127.0.0.2: limit" "$(x 127.0.0.2 bob:bobpw)" 503
expect_eq "alice from 127.0.0.2" "$(x 127.0.0.2 alice:alicepw)" 200
expect_eq "bob from 127.0.0.1 still" "$(x 127.0.0.1 bob:bobpw)" 200
wait_file_match "$T/p.log" '^00010\|bob\|127\.0\.0\.2$'
policy_stop p

# Two services of one deployment share the table.
S=$(free_port) P=$(free_port)
{ cat "$T/p.cfg"; echo "socks -i127.0.0.1 -p$S"
  echo "proxy -i127.0.0.1 -p$P -l$T/sup.log -fL%E|%U|%C"; } >"$T/3proxy.cfg"
policy_3proxy sup "$T/3proxy.cfg"
wait_port "$S"; wait_port "$P"
curl -sf -o /dev/null --max-time 10 --interface 127.0.0.2 \
    --socks5 "127.0.0.1:$S" -U bob:bobpw "$u"
expect_eq "socks: bob from 127.0.0.2" "$?" 0
expect_eq "proxy: bob from 127.0.0.1 held by socks' entry" \
    "$(x 127.0.0.1 bob:bobpw)" 503
expect_eq "proxy: bob from 127.0.0.2" "$(x 127.0.0.2 bob:bobpw)" 200
curl -sf -o /dev/null --max-time 10 --interface 127.0.0.1 \
    --socks5 "127.0.0.1:$S" -U bob:bobpw "$u"
expect_eq "socks: bob from 127.0.0.1 refused" "$?" 97
wait_file_match "$T/sup.log" '^00010\|bob\|127\.0\.0\.1$'
alive sup
