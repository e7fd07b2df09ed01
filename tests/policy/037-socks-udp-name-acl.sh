#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# socks UDP ASSOCIATE (-U3, the default): the destination of each datagram
# is checked by the ACL at the address its name resolves to. Datagrams to
# a name of a denied address (and to that address) get no answer from the
# echo server there; datagrams to a name of an allowed address come back.
# The association itself names no target: an entry with a destination
# or ports that it meets first leaves the answer to each datagram (the
# original's pre-auth pass), whether it allows (the allow-first list) or
# denies (a deny-first list: "deny * * * 25", "deny * * 127.0.0.2", then
# "allow *", refused every association before). With -U1 no datagram is
# asked, and such an association is refused (REP 2). A denied name stays
# denied after datagrams to an allowed name of its address. Each new
# destination gets a record (-U3 logs, as in the original's -U1/-U3): a
# denied one with the policy's code (reliability S12), once however many
# datagrams go there; the first one passed is named by the association's
# own record.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need_bin socks
E=$(free_port)
bg echo1 "$PY" "$LIB/udpecho.py" --port "$E"
bg echo2 "$PY" "$LIB/udpecho.py" --port "$E" --bind 127.0.0.2
cat >"$T/p.cfg" <<CFG
nsrecord allowed.test 127.0.0.1
nsrecord denied.test 127.0.0.2
allow * * 127.0.0.1
deny *
CFG
script udp.py <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
E = int(sys.argv[1])
s, rep = v5_open("0.0.0.0", 0, cmd=3)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
relay = (rep[1], rep[2])

def ask(host, tries, wait):
    # The echo servers start in the background: retry until one answers.
    u.settimeout(wait)
    for i in range(tries):
        u.sendto(udp_header(host, E) + host.encode(), relay)
        try:
            return udp_parse(u.recvfrom(70000)[0])[2].decode()
        except socket.timeout:
            continue
    return "none"

print(ask("allowed.test", 20, 0.5))
print(ask("denied.test", 2, 0.5))
print(ask("127.0.0.2", 2, 0.5))
s.close()
PYEOF
for mode in standalone supervised; do
	S=$(free_port)
	policy_run "s$mode" "$mode" socks "$T/p.cfg" -i127.0.0.1 -p"$S" \
	    -l"$T/s$mode.log" -f'L%E|%n|%T'
	expect_eq "$mode: datagrams" "$(SOCKS_PORT=$S "$PY" "$T/udp.py" "$E" |
	    tr '\n' ' ')" "echo:allowed.test none none "
	policy_stop "s$mode"
	expect_eq "$mode: records" "$(cat "$T/s$mode.log")" \
	    "00001|denied.test|UDPMAP denied.test:$E
00001|[127.0.0.2]|UDPMAP 127.0.0.2:$E
00000|allowed.test|UDPMAP allowed.test:$E"
done
cat >"$T/d.cfg" <<CFG
nsrecord allowed.test 127.0.0.1
nsrecord denied.test 127.0.0.2
deny * * * 25
deny * * 127.0.0.2
allow *
CFG
for mode in standalone supervised; do
	S=$(free_port)
	policy_run "d$mode" "$mode" socks "$T/d.cfg" -i127.0.0.1 -p"$S" \
	    -l"$T/d$mode.log" -f'L%E|%n|%T'
	expect_eq "$mode, deny first: datagrams" "$(SOCKS_PORT=$S "$PY" \
	    "$T/udp.py" "$E" | tr '\n' ' ')" "echo:allowed.test none none "
	policy_stop "d$mode"
	expect_eq "$mode, deny first: records" "$(cat "$T/d$mode.log")" \
	    "00001|denied.test|UDPMAP denied.test:$E
00001|[127.0.0.2]|UDPMAP 127.0.0.2:$E
00000|allowed.test|UDPMAP allowed.test:$E"
done
# A name the ACL denies stays denied after a datagram to another name of
# the same address, or to the address itself (the last destination
# passed was remembered by address alone).
cat >"$T/n.cfg" <<CFG
nsrecord good.test 127.0.0.1
nsrecord bad.test 127.0.0.1
deny * * bad.test
allow *
CFG
S=$(free_port)
policy_run names standalone socks "$T/n.cfg" -i127.0.0.1 -p"$S" \
    -l"$T/names.log" -f'L%E|%T'
expect_eq "a denied name after an allowed one" "$(SOCKS_PORT=$S "$PY" - \
    "$E" <<'PYEOF'
import os, socket, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
E = int(sys.argv[1])
s, rep = v5_open("0.0.0.0", 0, cmd=3)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(0.5)
def ask(host, tries=1):
    for i in range(tries):
        u.sendto(udp_header(host, E) + host.encode(), (rep[1], rep[2]))
        try:
            return udp_parse(u.recvfrom(100)[0])[2].decode()
        except socket.timeout:
            pass
    return "none"
print(ask("good.test", 20), ask("bad.test"), ask("127.0.0.1"),
      ask("bad.test"))
PYEOF
)" "echo:good.test none echo:127.0.0.1 none"
policy_stop names
# good.test first (no record until the end), bad.test refused (the second
# datagram there makes no second record), 127.0.0.1 passed and new.
expect_eq "records of new destinations" "$(cat "$T/names.log")" \
    "00001|UDPMAP bad.test:$E
00000|UDPMAP 127.0.0.1:$E
00000|UDPMAP good.test:$E"
S=$(free_port)
policy_run u1 standalone socks "$T/d.cfg" -i127.0.0.1 -p"$S" -U1
expect_eq "-U1, deny first: refused" "$(SOCKS_PORT=$S "$PY" -c '
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
print("rep", v5_open("0.0.0.0", 0, cmd=3)[1][0])')" "rep 2"
