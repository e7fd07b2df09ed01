# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# start_ftp DIR: a real FTP server (pyftpdlib) on 127.0.0.1:$FTP_PORT
# serving DIR, writable, user "bob" password "pw".
start_ftp() {
	need_py pyftpdlib
	FTP_PORT=$(free_port)
	bg ftpd "$PY" -m pyftpdlib -i 127.0.0.1 -p "$FTP_PORT" -w -d "$1" \
	    -u bob -P pw
	wait_port "$FTP_PORT"
}
