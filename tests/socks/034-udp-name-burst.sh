#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# UDP ASSOCIATE, datagrams to a name that socks has not looked up yet,
# ten at once (the process is stopped while they queue): all ten reach the
# echo server and come back (only the first did: the rest were dropped
# during the lookup). While one name is looked up, datagrams for another
# name are still dropped (socks.8).
. "$(dirname "$0")/../lib/lib.sh"
E=$(free_port)
bg echo "$PY" "$LIB/udpecho.py" --port "$E"
printf 'nsrecord %s.test 127.0.0.1\n' one two three \
    >"$T/p.cfg"
P=$(free_port)
run_module socks socks --config="$T/p.cfg" -i127.0.0.1 -p"$P"
out=$(SOCKS_PORT=$P "$PY" - "$E" "$PID_socks" <<'PYEOF'
import os, signal, socket, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
E, pid = int(sys.argv[1]), int(sys.argv[2])
s, rep = v5_open("0.0.0.0", 0, cmd=3)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(1)
relay = (rep[1], rep[2])
# The echo server starts in the background: wait until it answers.
for i in range(20):
    u.sendto(udp_header("127.0.0.1", E) + b"up", relay)
    try:
        u.recvfrom(100)
        break
    except socket.timeout:
        pass
def burst(hosts):
    os.kill(pid, signal.SIGSTOP)
    try:
        for i, h in enumerate(hosts):
            u.sendto(udp_header(h, E) + b"%d" % i, relay)
        time.sleep(0.2)
    finally:
        os.kill(pid, signal.SIGCONT)
    got = []
    try:
        while True:
            got.append(udp_parse(u.recvfrom(100)[0])[2].decode())
    except socket.timeout:
        pass
    return " ".join(sorted(got, key=lambda g: int(g[5:])))
print(burst(["one.test"] * 10))
print(burst(["two.test", "three.test", "two.test"]))
PYEOF
)
expect_eq "datagrams" "$out" "echo:0 echo:1 echo:2 echo:3 echo:4 echo:5 echo:6 echo:7 echo:8 echo:9
echo:0 echo:2"
alive socks
