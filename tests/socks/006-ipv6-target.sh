# An IPv6 target: curl asks for [::1] (ATYP 4) and gets the body from an
# origin on ::1; the reply carries the IPv6 source address (ATYP 4).
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
head -c 5000000 /dev/urandom >"$T/www/big.bin"
H=$(free_port)
bg origin "$PY" "$LIB/origin.py" --port "$H" --bind ::1 --dir "$T/www"
wait_port "$H" ::1
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" \
    -f'L%N|%E|%R|%r|%Q|%q|%n|%I|%T'

curl -sfg --socks5 "127.0.0.1:$P" "http://[::1]:$H/big.bin" \
    -o "$T/got.bin" || fail "curl failed"
expect_eq "sha256 from an IPv6 origin" "$(sha "$T/got.bin")" \
    "$(sha "$T/www/big.bin")"
wait_file_match "$T/access.log" \
    "^SOCK5\|00000\|::1\|$H\|::1\|$H\|\[::1\]\|50[0-9]{5}\|CONNECT \[::1\]:$H$"

out=$(SOCKS_PORT=$P "$PY" - "$H" <<'PYEOF'
import sys
sys.path.insert(0, __import__("os").environ["ROOT"] + "/tests/socks")
from sockslib import *
s, rep = v5_open("::1", int(sys.argv[1]))
print(rep[0], rep[1], rep[2] > 0)
PYEOF
)
expect_eq "CONNECT reply for an IPv6 target" "$out" "0 ::1 True"
alive socks
