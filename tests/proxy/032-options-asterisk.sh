#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# OPTIONS for a server as a whole (RFC 9112 s3.2.4): an absolute URL with
# an empty path goes to the server as "OPTIONS *" (it went as "OPTIONS /"),
# "OPTIONS *" with a Host field (transparent use) is passed on (it got
# 400), and "*" with any other method is refused (400).
. "$(dirname "$0")/common.sh"
start_stub up --close
start_proxy
printf 'OPTIONS http://127.0.0.1:%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
    "$STUB_PORT" | raw >"$T/a.rep"
expect_eq "absolute form, empty path" "$(status_of "$(cat "$T/a.rep")")" 200
printf 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' \
    "$STUB_PORT" | raw >"$T/b.rep"
expect_eq "asterisk form" "$(status_of "$(cat "$T/b.rep")")" 200
expect_eq "request lines the server got" \
    "$(grep -a '^OPTIONS' "$T/up.rec" | tr -d '\r' | paste -sd,)" \
    "OPTIONS * HTTP/1.1,OPTIONS * HTTP/1.1"
printf 'GET * HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n\r\n' "$STUB_PORT" |
    raw >"$T/c.rep"
expect_eq "GET *" "$(status_of "$(cat "$T/c.rep")")" 400
expect_eq "nothing more reached the server" \
    "$(grep -ac '^GET' "$T/up.rec")" 0
alive proxy
