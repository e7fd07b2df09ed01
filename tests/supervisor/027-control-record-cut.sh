# A module that sends 3proxy the start of a control message and then
# dribbles the rest, a byte at a time, cannot stall 3proxy: the control
# channel carries whole records (SOCK_SEQPACKET), so a cut one is refused
# at once (the module's channel is closed) and the loop goes on. A sibling
# killed meanwhile is back within 1 s (before: 3proxy waited up to 5 s for
# each missing byte, and the sibling came back after a minute).
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www" "$T/mods"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
U=$(free_port)
ln -s "$BIN/tcppm" "$T/mods/tcppm"
# The stand-in: a udppm that takes its configuration, then dribbles.
cat >"$T/mods/udppm" <<PYEOF
#!$PY
import socket, struct, sys, time
if "--dry-run" in sys.argv:
    print("port $U\nstream 0\ndgram 1")
    sys.exit(0)
c = socket.socket(fileno=3)
c.settimeout(5)
buf, done = b"", False
while not done:
    buf += c.recv(65536)
    while len(buf) >= 16:
        v, t, ln, fl, i = struct.unpack("=HHIII", buf[:16])
        if len(buf) < 16 + ln:
            break
        buf, done = buf[16 + ln:], done or t == 2
ready = struct.pack("=HHIII", 1, 3, 0, 0, 0)
open("$T/dribbling", "w").write("yes")
try:
    for b in ready[:15]:
        c.send(bytes([b]))
        time.sleep(0.5)
except OSError:
    open("$T/refused", "w").write("yes")
time.sleep(10)
PYEOF
chmod +x "$T/mods/udppm"
printf 'internal 127.0.0.1\ntcppm %s 127.0.0.1 %s\nudppm %s 127.0.0.1 9\n' \
    "$P" "$HTTP_PORT" "$U" >"$T/c.cfg"
"$BIN/3proxy" --modules-dir="$T/mods" "$T/c.cfg" 2>"$T/sup.err" &
sup=$!
_pids+=($sup)
wait_file_match "$T/dribbling" yes
wait_port "$P"
expect_eq "body" "$(curl -sf -m 2 "http://127.0.0.1:$P/x.txt")" hello
old=$(ps -o pid=,comm= --ppid "$sup" | awk '$2 == "tcppm" {print $1}')
[ -n "$old" ] || fail "no tcppm child"
kill -9 "$old"
ms=$(curl_within 1000 "http://127.0.0.1:$P/x.txt" "$T/body")
expect_eq "body after kill -9 (within 1 s, took $ms ms)" "$(cat "$T/body")" hello
new=$(ps -o pid=,comm= --ppid "$sup" | awk '$2 == "tcppm" {print $1}')
[ -n "$new" ] && _pids+=("$new")
expect_file_match "$T/sup.err" "udppm .*: control channel: Bad message"
