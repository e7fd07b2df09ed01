# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A TCP server that sends every client MIB mebibytes and closes: the same
# 1 MiB block again and again, byte i of the block (i * 7 + i // 65536) &
# 255. One thread per client, so a client that does not read holds only its
# own thread. Usage: flood.py PORT MIB; with MIB 0 every client says how
# many first, as a line of digits.
import socket
import sys
import threading

port, mib = int(sys.argv[1]), int(sys.argv[2])
BLOCK = bytes(((i * 7 + i // 65536) & 255) for i in range(1 << 20))


def serve(c):
    try:
        n = mib
        if n == 0:
            line = b""
            while not line.endswith(b"\n") and len(line) < 16:
                d = c.recv(1)
                if not d:
                    break
                line += d
            n = int(line or b"0")
        for _ in range(n):
            c.sendall(BLOCK)
    except OSError:
        pass
    c.close()


ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port))
ls.listen(1024)
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
