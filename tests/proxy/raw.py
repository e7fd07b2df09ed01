# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A raw client for the proxy tests: sends the bytes of a file (or stdin)
# to 127.0.0.1:--port, then reads until the proxy closes or --timeout seconds
# pass without a byte, and writes what came back to stdout. --split sends
# one byte per send() call; --keep does not shut down the sending side.
# Exits 3 when it stopped on the timeout rather than on the proxy's close.
import argparse
import socket
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("file", nargs="?")
    p.add_argument("--timeout", type=float, default=5)
    p.add_argument("--split", action="store_true")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--host", default="127.0.0.1")
    a = p.parse_args()
    data = open(a.file, "rb").read() if a.file else sys.stdin.buffer.read()
    c = socket.create_connection((a.host, a.port), timeout=a.timeout)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        if a.split:
            for i in range(len(data)):
                c.send(data[i:i + 1])
                time.sleep(0.0005)
        else:
            c.sendall(data)
        if not a.keep:
            c.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    out, rc = b"", 0
    try:
        while True:
            d = c.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        rc = 3
    except OSError:
        pass
    sys.stdout.buffer.write(out)
    sys.exit(rc)


if __name__ == "__main__":
    main()
