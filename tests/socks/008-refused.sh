# A target that refuses: SOCKS5 gets REP 05 (connection refused) with a zero
# address, SOCKS4 gets 91, both then closed; the record says 13. The same
# process then serves a good request.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"; echo hello >"$T/www/x"
http_server origin "$T/www"
P=$(free_port)
R=$(free_port)	# nothing listens here
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" -f'L%N|%E|%R|%r|%T'

out=$(SOCKS_PORT=$P "$PY" - "$R" <<'PYEOF'
import sys
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
R = int(sys.argv[1])
s = conn()
s.sendall(v5_greeting() + v5_request("127.0.0.1", R))
print(read_to_close(s)[0].hex(), read_to_close(s)[1])
s = conn()
s.sendall(v4_request("127.0.0.1", R))
print(read_to_close(s)[0].hex())
PYEOF
)
expect_eq "replies from a refusing target" "$(echo $out)" \
    "050005050001000000000000 True 005b000000000000"
wait_file_match "$T/access.log" "^SOCK5\|00013\|127\.0\.0\.1\|$R\|CONNECT 127\.0\.0\.1:$R$"
wait_file_match "$T/access.log" "^SOCK4\|00013\|127\.0\.0\.1\|$R\|CONNECT 127\.0\.0\.1:$R$"
curl -sf --socks5 "127.0.0.1:$P" "http://127.0.0.1:$HTTP_PORT/x" -o "$T/got" ||
    fail "good request after the failures"
expect_eq "body" "$(cat "$T/got")" hello
alive socks
