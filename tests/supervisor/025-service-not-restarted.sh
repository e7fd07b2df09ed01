#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A service whose child exits 73 (its access log cannot be created) is not
# started again until a reload. Meanwhile --ready-fd closes without the
# newline (it said ready), and its port refuses clients (they waited in
# the backlog for nobody, until their own timeout). A reload with the log
# fixed serves again on the same port.
. "$(dirname "$0")/../lib/lib.sh"
need curl
P=$(free_port)
printf 'internal 127.0.0.1\nlog %s/no/such/dir/access.log\nproxy -p%s\n' \
    "$T" "$P" >"$T/p.cfg"
mkfifo "$T/ready"
"$BIN/3proxy" --ready-fd=9 "$T/p.cfg" 9>"$T/ready" 2>"$T/sup.err" &
_pids+=($!)
sup=$!
read -r -t 10 line <"$T/ready"
expect_eq "the ready descriptor ends without a newline" "$?:$line" "1:"
expect_file_match "$T/sup.err" ': exited with status 73; not restarted$'
curl -s -o /dev/null --max-time 5 -x "127.0.0.1:$P" http://127.0.0.1:9/
expect_eq "a client is refused at once" "$?" 7
printf 'internal 127.0.0.1\nlog %s/access.log\nproxy -p%s\n' "$T" "$P" \
    >"$T/p.cfg"
kill -USR1 "$sup"
wait_file_match "$T/sup.err" 'reload: done'
expect_eq "served after the reload" "$(curl -s -o /dev/null \
    -w '%{http_code}' --max-time 5 -x "127.0.0.1:$P" \
    http://127.0.0.1:9/)" 502
