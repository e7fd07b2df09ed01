# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A small DNS server for the cases no real server does on demand: TC=1 over
# UDP, forged answers racing the real one, silence, delay, big answers.
# Counts the queries it sees in --count-file ("udp N tcp M"); --ports-file
# gets "PORT ID" of every UDP query. In "hostile" mode the first label of
# the name picks a malformed or extreme answer.
import argparse
import os
import select
import socket
import struct
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--mode", default="normal",
                choices=["normal", "tc", "forge", "silent", "delay", "big",
                         "refuse", "hostile"])
ap.add_argument("--addr", default="192.0.2.1")
ap.add_argument("--forged-addr", default="6.6.6.6")
ap.add_argument("--ttl", type=int, default=300)
ap.add_argument("--delay", type=float, default=1.0)
ap.add_argument("--count-file")
ap.add_argument("--ready-file")
ap.add_argument("--ports-file")
args = ap.parse_args()

counts = {"udp": 0, "tcp": 0}
lock = threading.Lock()


def count(kind):
    with lock:
        counts[kind] += 1
        if args.count_file:
            tmp = args.count_file + ".tmp"
            with open(tmp, "w") as f:
                f.write("udp %d tcp %d\n" % (counts["udp"], counts["tcp"]))
            os.rename(tmp, args.count_file)


def parse_question(q):
    """Return (id, flags, question bytes, qtype) of a query."""
    qid, flags = struct.unpack(">HH", q[:4])
    i = 12
    while q[i] != 0:
        i += 1 + q[i]
    qend = i + 5
    qtype = struct.unpack(">H", q[i + 1:i + 3])[0]
    return qid, flags, q[12:qend], qtype


def answer(q, addr, qid=None, qr=True, question=None, tc=False,
           with_records=True):
    oid, flags, quest, qtype = parse_question(q)
    if qid is None:
        qid = oid
    if question is None:
        question = quest
    rflags = (0x8000 if qr else 0) | 0x0100 | 0x0080 | (0x0200 if tc else 0)
    records = b""
    n = 0
    if with_records and qtype == 1:
        records = (b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, args.ttl, 4) +
                   socket.inet_aton(addr))
        n = 1
    elif with_records and qtype == 16 and args.mode == "big":
        for k in range(12):
            txt = (b"x%02d" % k) * 20
            records += (b"\xc0\x0c" + struct.pack(">HHIH", 16, 1, args.ttl,
                                                  len(txt) + 1) +
                        bytes([len(txt)]) + txt)
            n += 1
    return (struct.pack(">HHHHHH", qid, rflags, 1, n, 0, 0) + question +
            records)


def hostile(q):
    """An answer picked by the first label of the question."""
    qid, flags, quest, qtype = parse_question(q)
    label = quest[1:1 + quest[0]].decode(errors="replace")
    h = lambda an: struct.pack(">HHHHHH", qid, 0x8180, 1, an, 0, 0) + quest
    a = lambda ttl, ip=b"\x0a\0\0\x01": (b"\xc0\x0c" +
                                           struct.pack(">HHIH", 1, 1, ttl, len(ip)) + ip)
    if label == "rdlen":        # RDLENGTH past the end of the message
        return h(1) + b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 200) + b"\1\2"
    if label == "a16":          # an A record with 16 bytes of RDATA
        return h(1) + a(60, b"\x0a" * 16)
    if label == "loop":         # CNAME to itself
        return h(1) + b"\xc0\x0c" + struct.pack(">HHIH", 5, 1, 60, 2) + b"\xc0\x0c"
    if label == "ttl0":
        return h(1) + a(0)
    if label == "ttlmax":
        return h(1) + a(2 ** 31)
    if label == "ttlbig":
        return h(1) + a(2 ** 31 - 1)
    if label == "many":         # 500 answers
        return h(500) + b"".join(a(60, bytes([10, 0, i // 256, i % 256]))
                                 for i in range(500))
    return h(1) + a(60)


def refuse(q):
    qid, flags, quest, qtype = parse_question(q)
    return struct.pack(">HHHHHH", qid, 0x8185, 1, 0, 0, 0) + quest


def udp_loop(s, other):
    while True:
        q, peer = s.recvfrom(4096)
        count("udp")
        if args.ports_file:
            with open(args.ports_file, "a") as f:
                f.write("%d %d\n" % (peer[1], struct.unpack(">H", q[:2])[0]))
        if args.mode == "silent":
            continue
        if args.mode == "refuse":
            s.sendto(refuse(q), peer)
        elif args.mode == "hostile":
            s.sendto(hostile(q), peer)
        elif args.mode == "tc":
            s.sendto(answer(q, args.addr, tc=True, with_records=False), peer)
        elif args.mode == "forge":
            oid, flags, quest, qtype = parse_question(q)
            bad = args.forged_addr
            # From the right address but another port.
            other.sendto(answer(q, bad), peer)
            # Right port, wrong ID.
            s.sendto(answer(q, bad, qid=(oid + 1) & 0xffff), peer)
            # Right port and ID, another question (name, then type).
            other_name = bytearray(quest)
            other_name[1] = ord("z") if other_name[1] != ord("z") else ord("y")
            s.sendto(answer(q, bad, question=bytes(other_name)), peer)
            other_type = quest[:-4] + struct.pack(">HH", 28, 1)
            s.sendto(answer(q, bad, question=other_type), peer)
            # Right everything but QR=0.
            s.sendto(answer(q, bad, qr=False), peer)
            time.sleep(0.05)
            s.sendto(answer(q, args.addr), peer)
        elif args.mode == "delay":
            def later(q=q, peer=peer):
                time.sleep(args.delay)
                s.sendto(answer(q, args.addr), peer)
            threading.Thread(target=later, daemon=True).start()
        else:
            s.sendto(answer(q, args.addr), peer)


def tcp_client(c):
    try:
        while True:
            hdr = c.recv(2, socket.MSG_WAITALL)
            if len(hdr) < 2:
                return
            n = struct.unpack(">H", hdr)[0]
            q = c.recv(n, socket.MSG_WAITALL)
            count("tcp")
            if args.mode == "silent":
                continue
            a = hostile(q) if args.mode == "hostile" else answer(q, args.addr)
            c.sendall(struct.pack(">H", len(a)) + a)
    finally:
        c.close()


def tcp_loop(ls):
    while True:
        c, _ = ls.accept()
        threading.Thread(target=tcp_client, args=(c,), daemon=True).start()


u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", args.port))
o = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
o.bind(("127.0.0.1", 0))
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.1", args.port))
t.listen(16)
threading.Thread(target=tcp_loop, args=(t,), daemon=True).start()
if args.count_file:
    with open(args.count_file, "w") as f:
        f.write("udp 0 tcp 0\n")
if args.ready_file:
    with open(args.ready_file, "w") as f:
        f.write("ready\n")
udp_loop(u, o)
