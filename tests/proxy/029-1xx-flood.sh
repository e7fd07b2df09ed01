#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A server that answers with 1xx heads without end (reliability.md H10):
# while the client does not read, the proxy stops reading the server
# instead of queueing the heads for it (its memory grew by gigabytes); a
# client that reads gets every 1xx in order and then the final response.
. "$(dirname "$0")/common.sh"
start_proxy
# flood.py PORT N: each connection gets N "103 Early Hints" heads of 4 KiB
# (N = 0: without end, for 10 s at most), then a 200.
script flood.py <<'PYEOF'
import os, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/proxy")
from threadsrv import serve
n = int(sys.argv[2])
def answer(c, _):
    c.settimeout(10)
    try:
        got = b""
        while b"\r\n\r\n" not in got:
            got += c.recv(4096)
        i, t0 = 0, time.time()
        while (n == 0 and time.time() - t0 < 10) or i < n:
            c.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: <%d%s>\r\n\r\n" %
                      (i, b"a" * 4000))
            i += 1
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone")
    except OSError:
        pass
    c.close()
serve(answer)
PYEOF
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$PID_proxy/status"; }
F=$(free_port)
bg flood "$PY" "$T/flood.py" "$F" 0
wait_file_match "$T/flood.out" '^ready$'
rss0=$(rss)
# A client that asks and does not read, for 2 s.
"$PY" - "$PP" "$F" <<'PYEOF' &
import socket, sys, time
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
c.sendall(b"GET http://127.0.0.1:%s/ HTTP/1.1\r\nHost: x\r\n\r\n" %
          sys.argv[2].encode())
time.sleep(2.5)
c.close()
PYEOF
reader=$!
sleep 2
rss1=$(rss)
wait "$reader"
[ $((rss1 - rss0)) -lt 16384 ] ||
	fail "1xx flood: RSS grew from $rss0 to $rss1 KiB"
alive proxy
# A client that reads: 300 hints in order, then the response.
F2=$(free_port)
bg flood2 "$PY" "$T/flood.py" "$F2" 300
wait_file_match "$T/flood2.out" '^ready$'
printf 'GET http://127.0.0.1:%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
    "$F2" | raw >"$T/rep"
expect_eq "hints passed on" "$(grep -ac '^HTTP/1.1 103 Early Hints' "$T/rep")" 300
expect_eq "in order" "$(grep -ao 'Link: <[0-9]*' "$T/rep" | cut -c8- |
    paste -sd' ')" "$(seq 0 299 | paste -sd' ')"
expect_match "then the response" "$(tail -c 4 "$T/rep")" '^done$'
