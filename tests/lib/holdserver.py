# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A TCP server that accepts many connections and keeps them (epoll via
# selectors): each connection answers a line "N\n" with "N+1\n" and is
# otherwise held open. Prints nothing; writes PORT.ready when listening.
import selectors
import socket
import sys

port = int(sys.argv[1])
sel = selectors.DefaultSelector()
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port))
ls.listen(4096)
ls.setblocking(False)
sel.register(ls, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        if key.fileobj is ls:
            while True:
                try:
                    c, _ = ls.accept()
                except BlockingIOError:
                    break
                c.setblocking(False)
                sel.register(c, selectors.EVENT_READ)
            continue
        c = key.fileobj
        try:
            d = c.recv(4096)
        except OSError:
            d = b""
        if not d:
            sel.unregister(c)
            c.close()
            continue
        try:
            c.send(b"%d\n" % (int(d.strip() or b"0") + 1))
        except (OSError, ValueError):
            pass
