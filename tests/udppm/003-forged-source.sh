# Replies that come from another address than the target are not relayed:
# the association's socket is connected to the target.
. "$(dirname "$0")/../lib/lib.sh"
udp_echo echo --other-port
EP=$ECHO_PORT
P=$(free_port)
run_module udppm udppm -i127.0.0.1 "$P" 127.0.0.1 "$EP"
out=$("$PY" - "$P" <<'PYEOF'
import socket, sys
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.settimeout(1.5)
c.sendto(b"x", ("127.0.0.1", int(sys.argv[1])))
try:
    print("relayed %r" % c.recvfrom(100)[0])
except socket.timeout:
    print("dropped")
PYEOF
)
expect_eq "reply from a forged source" "$out" dropped
alive udppm
