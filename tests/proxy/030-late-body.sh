#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A server that answers HEAD with a Content-Length and then, 100 ms later,
# sends bytes anyway (reliability.md H10): the connection is not reused
# after a response with no body by the rules whose head announced one, so
# those bytes never become the answer to the client's next request (the
# client got "POISONED" instead of its own answer). A HEAD whose response
# announces nothing (Content-Length: 0) keeps the connection.
. "$(dirname "$0")/common.sh"
start_proxy
script late.py <<'PYEOF'
import os, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/proxy")
from threadsrv import serve
def answer(c, n):
    f = c.makefile("rb")
    try:
        while True:
            line = f.readline()
            if not line:
                break
            while f.readline() not in (b"\r\n", b""):
                pass
            if line.startswith(b"HEAD /late"):
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 46\r\n\r\n")
                time.sleep(0.1)
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n"
                          b"POISONED")
            elif line.startswith(b"HEAD"):
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            else:
                body = b"genuine %d" % n
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n"
                          % len(body) + body)
    except OSError:
        pass
    c.close()
serve(answer)
PYEOF
O=$(free_port)
bg late "$PY" "$T/late.py" "$O"
wait_file_match "$T/late.out" '^ready$'
# client.py PATH: HEAD PATH, its answer read, then at once GET /x on the
# same connection; prints the body of the GET's answer.
script client.py <<'PYEOF'
import socket, sys
port, origin, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
c = socket.create_connection(("127.0.0.1", port), timeout=5)
f = c.makefile("rb")
c.sendall(b"HEAD http://127.0.0.1:%s%s HTTP/1.1\r\nHost: x\r\n\r\n" %
          (origin.encode(), path.encode()))
while f.readline() not in (b"\r\n", b""):
    pass
c.sendall(b"GET http://127.0.0.1:%s/x HTTP/1.1\r\nHost: x\r\n\r\n" %
          origin.encode())
n = 0
while True:
    line = f.readline()
    if line.lower().startswith(b"content-length:"):
        n = int(line.split(b":")[1])
    if line in (b"\r\n", b""):
        break
print(f.read(n).decode())
PYEOF
expect_eq "GET after a HEAD with a late body" \
    "$("$PY" "$T/client.py" "$PP" "$O" /late)" "genuine 2"
expect_eq "GET after a HEAD with Content-Length: 0, same connection" \
    "$("$PY" "$T/client.py" "$PP" "$O" /empty)" "genuine 3"
alive proxy
