# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A minimal POP3 server for the policy cases: one mailbox with one message
# whose text names the server (--name), any USER/PASS accepted.
import argparse
import socketserver


class Handler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        msg = "Subject: hi\r\n\r\nmessage from " + self.server.name
        self.send("+OK fixture ready")
        for _ in range(100):
            raw = self.rfile.readline(512)
            if not raw:
                return
            cmd = raw.decode(errors="replace").strip().split(" ")[0].upper()
            if cmd in ("USER", "PASS", "NOOP"):
                self.send("+OK")
            elif cmd == "STAT":
                self.send("+OK 1 %d" % len(msg))
            elif cmd == "LIST":
                self.send("+OK 1 messages")
                self.send("1 %d" % len(msg))
                self.send(".")
            elif cmd == "RETR":
                self.send("+OK %d octets" % len(msg))
                self.wfile.write(msg.encode() + b"\r\n.\r\n")
                self.wfile.flush()
            elif cmd == "QUIT":
                self.send("+OK bye")
                return
            else:
                self.send("-ERR unknown")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--name", required=True)
    a = p.parse_args()
    srv = Server(("127.0.0.1", a.port), Handler)
    srv.name = a.name
    srv.serve_forever()


if __name__ == "__main__":
    main()
