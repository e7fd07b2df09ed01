# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A raw FTP control connection for the ftppr cases: send exact bytes, read
# whole replies (multi-line aware), notice a close.
import socket


class Chat:
    def __init__(self, port, host="127.0.0.1", timeout=10):
        self.s = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def line(self):
        while b"\n" not in self.buf:
            b = self.s.recv(65536)
            if not b:
                raise EOFError("closed")
            self.buf += b
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("latin-1")

    def reply(self):
        """One whole reply, its lines joined with '|'."""
        first = self.line()
        lines = [first]
        if len(first) > 3 and first[3] == "-":
            while True:
                ln = self.line()
                lines.append(ln)
                if ln[:3] == first[:3] and ln[3:4] in (" ", ""):
                    break
        return "|".join(lines)

    def closed(self):
        """True when the peer closes (after any pending bytes)."""
        try:
            while True:
                b = self.s.recv(65536)
                if not b:
                    return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def close(self):
        self.s.close()
