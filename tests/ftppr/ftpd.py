# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A real FTP server for the ftppr cases: pyftpdlib with one user (full
# rights) and anonymous read access, on one address and port.
import argparse
import logging

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--dir", required=True)
ap.add_argument("--user", default="alice")
ap.add_argument("--password", default="secret")
ap.add_argument("--no-epsv", action="store_true")
ap.add_argument("--masquerade")
ap.add_argument("--log")
a = ap.parse_args()

auth = DummyAuthorizer()
auth.add_user(a.user, a.password, a.dir, perm="elradfmwMT")
auth.add_anonymous(a.dir)


class Handler(FTPHandler):
    authorizer = auth
    permit_foreign_addresses = False
    banner = "pyftpdlib ready"


if a.no_epsv:
    # A server without RFC 2428: the proxy must fall back to PASV.
    Handler.proto_cmds = {k: v for k, v in FTPHandler.proto_cmds.items()
                          if k not in ("EPSV", "EPRT")}
if a.masquerade:
    # 227 replies then name another address than the server's own.
    Handler.masquerade_address = a.masquerade
if a.log:
    logging.basicConfig(filename=a.log, level=logging.DEBUG)
else:
    logging.basicConfig(level=logging.WARNING)
srv = FTPServer((a.host, a.port), Handler)
srv.serve_forever()
