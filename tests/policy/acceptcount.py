# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A listener that counts the connections it accepts: each one is told its
# number ("accept N") and closed. Connections are accepted in order, so a
# probe made at the end learns how many reached the port before it.
import argparse
import socket
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    a = p.parse_args()
    ls = socket.socket(socket.AF_INET6 if ":" in a.host else socket.AF_INET)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.host, a.port))
    ls.listen(64)
    print("listening", flush=True)
    n = 0
    while True:
        c, _ = ls.accept()
        n += 1
        try:
            c.sendall(b"accept %d\n" % n)
        except OSError:
            pass
        c.close()
        print("accepted", n, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
