# A server whose 227 names another host (curl CVE-2020-8284): the data
# connection still goes to the control server's address, only the port of
# the reply is used. EPSV is refused here, so PASV is what is tried.
. "$(dirname "$0")/common.sh"
need curl
FP=$(free_port)
script fakeftp.py <<'PYEOF'
import socket, sys, threading
port = int(sys.argv[1])
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port)); ls.listen(4)
print("ready", flush=True)
c, _ = ls.accept(); f = c.makefile("rb")
def say(s): c.sendall(s.encode() + b"\r\n")
say("220 fake")
dl = socket.socket(); dl.bind(("127.0.0.1", 0)); dl.listen(1)
dport = dl.getsockname()[1]
for line in f:
    cmd = line.decode().strip().split(" ")[0].upper()
    print(line.decode().strip(), flush=True)
    if cmd == "USER": say("331 pass")
    elif cmd == "PASS": say("230 ok")
    elif cmd == "TYPE": say("200 binary")
    elif cmd == "EPSV": say("502 no EPSV here")
    elif cmd == "PASV": say("227 Entering Passive Mode (10,255,255,1,%d,%d)" % (dport >> 8, dport & 255))
    elif cmd == "RETR":
        d, _ = dl.accept()
        say("150 here")
        d.sendall(b"data via the control address\n"); d.close()
        say("226 done")
    else: say("500 ?")
PYEOF
bg fakeftp "$PY" -u "$T/fakeftp.py" "$FP"
wait_file_match "$T/fakeftp.out" '^ready$'
start_proxy
got=$(curl -sf -m 10 -x "127.0.0.1:$PP" "ftp://127.0.0.1:$FP/f") ||
    fail "download through a lying 227 failed"
expect_eq "data" "$got" "data via the control address"
expect_file_match "$T/fakeftp.out" '^USER anonymous$'
expect_file_match "$T/fakeftp.out" '^PASV$'
alive proxy
