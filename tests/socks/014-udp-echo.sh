# UDP ASSOCIATE: the reply names the real relay socket (bound, on the
# internal address); payloads to an IPv4 literal, a name and an IPv6 target
# come back from a real UDP echo server with an RFC 1928 header naming the
# sender; a 60000-byte datagram survives; closing the TCP connection ends
# the association and writes one UDPMAP record with the payload counts,
# after one record for each new destination (-U3: the name, the IPv6 one).
. "$(dirname "$0")/../lib/lib.sh"
E=$(free_port)
bg echo4 "$PY" "$LIB/udpecho.py" --port "$E"
bg echo6 "$PY" "$LIB/udpecho.py" --port "$E" --bind ::1
P=$(free_port)
run_module socks socks -i127.0.0.1 -p"$P" -l"$T/access.log" \
    -f'L%N|%E|%C|%R|%r|%Q|%q|%n|%O|%I|%T'

out=$(SOCKS_PORT=$P "$PY" - "$E" <<'PYEOF'
import hashlib, os, socket, sys, time
sys.path.insert(0, os.environ["ROOT"] + "/tests/socks")
from sockslib import *
E = int(sys.argv[1])
s, rep = v5_open("0.0.0.0", 0, cmd=3)
print(rep[0], rep[1], port_is_bound_udp(rep[2]))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(2)
relay = (rep[1], rep[2])
sent = recv = 0

def ask(host, payload, tries=20):
    # Echo servers start in the background: retry until one answers.
    global sent, recv
    for i in range(tries):
        u.sendto(udp_header(host, E) + payload, relay)
        sent += len(payload)
        try:
            ip, port, data = udp_parse(u.recvfrom(70000)[0])
        except socket.timeout:
            continue
        recv += len(data)
        return ip, port == E, data
    return None

print(*ask("127.0.0.1", b"hello"))
print(*ask("localhost", b"by-name"))
print(*ask("::1", b"six"))
big = os.urandom(60000)
ip, ok, data = ask("127.0.0.1", big)
print(ip, ok, hashlib.sha256(data).digest() == hashlib.sha256(b"echo:" + big).digest())
s.close()
end = time.monotonic() + 1.0
while port_is_bound_udp(rep[2]) and time.monotonic() < end:
    time.sleep(0.02)
print("released", not port_is_bound_udp(rep[2]))
open(os.environ["T"] + "/counts", "w").write("%d %d" % (sent, recv))
PYEOF
)
expect_eq "UDP round trips" "$(echo $out)" "0 127.0.0.1 True 127.0.0.1 True b'echo:hello' 127.0.0.1 True b'echo:by-name' ::1 True b'echo:six' 127.0.0.1 True True released True"
read -r SENT RECV <"$T/counts"
wait_file_match "$T/access.log" \
    "^SOCK5\|00000\|127\.0\.0\.1\|127\.0\.0\.1\|$E\|127\.0\.0\.1\|$E\|\[127\.0\.0\.1\]\|$SENT\|$RECV\|UDPMAP 127\.0\.0\.1:$E$"
expect_eq "records of new destinations" "$(head -n 2 "$T/access.log")" \
    "SOCK5|00000|127.0.0.1|127.0.0.1|$E|127.0.0.1|$E|localhost|0|0|UDPMAP localhost:$E
SOCK5|00000|127.0.0.1|::1|$E|::1|$E|[::1]|0|0|UDPMAP [::1]:$E"
expect_eq "records" "$(wc -l <"$T/access.log")" 3
alive socks
