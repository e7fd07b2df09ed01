# A name that does not resolve: SOCKS5 REP 04 (host unreachable), SOCKS4a
# 91, record 100; a malformed name (empty, NUL inside, bad characters) is
# refused the same way without a lookup.
. "$(dirname "$0")/../lib/lib.sh"
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%N|%E|%n|%T'

out=$(SOCKS_PORT=$P "$PY" - <<'PYEOF'
import sys
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
def v5(name):
    s = conn()
    s.sendall(v5_greeting() + bytes([5, 1, 0, 3, len(name)]) + name +
              b"\x00\x50")
    return read_to_close(s)[0].hex()
print(v5(b"no-such-host.invalid"))
print(v5(b""))
print(v5(b"evil\x00.example"))
print(v5(b"bad host!"))
s = conn()
s.sendall(v4a_request("no-such-host.invalid", 80))
print(read_to_close(s)[0].hex())
PYEOF
)
expect_eq "replies" "$(echo $out)" "050005040001000000000000 050005040001000000000000 050005040001000000000000 050005040001000000000000 005b000000000000"
wait_file_match "$T/access.log" "^SOCK5\|00100\|no-such-host\.invalid\|CONNECT no-such-host\.invalid:80$"
wait_file_match "$T/access.log" "^SOC45\|00100\|no-such-host\.invalid\|CONNECT no-such-host\.invalid:80$"
expect_eq "records" "$(wc -l <"$T/access.log")" 5
alive socks
