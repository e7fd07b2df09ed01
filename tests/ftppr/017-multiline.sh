# Multi-line replies pass intact: FEAT and HELP read through ftppr are the
# same bytes as read from the server directly.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
ftpd_start ftpd
ftppr_start ftppr

"$PY" - "$FTPPR_PORT" "$FTPD_PORT" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/ftppr")
from ftpchat import Chat
pp, sp = int(sys.argv[1]), int(sys.argv[2])
out = {}
for name, port, user in (("direct", sp, b"alice"),
                         ("proxy", pp, b"alice@127.0.0.1:%d" % sp)):
    c = Chat(port)
    c.reply()
    c.send(b"USER " + user + b"\r\nPASS secret\r\n")
    c.reply()
    c.reply()
    got = []
    for cmd in (b"FEAT", b"HELP", b"HELP RETR", b"SYST"):
        c.send(cmd + b"\r\n")
        got.append(c.reply())
    out[name] = got
print("same", out["direct"] == out["proxy"])
print("lines", [r.count("|") + 1 for r in out["proxy"]])
PYEOF
expect_file_match "$T/client.out" "^same True$"
# FEAT and HELP are multi-line (more than 3 lines each).
expect_file_match "$T/client.out" "^lines \[([4-9]|[1-9][0-9]+), ([4-9]|[1-9][0-9]+), 1, 1\]$"
alive ftppr
