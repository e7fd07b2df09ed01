# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Load for make bench's ftppr and pop3p section, printed as key=value.
#
#   ftppop.py ftp PORT USER CLIENTS BYTES
#       CLIENTS concurrent ftplib downloads of big.bin (BYTES long, checked);
#       prints mb_per_s (10^6 bytes) and secs.
#   ftppop.py pop3 PORT USER PASSWORD SECONDS PROCS
#       PROCS processes open POP3 sessions (USER, PASS, STAT, QUIT) one
#       after another for SECONDS; prints sessions_per_s and sessions.
import ftplib
import multiprocessing
import poplib
import sys
import time


def fetch(args):
    port, user, size = args
    f = ftplib.FTP()
    f.connect("127.0.0.1", port, timeout=60)
    f.login(user, "bench@example.org")
    got = [0]

    def cb(b):
        got[0] += len(b)
    f.retrbinary("RETR big.bin", cb, blocksize=1 << 20)
    f.quit()
    return got[0] == size


def ftp(port, user, clients, size):
    with multiprocessing.Pool(clients) as p:
        # The pool's processes start before the clock does.
        p.map(abs, range(clients))
        t0 = time.monotonic()
        ok = p.map(fetch, [(port, user, size)] * clients)
        secs = time.monotonic() - t0
    if not all(ok):
        print("status=fail error=short_download")
        return 1
    print("secs=%.3f mb_per_s=%.1f status=ok" %
          (secs, clients * size / secs / 1e6))
    return 0


def sessions(args):
    port, user, password, until = args
    n = 0
    while time.monotonic() < until:
        c = poplib.POP3("127.0.0.1", port, timeout=30)
        c.user(user)
        c.pass_(password)
        c.stat()
        c.quit()
        n += 1
    return n


def pop3(port, user, password, secs, procs):
    with multiprocessing.Pool(procs) as p:
        p.map(abs, range(procs))
        t0 = time.monotonic()
        n = sum(p.map(sessions, [(port, user, password, t0 + secs)] * procs))
        secs = time.monotonic() - t0
    print("secs=%.3f sessions=%d sessions_per_s=%.1f status=ok" %
          (secs, n, n / secs))
    return 0


def main():
    a = sys.argv[1:]
    try:
        if a[0] == "ftp" and len(a) == 5:
            return ftp(int(a[1]), a[2], int(a[3]), int(a[4]))
        if a[0] == "pop3" and len(a) == 6:
            return pop3(int(a[1]), a[2], a[3], float(a[4]), int(a[5]))
    except (OSError, EOFError, ftplib.Error, poplib.error_proto) as e:
        print("status=fail error=%s" % type(e).__name__)
        return 1
    print("usage: ftppop.py ftp PORT USER CLIENTS BYTES | "
          "pop3 PORT USER PASSWORD SECONDS PROCS", file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main())
