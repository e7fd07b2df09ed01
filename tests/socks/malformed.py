# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# The malformed-handshake table of the socks cases (reliability.md 5.3,
# S1-S8): each input is sent whole and then one byte per send() with 1 ms
# gaps; both must give the expected reply bytes and a close. Prints one
# line per failure and "checked N" at the end.
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__)))
from sockslib import *

Z4 = "01" + "00" * 6            # ATYP 1, 0.0.0.0:0 after VER REP RSV


def v5rep(rep):
    return "05%02x00" % rep + Z4


def run(port, data, split):
    s = conn(port)
    closed_early = False
    if split:
        p = select.poll()
        p.register(s, select.POLLRDHUP)
        for i in range(len(data)):
            # Stop once the server closed: it has decided.
            if p.poll(0):
                break
            try:
                s.send(data[i:i + 1])
            except OSError:
                break
            time.sleep(0.001)
    else:
        try:
            s.sendall(data)
        except OSError:
            pass
    got, closed = read_to_close(s, 5)
    s.close()
    return got.hex(), closed


def check(cases, port):
    bad = 0
    for name, data, want in cases:
        for split in (False, True):
            got, closed = run(port, data, split)
            if got != want or not closed:
                print("FAIL %s split=%s: got %r closed=%s, want %r" %
                      (name, split, got, closed, want))
                bad += 1
    return bad


BIG_USER = b"u" * 10240
LABEL = b"a" * 63
NAME255 = b".".join([LABEL, LABEL, LABEL, b"a" * 61 + b".x"])  # 255 bytes
assert len(NAME255) == 255, len(NAME255)

PLAIN = [
    # S1: greetings
    ("version 6", b"\x06\x01\x00", ""),
    ("version 0", b"\x00" * 20, ""),
    ("http", b"GET / HTTP/1.0\r\n\r\n", ""),
    ("nmethods 0", b"\x05\x00", "05ff"),
    ("only method ff", b"\x05\x01\xff", "05ff"),
    ("only gssapi", b"\x05\x01\x01", "05ff"),
    ("ff then close", b"\x05\xff\x01\x02\x03", ""),
    # S5: address types
    ("atyp 0", b"\x05\x01\x00" + b"\x05\x01\x00\x00" + b"\0" * 6,
     "0500" + v5rep(8)),
    ("atyp 2", b"\x05\x01\x00" + b"\x05\x01\x00\x02" + b"\0" * 6,
     "0500" + v5rep(8)),
    ("atyp 5", b"\x05\x01\x00" + b"\x05\x01\x00\x05" + b"\0" * 6,
     "0500" + v5rep(8)),
    ("name len 0", b"\x05\x01\x00" + b"\x05\x01\x00\x03\x00\x00\x50",
     "0500" + v5rep(4)),
    ("name with NUL", b"\x05\x01\x00" + b"\x05\x01\x00\x03\x0devil\0.example"
     b"\x00\x50", "0500" + v5rep(4)),
    ("name 255 unresolvable", b"\x05\x01\x00\x05\x01\x00\x03\xff" + NAME255 +
     b"\x00\x50", "0500" + v5rep(4)),
    ("request version 4", b"\x05\x01\x00" + b"\x04\x01\x00\x01" + b"\0" * 6,
     "0500" + v5rep(1)),
    # S6: commands
    ("cmd 0", b"\x05\x01\x00" + b"\x05\x00\x00\x01\x7f\0\0\1\0\x50",
     "0500" + v5rep(7)),
    ("cmd 4", b"\x05\x01\x00" + b"\x05\x04\x00\x01\x7f\0\0\1\0\x50",
     "0500" + v5rep(7)),
    ("cmd ff", b"\x05\x01\x00" + b"\x05\xff\x00\x01\x7f\0\0\1\0\x50",
     "0500" + v5rep(7)),
    ("connect port 0", b"\x05\x01\x00" + b"\x05\x01\x00\x01\x7f\0\0\1\0\0",
     "0500" + v5rep(1)),
    ("connect 0.0.0.0", b"\x05\x01\x00" + b"\x05\x01\x00\x01\0\0\0\0\0\x50",
     "0500" + v5rep(1)),
    # S7: SOCKS4 and 4a limits
    ("socks4 user 10k", b"\x04\x01\x00\x50\x7f\0\0\1" + BIG_USER,
     "005b" + "00" * 6),
    ("socks4a host 10k", b"\x04\x01\x00\x50\0\0\0\1u\0" + b"h" * 10240,
     "005b" + "00" * 6),
    ("socks4a host 255", b"\x04\x01\x00\x50\0\0\0\1u\0" + NAME255 + b"\0",
     "005b" + "00" * 6),
    ("socks4a host 256", b"\x04\x01\x00\x50\0\0\0\1u\0" + NAME255 + b"x\0",
     "005b" + "00" * 6),
    ("socks4 dstip 0.0.0.0", b"\x04\x01\x00\x50\0\0\0\0u\0",
     "005b" + "00" * 6),
    ("socks4 cmd 3", b"\x04\x03\x00\x50\x7f\0\0\1\0", "005b" + "00" * 6),
    ("socks4a bad name", b"\x04\x01\x00\x50\0\0\0\1\0bad host!\0",
     "005b" + "00" * 6),
]

# S3 under -u1: RFC 1929 sub-negotiation edge cases.
AUTH = [
    ("ulen 0", b"\x05\x01\x02" + b"\x01\x00\x03abc", "0502" + "0101"),
    ("plen 0", b"\x05\x01\x02" + b"\x01\x03abc\x00", "0502" + "0101"),
    ("auth version 2", b"\x05\x01\x02" + b"\x02\x03abc\x03abc",
     "0502" + "0101"),
    ("NUL in user", b"\x05\x01\x02" + b"\x01\x03a\0c\x03abc", "0502" + "0101"),
]

# S2 under -u2: no acceptable method.
REQUIRE = [
    ("no user offered", b"\x05\x01\x00", "05ff"),
    ("nmethods 0", b"\x05\x00", "05ff"),
    ("socks4 without user id", b"\x04\x01\x00\x50\x7f\0\0\1\0",
     "005b" + "00" * 6),
]

if __name__ == "__main__":
    plain, auth, require = (int(a) for a in sys.argv[1:4])
    bad = check(PLAIN, plain) + check(AUTH, auth) + check(REQUIRE, require)
    print("checked %d, failed %d" % (2 * (len(PLAIN) + len(AUTH) +
                                          len(REQUIRE)), bad))
