# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Raw SOCKS 4/4a/5 client pieces for the socks cases (python3 stdlib only):
# build requests byte by byte, send them whole or one byte per send(), read
# the exact reply, and tell a close from a stall. Every wait is bounded.
import ipaddress
import os
import socket
import struct
import time

PORT = int(os.environ.get("SOCKS_PORT", "0"))


def conn(port=None, host="127.0.0.1", timeout=5.0, src=None):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if src is not None:
        s.bind((src, 0))
    s.connect((host, port or PORT))
    return s


def send(s, data, split=False, gap=0.001):
    """Send whole, or one byte per send() with gap seconds between."""
    if not split:
        s.sendall(data)
        return
    for i in range(len(data)):
        s.sendall(data[i:i + 1])
        time.sleep(gap)


def read_exact(s, n, timeout=5.0):
    """n bytes, or fewer if the peer closed or timeout passed."""
    end = time.monotonic() + timeout
    got = b""
    while len(got) < n:
        left = end - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            d = s.recv(n - len(got))
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not d:
            break
        got += d
    return got


def read_to_close(s, timeout=5.0, limit=65536):
    """Everything until the peer closes: (bytes, closed)."""
    end = time.monotonic() + timeout
    got = b""
    while len(got) < limit:
        left = end - time.monotonic()
        if left <= 0:
            return got, False
        s.settimeout(left)
        try:
            d = s.recv(4096)
        except socket.timeout:
            return got, False
        except ConnectionResetError:
            return got, True
        if not d:
            return got, True
        got += d
    return got, False


def addr_bytes(host):
    """ATYP and DST.ADDR for an IP literal or a name."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        h = host.encode() if isinstance(host, str) else host
        return 3, bytes([len(h)]) + h
    return (1, ip.packed) if ip.version == 4 else (4, ip.packed)


def v5_greeting(methods=(0,)):
    return bytes([5, len(methods)]) + bytes(methods)


def v5_auth(user, password):
    u = user.encode() if isinstance(user, str) else user
    p = password.encode() if isinstance(password, str) else password
    return bytes([1, len(u)]) + u + bytes([len(p)]) + p


def v5_request(host, port, cmd=1):
    atyp, a = addr_bytes(host)
    return bytes([5, cmd, 0, atyp]) + a + struct.pack(">H", port)


def v4_request(ip, port, cmd=1, user=b""):
    return (bytes([4, cmd]) + struct.pack(">H", port) +
            ipaddress.ip_address(ip).packed + user + b"\0")


def v4a_request(host, port, cmd=1, user=b""):
    h = host.encode() if isinstance(host, str) else host
    return (bytes([4, cmd]) + struct.pack(">H", port) + b"\0\0\0\1" +
            user + b"\0" + h + b"\0")


def read_v5_reply(s, timeout=5.0):
    """(REP, ip, port) of an RFC 1928 reply, or None if cut short."""
    head = read_exact(s, 4, timeout)
    if len(head) < 4 or head[0] != 5:
        return None
    alen = {1: 4, 4: 16}.get(head[3])
    if alen is None:
        return None
    rest = read_exact(s, alen + 2, timeout)
    if len(rest) < alen + 2:
        return None
    ip = str(ipaddress.ip_address(rest[:alen]))
    return head[1], ip, struct.unpack(">H", rest[alen:])[0]


def read_v4_reply(s, timeout=5.0):
    """(CD, ip, port) of a SOCKS4 reply, or None if cut short."""
    r = read_exact(s, 8, timeout)
    if len(r) < 8 or r[0] != 0:
        return None
    return r[1], str(ipaddress.ip_address(r[4:8])), \
        struct.unpack(">H", r[2:4])[0]


def v5_open(host, port, cmd=1, auth=None, port_=None):
    """A SOCKS5 session up to the first reply: (sock, (REP, ip, port))."""
    s = conn(port_)
    if auth:
        s.sendall(v5_greeting((2,)))
        assert read_exact(s, 2) == b"\x05\x02"
        s.sendall(v5_auth(*auth))
        assert read_exact(s, 2) == b"\x01\x00"
    else:
        s.sendall(v5_greeting((0,)))
        assert read_exact(s, 2) == b"\x05\x00"
    s.sendall(v5_request(host, port, cmd))
    return s, read_v5_reply(s)


def udp_header(host, port, frag=0):
    atyp, a = addr_bytes(host)
    return bytes([0, 0, frag, atyp]) + a + struct.pack(">H", port)


def udp_parse(d):
    """(ip, port, payload) of a datagram from the relay."""
    alen = {1: 4, 4: 16}[d[3]]
    ip = str(ipaddress.ip_address(d[4:4 + alen]))
    port = struct.unpack(">H", d[4 + alen:6 + alen])[0]
    return ip, port, d[6 + alen:]


def port_is_bound_udp(port):
    """Whether some socket of this machine holds UDP port `port`."""
    for f in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(f) as fh:
                next(fh)
                for line in fh:
                    local = line.split()[1]
                    if int(local.rsplit(":", 1)[1], 16) == port:
                        return True
        except OSError:
            pass
    return False
