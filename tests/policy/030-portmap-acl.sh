# tcppm and udppm ask the policy (by address only) before connecting: with a
# config fragment, a source or a target the ACL denies gets no connection and
# a record with error 1; an allowed one is relayed.
. "$(dirname "$0")/../lib/lib.sh"
SP=$(free_port)
bg hold "$PY" "$LIB/holdserver.py" "$SP"
wait_port "$SP"
cat >"$T/acl.cfg" <<CFG
auth iponly
deny * 127.0.0.2
allow * 127.0.0.1 127.0.0.1 $SP CONNECT,UDPASSOC
deny *
CFG
P=$(free_port)
run_module tcppm tcppm --config="$T/acl.cfg" -i127.0.0.1 -l"$T/t.log" \
    "$P" 127.0.0.1 "$SP"
ask() {	# ask SOURCE PORT: what a client from SOURCE gets through tcppm
	"$PY" -c "
import socket
c = socket.socket(); c.bind(('$1', 0)); c.settimeout(5)
c.connect(('127.0.0.1', $2)); c.sendall(b'1\n')
try:
    print(repr(c.recv(10)))
except OSError as e:
    print(type(e).__name__)"
}
expect_eq "allowed source" "$(ask 127.0.0.1 "$P")" "b'2\\n'"
expect_match "denied source" "$(ask 127.0.0.2 "$P")" "^(b''|ConnectionResetError)$"
wait_file_match "$T/t.log" " $P 00001 - 127\.0\.0\.2:[0-9]+ 0\.0\.0\.0:0 0 0 0 127\.0\.0\.1$"

# A target port outside the ACL.
DP=$(free_port)
bg hold2 "$PY" "$LIB/holdserver.py" "$DP"
wait_port "$DP"
P2=$(free_port)
run_module tcppm2 tcppm --config="$T/acl.cfg" -i127.0.0.1 -l"$T/t2.log" \
    "$P2" 127.0.0.1 "$DP"
expect_match "denied target" "$(ask 127.0.0.1 "$P2")" "^(b''|ConnectionResetError)$"
wait_file_match "$T/t2.log" " $P2 00001 - 127\.0\.0\.1:[0-9]+ 0\.0\.0\.0:0 0 0 0 127\.0\.0\.1$"

# udppm: the same ACL, UDPASSOC.
udp_echo echo
cat >"$T/udp.cfg" <<CFG
auth iponly
allow * 127.0.0.1 127.0.0.1 $ECHO_PORT UDPASSOC
deny *
CFG
U=$(free_port)
run_module udppm udppm --config="$T/udp.cfg" -i127.0.0.1 -l"$T/u.log" \
    --timeouts=1,5,30,1 "$U" 127.0.0.1 "$ECHO_PORT"
got=$("$PY" -c "
import socket
out = []
for src in ('127.0.0.1', '127.0.0.2'):
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.bind((src, 0)); c.settimeout(1.5)
    c.sendto(b'hi', ('127.0.0.1', $U))
    try:
        out.append(c.recvfrom(100)[0].decode())
    except OSError:
        out.append('none')
print(','.join(out))")
expect_eq "udppm: allowed source answered, denied one not" "$got" "echo:hi,none"
wait_file_match "$T/u.log" " $U 00001 - 127\.0\.0\.2:[0-9]+ "
wait_file_match "$T/u.log" " $U 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$ECHO_PORT 2 7 0 $"
