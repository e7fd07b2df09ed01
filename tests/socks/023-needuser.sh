# Method choice (RFC 1928 s3, never a method the client did not offer):
# without -u a client offering 0 and 2 gets 0, one offering only 2 gets 2
# and its user is logged; -u1 prefers 2; -u2 refuses a client without
# user/password (05 FF, curl fails) and serves one with it, and a SOCKS4
# client only with a user id.
# supervised: no (a 3proxy.cfg service line defaults to -u1, as the original)
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"; echo hello >"$T/www/x"
http_server origin "$T/www"
P0=$(free_port); P1=$(free_port); P2=$(free_port)
run_module u0 socks -i127.0.0.1 -p"$P0" -l"$T/u0.log" -f'L%E|%U'
run_module u1 socks -i127.0.0.1 -p"$P1" -u1
run_module u2 socks -i127.0.0.1 -p"$P2" -u2 -l"$T/u2.log" -f'L%N|%E|%U'

out=$("$PY" - "$P0" "$P1" "$P2" "$HTTP_PORT" <<'PYEOF'
import os, sys
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
P0, P1, P2, H = (int(a) for a in sys.argv[1:])
def method(port, offer):
    s = conn(port)
    s.sendall(v5_greeting(offer))
    return read_exact(s, 2).hex()
print(method(P0, (0, 2)), method(P0, (2,)), method(P1, (0, 2)),
      method(P1, (0,)), method(P2, (0, 2)), method(P2, (0, 1, 3)))
s, rep = v5_open("127.0.0.1", H, auth=("onlytwo", "pw"), port_=P0)
print(rep[0])
s.sendall(b"GET /x HTTP/1.0\r\n\r\n")
read_to_close(s)
s = conn(P2)
s.sendall(v4_request("127.0.0.1", H, user=b"v4user"))
print(read_v4_reply(s)[0])
PYEOF
)
expect_eq "methods" "$(echo $out)" "0500 0502 0502 0500 0502 05ff 0 90"
wait_file_match "$T/u0.log" "^00000\|onlytwo$"
curl -s --socks5 "127.0.0.1:$P2" "http://127.0.0.1:$HTTP_PORT/x" -o "$T/no" &&
    fail "-u2 served a client without credentials"
curl -sf --socks5 "127.0.0.1:$P2" -U "who:pw" "http://127.0.0.1:$HTTP_PORT/x" \
    -o "$T/yes" || fail "-u2 refused a client with credentials"
expect_eq body "$(cat "$T/yes")" hello
wait_file_match "$T/u2.log" "^SOCK5\|00004\|-$"
wait_file_match "$T/u2.log" "^SOCK5\|00000\|who$"
wait_file_match "$T/u2.log" "^SOCK4\|00000\|v4user$"
alive u0; alive u1; alive u2
