#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Measure once (not a case of the suite): 20 concurrent ftplib downloads of
# 50 MB from vsftpd, direct and through ftppr, and POP3 sessions per second
# to dovecot, direct and through pop3p. Prints the figures and the ratios.
# Usage: tests/ftppr/bench.sh [CLIENTS] [MB] [POP3_SESSIONS]
. "$(dirname "$0")/../lib/lib.sh"
. "$ROOT/tests/pop3p/dovecot.sh"
N=${1:-20} MB=${2:-50} NPOP=${3:-400}
need /usr/sbin/vsftpd
mkdir -p "$T/pub" "$T/empty"
chmod 755 "$T" "$T/pub" "$T/empty"
head -c $((MB * 1000000)) /dev/urandom >"$T/pub/big.bin"
chmod 644 "$T/pub/big.bin"
VPORT=$(free_port)
cat >"$T/vsftpd.conf" <<CFEOF
listen=YES
listen_address=127.0.0.1
listen_port=$VPORT
background=NO
anonymous_enable=YES
no_anon_password=YES
anon_root=$T/pub
local_enable=NO
ftp_username=ftp
secure_chroot_dir=$T/empty
seccomp_sandbox=NO
connect_from_port_20=NO
xferlog_enable=NO
CFEOF
bg vsftpd /usr/sbin/vsftpd "$T/vsftpd.conf"
wait_port "$VPORT"
FP=$(free_port)
run_module ftppr ftppr -i127.0.0.1 -p"$FP" -t
dovecot_start dove
PP=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$PP" -t

"$PY" - "$N" "$MB" "$VPORT" "$FP" "$NPOP" "$POP_PORT" "$PP" <<'PYEOF'
import ftplib, multiprocessing, poplib, sys, time
n, mb, vport, fport, npop, popport, pport = map(int, sys.argv[1:])

def fetch(args):
    port, user = args
    f = ftplib.FTP()
    f.connect("127.0.0.1", port, timeout=60)
    f.login(user, "x@y")
    got = [0]
    def cb(b):
        got[0] += len(b)
    f.retrbinary("RETR big.bin", cb, blocksize=1 << 20)
    f.quit()
    return got[0]

def ftp_round(port, user):
    t0 = time.time()
    with multiprocessing.Pool(n) as p:
        sizes = p.map(fetch, [(port, user)] * n)
    assert all(s == mb * 1000000 for s in sizes), sizes
    return n * mb / (time.time() - t0)

def pop_sessions(args):
    port, user, count = args
    for i in range(count):
        c = poplib.POP3("127.0.0.1", port, timeout=30)
        c.user(user)
        c.pass_("hunter2")
        c.stat()
        c.quit()
    return count

def pop_round(port, user):
    t0 = time.time()
    with multiprocessing.Pool(8) as p:
        done = sum(p.map(pop_sessions, [(port, user, npop // 8)] * 8))
    return done / (time.time() - t0)

def median(v):
    return sorted(v)[len(v) // 2]

# Rounds alternate between the two paths, so drift hits both alike; the
# median of five is reported.
runs = {"direct": [], "ftppr": []}
for _ in range(5):
    runs["direct"].append(ftp_round(vport, "anonymous"))
    runs["ftppr"].append(ftp_round(fport, "anonymous@127.0.0.1:%d" % vport))
for name in runs:
    print("ftp %-6s %d x %d MB: median %.0f MB/s (%s)" % (name, n, mb,
          median(runs[name]), " ".join("%.0f" % x for x in runs[name])))
print("ftp ratio ftppr/direct: %.2f" %
      (median(runs["ftppr"]) / median(runs["direct"])))
runs = {"direct": [], "pop3p": []}
for _ in range(5):
    runs["direct"].append(pop_round(popport, "bob"))
    runs["pop3p"].append(pop_round(pport, "bob@127.0.0.1:%d" % popport))
for name in runs:
    print("pop3 %-6s median %.0f sessions/s (%s)" % (name, median(runs[name]),
          " ".join("%.0f" % x for x in runs[name])))
print("pop3 ratio pop3p/direct: %.2f" %
      (median(runs["pop3p"]) / median(runs["direct"])))
PYEOF
