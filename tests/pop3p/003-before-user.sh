# Before USER: CAPA lists USER and no STLS, STLS gets -ERR (no TLS in this
# build), other commands get -ERR, QUIT gets +OK; record 614.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$P" -l"$T/pop3p.log"

"$PY" - "$P" >"$T/client.out" <<'PYEOF' || fail "client failed"
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/pop3p")
from pop3chat import Chat
c = Chat(int(sys.argv[1]))
print(c.line())
c.send(b"CAPA\r\n")
print(c.multi())
for cmd in (b"STLS", b"stls", b"NOOP", b"STAT", b"AUTH PLAIN", b"APOP a b", b"PASS x"):
    c.send(cmd + b"\r\n")
    print(c.line())
c.send(b"QUIT\r\n")
print(c.line())
print("closed", c.closed())
PYEOF
expect_eq "replies" "$(cat "$T/client.out")" "+OK Proxy
+OK Capability list follows|USER|.
-ERR STLS is not available
-ERR STLS is not available
-ERR Log in as USER name@host[:port] first
-ERR Log in as USER name@host[:port] first
-ERR Log in as USER name@host[:port] first
-ERR Log in as USER name@host[:port] first
-ERR Log in as USER name@host[:port] first
+OK Bye
closed True"
wait_file_match "$T/pop3p.log" "^[0-9]{12}\.[0-9]{3} $P 00614 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 $"
alive pop3p
