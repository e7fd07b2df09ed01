#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A server that answers without a length (read to the close) and then
# resets: the body is cut short, not ended. An HTTP/1.1 client gets the
# bytes re-chunked and no last chunk (it got "0\r\n\r\n" and a kept
# connection, a complete-looking response); an HTTP/1.0 client, reading to
# the close, gets a reset. Both records say 96 (they said 0).
. "$(dirname "$0")/common.sh"
start_proxy -f'L%E|%T'
script cut.py <<'PYEOF'
import os, socket, struct, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/proxy")
from threadsrv import serve
def answer(c, _):
    f = c.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
              b"partial-data")
    time.sleep(0.3)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                 struct.pack("ii", 1, 0))
    c.close()
serve(answer)
PYEOF
O=$(free_port)
bg cut "$PY" "$T/cut.py" "$O"
wait_file_match "$T/cut.out" '^ready$'
# get.py VERSION: the answer's bytes as repr, then how it ended.
script get.py <<'PYEOF'
import socket, sys
port, origin, v = int(sys.argv[1]), sys.argv[2], sys.argv[3]
c = socket.create_connection(("127.0.0.1", port), timeout=5)
c.sendall(b"GET http://127.0.0.1:%s/ HTTP/%s\r\nHost: x\r\n\r\n" %
          (origin.encode(), v.encode()))
got, end = b"", "eof"
try:
    while True:
        d = c.recv(4096)
        if not d:
            break
        got += d
except ConnectionResetError:
    end = "rst"
except socket.timeout:
    end = "open"
print(repr(got.split(b"\r\n\r\n", 1)[1]), end)
PYEOF
expect_eq "HTTP/1.1 client" "$("$PY" "$T/get.py" "$PP" "$O" 1.1)" \
    "b'c\\r\\npartial-data\\r\\n' eof"
expect_eq "HTTP/1.0 client" "$("$PY" "$T/get.py" "$PP" "$O" 1.0)" \
    "b'partial-data' rst"
wait_file_match "$T/access.log" 'HTTP/1\.0$'
expect_eq "records" "$(cut -d'|' -f1 "$T/access.log" | paste -sd' ')" \
    "00096 00096"
alive proxy
