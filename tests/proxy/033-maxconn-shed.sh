# With every slot taken (--maxconn=5) by clients that trickle or idle, a
# new client is served: the one that has waited longest for its request
# head, over a second, is closed to make room (408 when it sent part of a
# head, with a record; nothing for an idle one). Clients that waited less
# than a second are not closed: the new one is then refused.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy --maxconn=5
U="127.0.0.1:$STUB_PORT"
"$PY" - "$PP" "$U" >"$T/shed.out" <<'PYEOF'
import socket, sys, time
port, u = int(sys.argv[1]), sys.argv[2]

def slow(partial):
    c = socket.create_connection(("127.0.0.1", port))
    if partial:
        c.sendall(b"GET http://" + u.encode() + b"/slow HTTP/1.1\r\n")
    return c

def get():
    c = socket.create_connection(("127.0.0.1", port))
    c.settimeout(5)
    c.sendall(b"GET http://" + u.encode() + b"/ HTTP/1.1\r\nHost: x\r\n"
              b"Connection: close\r\n\r\n")
    out = b""
    try:
        while True:
            d = c.recv(4096)
            if not d:
                break
            out += d
    except OSError:
        # Closed at once (a reset when the request arrives after that).
        return "closed"
    return out.split(b"\r\n")[0].decode() if out else "closed"

hold = [slow(i < 3) for i in range(5)]
time.sleep(0.2)
print("young:", get())
time.sleep(1.2)
print("old:", get())
# The first slow client (partial head) was the one closed, with a 408.
hold[0].settimeout(5)
print("shed:", hold[0].recv(100).split(b"\r\n")[0].decode())
# All five taken again (a new slow one): the next longest waiting goes.
hold.append(slow(True))
print("second:", get())
hold[1].settimeout(5)
print("next shed:", hold[1].recv(100).split(b"\r\n")[0].decode())
PYEOF
expect_eq "refused while all wait under a second" "$(sed -n 1p "$T/shed.out")" \
    "young: closed"
expect_eq "served once one waited over a second" "$(sed -n 2p "$T/shed.out")" \
    "old: HTTP/1.1 200 OK"
expect_eq "the longest waiting got a 408" "$(sed -n 3p "$T/shed.out")" \
    "shed: HTTP/1.1 408 Request Timeout"
expect_eq "and the next one makes room too" "$(sed -n 4p "$T/shed.out")" \
    "second: HTTP/1.1 200 OK"
expect_eq "the next longest waiting got a 408" "$(sed -n 5p "$T/shed.out")" \
    "next shed: HTTP/1.1 408 Request Timeout"
wait_file_match "$T/access.log" " 00092 - .* GET http://$U/slow HTTP/1\.1\$"
alive proxy
