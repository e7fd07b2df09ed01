# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A minimal syslog receiver: binds a Unix datagram socket at PATH and writes
# every message it gets, one per line, to OUT.
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
try:
    os.unlink(path)
except OSError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
with open(out, "ab", buffering=0) as f:
    open(out + ".ready", "w").close()
    while True:
        d = s.recv(65536)
        f.write(d.rstrip(b"\0\n") + b"\n")
