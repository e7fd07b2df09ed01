#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A target that sends 20000 bytes and resets as soon as it accepts
# (reliability.md 4.6). The connect counts as made: when the reset came
# with the connect's own event it was taken for a failed connect (REP 5 or
# 1, error 13) and the bytes were lost. Every byte reaches the client,
# then a reset, not a FIN that would make the cut transfer look complete
# (96 in the record), unless bytes were still queued for the client when
# the reset came (a reset would drop them; a FIN then). A target that
# closes normally gives a FIN.
. "$(dirname "$0")/../lib/lib.sh"
S=$(free_port) P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%E'
out=$(SOCKS_PORT=$P "$PY" - "$S" <<'PYEOF'
import os, socket, struct, sys, threading
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
sport = int(sys.argv[1])
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", sport))
ls.listen(64)
N = 60
def server():
    for i in range(N + 1):
        c, _ = ls.accept()
        c.sendall(b"x" * 20000)
        if i < N:
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        c.close()
threading.Thread(target=server, daemon=True).start()
seen = {}
for i in range(N + 1):
    s, rep = v5_open("127.0.0.1", sport)
    s.settimeout(10)
    # Acknowledged at once: no bytes left unacknowledged when the reset
    # comes, so that it can go on as one.
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    n, end = 0, "eof"
    try:
        while rep[0] == 0:
            d = s.recv(65536)
            if not d:
                break
            n += len(d)
    except ConnectionResetError:
        end = "rst"
    s.close()
    key = "%s rep %d %d %s" % ("reset" if i < N else "close", rep[0], n, end)
    seen[key] = seen.get(key, 0) + 1
rst = seen.pop("reset rep 0 20000 rst", 0)
print("rst", "some" if rst > 0 else "none")
print("all bytes", seen.pop("reset rep 0 20000 eof", 0) + rst)
for k in sorted(seen):
    print(seen[k], k)
PYEOF
)
expect_eq "what the clients saw" "$out" "rst some
all bytes 60
1 close rep 0 20000 eof"
i=0
while [ "$(wc -l <"$T/access.log")" -lt 61 ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "records" "$(sort "$T/access.log" | uniq -c | tr -s ' ' |
    paste -sd,)" " 1 00000, 60 00096"
alive socks
