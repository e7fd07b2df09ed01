# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A raw HTTP upstream for the proxy tests: it records exactly the bytes each
# connection brought (RECORD file, "=== conn N" before each connection's
# bytes) and answers every request head (with its Content-Length or chunked
# body read) with the bytes of the REPLY file, or with a small 200 when none
# is given. --close closes after each reply; --raw sends REPLY as soon as a
# connection opens, whatever arrives. Prints "ready" once listening.
import argparse
import socket
import threading

lock = threading.Lock()
nconn = 0


def record(path, data):
    with lock:
        with open(path, "ab") as f:
            f.write(data)


class Reader:
    """Buffered reads from a socket, recording every byte."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def more(self):
        d = self.sock.recv(65536)
        if not d:
            raise EOFError
        record(ARGS.record, d)
        self.buf += d

    def line(self):
        while b"\r\n" not in self.buf:
            self.more()
        ln, self.buf = self.buf.split(b"\r\n", 1)
        return ln

    def take(self, n):
        while len(self.buf) < n:
            self.more()
        d, self.buf = self.buf[:n], self.buf[n:]
        return d


def read_request(r):
    """Read one request (head and body); returns its request line."""
    first = r.line()
    clen, chunked = 0, False
    while True:
        ln = r.line()
        if ln == b"":
            break
        name, _, value = ln.partition(b":")
        if name.strip().lower() == b"content-length":
            clen = int(value.strip())
        if name.strip().lower() == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
    if chunked:
        while True:
            size = int(r.line().split(b";")[0], 16)
            if size == 0:
                while r.line() != b"":
                    pass
                break
            r.take(size + 2)
    else:
        r.take(clen)
    return first


def serve(sock):
    global nconn
    with lock:
        nconn += 1
        n = nconn
    record(ARGS.record, b"=== conn %d\n" % n)
    sock.settimeout(10)
    r = Reader(sock)
    try:
        if ARGS.raw:
            sock.sendall(REPLY)
            while True:
                d = sock.recv(65536)
                if not d:
                    break
                record(ARGS.record, d)
            return
        while True:
            read_request(r)
            sock.sendall(REPLY)
            if ARGS.close:
                break
    except (OSError, EOFError, ValueError):
        pass
    finally:
        sock.close()


def main():
    global ARGS, REPLY
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--record", required=True)
    p.add_argument("--reply")
    p.add_argument("--close", action="store_true")
    p.add_argument("--raw", action="store_true")
    ARGS = p.parse_args()
    if ARGS.reply:
        with open(ARGS.reply, "rb") as f:
            REPLY = f.read()
    else:
        REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    open(ARGS.record, "wb").close()
    fam = socket.AF_INET6 if ":" in ARGS.bind else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((ARGS.bind, ARGS.port))
    ls.listen(64)
    print("ready", flush=True)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


if __name__ == "__main__":
    main()
