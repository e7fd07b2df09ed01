# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A raw POP3 connection for the pop3p cases: exact bytes out, lines in.
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

    def multi(self):
        """A multi-line response, its lines joined with '|'."""
        lines = [self.line()]
        while lines[-1] != "." and lines[0].startswith("+OK"):
            lines.append(self.line())
        return "|".join(lines)

    def closed(self):
        try:
            while self.s.recv(65536):
                pass
            return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False
