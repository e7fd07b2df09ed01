# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Scripted origins for the proxy cases: serve(handler) listens on
# 127.0.0.1:argv[1], prints "ready", and runs handler(sock, n) in a thread
# for the nth connection it accepts.
import socket
import sys
import threading


def serve(handler):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", int(sys.argv[1])))
    ls.listen(8)
    print("ready", flush=True)
    n = 0
    while True:
        c, _ = ls.accept()
        n += 1
        threading.Thread(target=handler, args=(c, n), daemon=True).start()
