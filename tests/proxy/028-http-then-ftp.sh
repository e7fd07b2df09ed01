#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# An ftp:// request after an http:// one on the same client connection:
# the server connection kept from the first is closed before the FTP
# control connection takes its place. It was left open and still in epoll
# (one descriptor lost per such client), and the server's close, once the
# session was freed, was dispatched into freed memory (ASan: use after
# free in ev_run).
. "$(dirname "$0")/common.sh"
. "$HERE/ftpserver.sh"
mkdir "$T/ftp"
printf 'over ftp\n' >"$T/ftp/f.txt"
start_ftp "$T/ftp"
start_stub up
start_proxy
fd0=$(ls "/proc/$PID_proxy/fd" | wc -l)
for i in 1 2 3; do
	out=$(printf '%s\r\n' "GET http://127.0.0.1:$STUB_PORT/a HTTP/1.1" \
	    "Host: 127.0.0.1:$STUB_PORT" "" \
	    "GET ftp://bob:pw@127.0.0.1:$FTP_PORT/f.txt HTTP/1.1" \
	    "Host: 127.0.0.1" "Connection: close" "" | raw)
	expect_eq "round $i: two answers" \
	    "$(printf '%s' "$out" | grep -o 'HTTP/1.1 200 OK' | wc -l)" 2
	expect_match "round $i: the file" "$out" '^over ftp'
done
# The client connections are over: every server connection is closed too.
expect_fds proxy "$fd0" "descriptors back to where they were"
# The stub goes away: nothing of ours may still be watching its sockets.
kill "$PID_up"
sleep 0.5
alive proxy
expect_match "a request after" "$(printf '%s\r\n' \
    "GET ftp://bob:pw@127.0.0.1:$FTP_PORT/f.txt HTTP/1.1" "Host: x" "" | raw)" \
    '^over ftp'
