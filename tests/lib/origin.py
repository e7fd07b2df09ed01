# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# The HTTP/1.1 origin the tests talk to through the proxies: python's own
# http.server, serving files from --dir, echoing POST bodies (Content-Length
# or chunked), storing PUT bodies, and counting the connections it accepted
# (GET /_conns) so that tests can prove connection reuse. --tls CERT KEY
# serves HTTPS.
import argparse
import http.server
import os
import socketserver
import ssl
import threading

conns = 0
conns_lock = threading.Lock()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def get_request(self):
        global conns
        sock, addr = super().get_request()
        with conns_lock:
            conns += 1
        return sock, addr


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        with open(os.path.join(ARGS.dir, "_access.log"), "a") as f:
            f.write("%s %s\n" % (self.requestline, self.headers.get(
                "Via", "-")))

    def read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            body = b""
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n",
                                                             b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline(3)
        n = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(n)

    def reply(self, code, body, ctype="application/octet-stream"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_conns":
            with conns_lock:
                n = conns
            return self.reply(200, b"%d\n" % n, "text/plain")
        if self.path == "/_headers":
            return self.reply(200, str(self.headers).encode(), "text/plain")
        return super().do_GET()

    def do_POST(self):
        body = self.read_body()
        self.reply(200, body)

    def do_PUT(self):
        body = self.read_body()
        name = os.path.basename(self.path) or "put.bin"
        with open(os.path.join(ARGS.dir, name), "wb") as f:
            f.write(body)
        self.reply(201, b"stored %d\n" % len(body), "text/plain")

    def do_DELETE(self):
        self.reply(200, b"deleted\n", "text/plain")

    def do_OPTIONS(self):
        self.reply(200, b"", "text/plain")

    def do_PATCH(self):
        self.reply(200, self.read_body())


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--dir", required=True)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ARGS = p.parse_args()
    os.chdir(ARGS.dir)
    if ":" in ARGS.bind:
        Server.address_family = __import__("socket").AF_INET6
    srv = Server((ARGS.bind, ARGS.port), Handler)
    if ARGS.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS.tls[0], ARGS.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
