#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# BIND, where it listens and whom it lets in. A client that reached socks
# on ::1 and names an IPv4 peer gets REP 1 (error 12) when no -e gives an
# IPv4 address (it listened on 0.0.0.0, every address, and named 0.0.0.0);
# with -e127.0.0.1 it listens there. A BIND that named 0.0.0.0 asks the
# policy about the peer that comes: under "deny * * 127.0.0.2" a peer from
# 127.0.0.2 is turned away and the wait goes on, one from 127.0.0.1 gets in.
# A client on IPv4 naming :: (an IPv6 peer, any) gets the IPv6 -e, not the
# IPv4 one.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i::1 -p"$P" -l"$T/access.log" -f'L%E|%T'
E=$(free_port)
run_module socks_e socks -i::1 -p"$E" -e127.0.0.1
script bind6.py <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
s = conn(host="::1")
s.sendall(v5_greeting() + v5_request("127.0.0.1", 0, 2))
assert read_exact(s, 2) == b"\5\0"
rep = read_v5_reply(s)
print("rep", rep[0], rep[1])
PYEOF
expect_eq "IPv4 peer, no IPv4 address" \
    "$(SOCKS_PORT=$P "$PY" "$T/bind6.py")" "rep 1 0.0.0.0"
wait_file_match "$T/access.log" '^00012\|BIND 127\.0\.0\.1:0$'
expect_eq "IPv4 peer with -e127.0.0.1" \
    "$(SOCKS_PORT=$E "$PY" "$T/bind6.py")" "rep 0 127.0.0.1"
F=$(free_port)
run_module socks_f socks -i127.0.0.1 -p"$F" -e127.0.0.1 -e::1
expect_eq "BIND to :: from an IPv4 client" "$(SOCKS_PORT=$F "$PY" - <<'PYEOF'
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
s = conn()
s.sendall(v5_greeting() + v5_request("::", 0, 2))
assert read_exact(s, 2) == b"\5\0"
rep = read_v5_reply(s)
print("rep", rep[0], rep[1])
PYEOF
)" "rep 0 ::1"

printf 'deny * * 127.0.0.2\nallow *\n' >"$T/p.cfg"
A=$(free_port)
run_module socks_acl socks --config="$T/p.cfg" -i127.0.0.1 -p"$A"
out=$(SOCKS_PORT=$A "$PY" - <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
s, rep = v5_open("0.0.0.0", 0, cmd=2)
print("first", rep[0])
bad = socket.socket()
bad.bind(("127.0.0.2", 0))
bad.connect((rep[1], rep[2]))
bad.settimeout(5)
print("denied peer", bad.recv(10) == b"")
good = socket.create_connection((rep[1], rep[2]), timeout=5)
print("second", read_v5_reply(s) == (0, "127.0.0.1",
    good.getsockname()[1]))
good.sendall(b"through")
print(read_exact(s, 7).decode())
PYEOF
)
expect_eq "peer of a BIND to 0.0.0.0" "$(echo $out)" \
    "first 0 denied peer True second True through"
alive socks_acl
