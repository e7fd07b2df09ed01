# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A UDP echo server: answers "echo:" + payload; with --other-port the answer
# leaves from a different socket (a forged source for the proxy's client).
import argparse
import socket

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--bind", default="127.0.0.1")
p.add_argument("--other-port", action="store_true")
a = p.parse_args()
fam = socket.AF_INET6 if ":" in a.bind else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.bind((a.bind, a.port))
other = socket.socket(fam, socket.SOCK_DGRAM)
while True:
    d, peer = s.recvfrom(65536)
    (other if a.other_port else s).sendto(b"echo:" + d, peer)
