# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# A hostile FTP server for the ftppr cases, doing what no real one does on
# demand. --mode: greet421 (refuses at once), longline (an 8 KiB reply
# line), endless (a multi-line greeting that never ends), badpasv (229 with
# port 0, then EPSV unknown and a malformed 227). Every line received goes to --log.
import argparse
import socket
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--mode", required=True)
ap.add_argument("--log", required=True)
a = ap.parse_args()
lock = threading.Lock()


def record(line):
    with lock, open(a.log, "a") as f:
        f.write(line.decode("latin-1").rstrip("\r\n") + "\n")


def serve(c):
    c.settimeout(30)
    try:
        if a.mode == "greet421":
            c.sendall(b"421 Too many users, try later\r\n")
            return
        if a.mode == "endless":
            for i in range(300):
                c.sendall(b"220-still greeting %d\r\n" % i)
                time.sleep(0.1)
            return
        c.sendall(b"220 stub ready\r\n")
        f = c.makefile("rb")
        nepsv = 0
        for line in f:
            record(line)
            verb = line.split(b" ")[0].strip().upper()
            if verb == b"USER":
                if a.mode == "longline":
                    c.sendall(b"331 " + b"x" * 8192 + b"\r\n")
                else:
                    c.sendall(b"331 password please\r\n")
            elif verb == b"PASS":
                c.sendall(b"230 logged in\r\n")
            elif verb == b"EPSV":
                # First a bad 229, then "unknown": the proxy tries PASV.
                nepsv += 1
                c.sendall(b"229 Entering Extended Passive Mode (|||0|)\r\n"
                          if nepsv == 1 else b"500 EPSV unknown\r\n")
            elif verb == b"PASV":
                c.sendall(b"227 Entering Passive Mode (1,2,3)\r\n")
            elif verb == b"QUIT":
                c.sendall(b"221 bye\r\n")
                return
            else:
                c.sendall(b"200 ok\r\n")
    except OSError:
        pass
    finally:
        c.close()


s = socket.create_server(("127.0.0.1", a.port))
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
