# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Sourced by the ftppr cases after lib.sh: a real FTP server (pyftpdlib,
# tests/ftppr/ftpd.py) serving $T/root, user "alice" password "secret".

# ftpd_start NAME [--host ADDR] [--no-epsv] ... -> sets FTPD_PORT
ftpd_start() {
	local name=$1; shift
	need_py pyftpdlib
	mkdir -p "$T/root"
	FTPD_PORT=$(free_port)
	bg "$name" "$PY" "$ROOT/tests/ftppr/ftpd.py" --port "$FTPD_PORT" \
	    --dir "$T/root" --log "$T/$name.log" "$@"
	case " $* " in
	*" --host ::1 "*) wait_port "$FTPD_PORT" ::1 ;;
	*) wait_port "$FTPD_PORT" ;;
	esac
}

# ftppr_start NAME [ARGS...] -> sets FTPPR_PORT; access log $T/NAME.log
ftppr_start() {
	local name=$1; shift
	FTPPR_PORT=$(free_port)
	run_module "$name" ftppr -i127.0.0.1 -p"$FTPPR_PORT" \
	    -l"$T/$name.log" "$@"
}

# ftppr_client [ARGS...] < PYTHON: runs the Python on standard input with
# `f`, an ftplib.FTP already logged in as alice through ftppr (passive, 10 s
# timeout); sys.argv[1:] is FTPPR_PORT FTPD_PORT $T ARGS.
ftppr_client() {
	"$PY" -c 'import ftplib, sys
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=10)
f.login("alice@127.0.0.1:%s" % sys.argv[2], "secret")
'"$(cat)" "$FTPPR_PORT" "$FTPD_PORT" "$T" "$@"
}

# good_session NAME: a short passive session through ftppr (LIST of
# $T/root by NLST) must still work; prints nothing, fails the case if not.
good_session() {
	ftppr_client <<'PYEOF' || fail "good session after ${1:-bad input} failed"
f.nlst()
f.quit()
PYEOF
}
