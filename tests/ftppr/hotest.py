# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Local redirection for the ftppr and pop3p cases: start a module with a
# hand-off socket (SOCK_SEQPACKET) and hand it clients accepted here, as
# socks or proxy would (tests/ftppr/sendho.c encodes the state).
import os
import socket
import subprocess


def start_module(prog, args, errpath):
    """Start bin/PROG with --handoff-fd; wait until ready. -> (proc, sock)"""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    r, w = os.pipe()
    proc = subprocess.Popen(
        [os.environ["BIN"] + "/" + prog] + args +
        ["--handoff-fd=%d" % theirs.fileno(), "--ready-fd=%d" % w],
        pass_fds=(theirs.fileno(), w), stdout=subprocess.DEVNULL,
        stderr=open(errpath, "w"))
    os.close(w)
    theirs.close()
    if os.read(r, 1) != b"\n":
        raise RuntimeError(prog + " did not become ready")
    os.close(r)
    return proc, ours


def hand(sock, conn, proto, host, port, user="", password="", data=""):
    """Hand the accepted client conn over, then close our copy."""
    subprocess.run([os.environ["T"] + "/sendho", str(sock.fileno()),
                    str(conn.fileno()), str(proto), host, str(port), user,
                    password, data],
                   pass_fds=(sock.fileno(), conn.fileno()), check=True)
    conn.close()
