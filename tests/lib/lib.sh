# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# The harness every end-to-end case sources: temp dir, processes started by
# pid and stopped by pid, readiness without sleeps, ports, assertions.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$ROOT/bin
LIB=$ROOT/tests/lib
# Debian's interpreter, where python3-pyftpdlib and friends are installed.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d "${TMPDIR:-/tmp}/case.XXXXXX")
export T ROOT BIN LIB PY
_pids=()
_failed=0

# Stop everything this case started, by pid; keep $T when the case failed.
_cleanup() {
	local rc=$? p
	for p in "${_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	# A sanitizer report from any process of the case fails it.
	if grep -lE "ERROR: (Address|Leak)Sanitizer|runtime error:" \
	    "$T"/*.err >/dev/null 2>&1; then
		grep -hE -A20 "ERROR: (Address|Leak)Sanitizer|runtime error:" \
		    "$T"/*.err >&2
		echo "FAIL: sanitizer report" >&2
		rc=1
	fi
	for p in "${_pids[@]}"; do
		# Bounded: 3 s, then SIGKILL.
		local i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 30 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
	done
	if [ $rc -eq 0 ] && [ $_failed -eq 0 ]; then
		rm -rf "$T"
	else
		echo "# kept $T"
	fi
	exit $rc
}
trap _cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	_failed=1
	exit 1
}

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# need TOOL...: skip the case (exit 77) when a client or server is missing.
need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip "$t not installed"
	done
}

# need_py MODULE: a python module from Debian's packages.
need_py() {
	"$PY" -c "import $1" 2>/dev/null || skip "python3 module $1 missing"
}

# A free TCP (and UDP) port on 127.0.0.1, below the ephemeral range, and
# not one this case was given before (two calls in a row, before anything
# binds, could otherwise draw the same port).
free_port() {
	local p i
	for i in 1 2 3 4 5 6 7 8; do
		p=$("$PY" "$LIB/freeport.py") || return 1
		grep -qx "$p" "$T/.ports" 2>/dev/null && continue
		echo "$p" >>"$T/.ports"
		echo "$p"
		return 0
	done
	fail "no new free port"
}

# bg NAME CMD...: run CMD in the background, output in $T/NAME.out/.err.
bg() {
	local name=$1; shift
	"$@" >"$T/$name.out" 2>"$T/$name.err" &
	_pids+=($!)
	eval "PID_$name=$!"
}

# run_module NAME BINARY ARGS...: start one of our modules and wait until it
# says it is ready on --ready-fd (no sleeps). Fails the case after 10 s.
# With SUPERVISED=1 the same service runs under the supervisor instead (see
# _run_supervised).
run_module() {
	local name=$1 prog=$2; shift 2
	local fifo=$T/$name.ready
	mkfifo "$fifo"
	if [ "${SUPERVISED:-0}" = 1 ]; then
		_run_supervised "$name" "$prog" "$@"
		return
	fi
	"$BIN/$prog" --ready-fd=9 "$@" 9>"$fifo" >"$T/$name.out" \
	    2>"$T/$name.err" &
	_pids+=($!)
	eval "PID_$name=$!"
	local line
	if ! read -r -t 10 line <"$fifo"; then
		cat "$T/$name.err" >&2
		fail "$prog did not become ready"
	fi
}

# The same module case under the supervisor: the service line "PROG ARGS"
# (each argument quoted) in a generated 3proxy.cfg, bin/3proxy started with
# --ready-fd (ready once its child is). PID_NAME is the module process, so
# that alive and fd checks still look at the module; SUP_NAME is 3proxy.
# The module's standard output and error are 3proxy's: $T/NAME.out and .err.
_run_supervised() {
	local name=$1 prog=$2; shift 2
	local fifo=$T/$name.ready cfg=$T/$name.cfg a line=$prog child
	for a in "$@"; do line+=" \"${a//\"/\"\"}\""; done
	printf '%s\n' "$line" >"$cfg"
	"$BIN/3proxy" --ready-fd=9 "$cfg" 9>"$fifo" >"$T/$name.out" \
	    2>"$T/$name.err" &
	_pids+=($!)
	eval "SUP_$name=$!"
	if ! read -r -t 10 line <"$fifo"; then
		cat "$T/$name.err" >&2
		fail "3proxy running $prog did not become ready"
	fi
	local v=SUP_$name
	child=$(ps -o pid= --ppid "${!v}" | head -1 | tr -d ' ')
	[ -n "$child" ] || { cat "$T/$name.err" >&2; fail "3proxy started no $prog"; }
	_pids+=("$child")
	eval "PID_$name=$child"
}

# wait_port PORT [HOST]: until something listens on a TCP port (10 s).
wait_port() {
	"$PY" "$LIB/waitport.py" "$@" || fail "nothing listening on port $1"
}

# http_server NAME DIR -> sets HTTP_PORT; a real HTTP/1.1 origin (python).
http_server() {
	HTTP_PORT=$(free_port)
	bg "$1" "$PY" "$LIB/origin.py" --port "$HTTP_PORT" --dir "$2"
	wait_port "$HTTP_PORT"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_match WHAT TEXT REGEX (extended)
expect_match() {
	printf '%s\n' "$2" | grep -Eq -- "$3" || fail "$1: '$2' does not match /$3/"
}

# expect_file_match FILE REGEX: some line of FILE matches.
expect_file_match() {
	grep -Eq -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; \
	    fail "$1 has no line matching /$2/"; }
}

# expect_fds NAME N WHAT: the process started as NAME gets back to N open
# descriptors within 5 s.
expect_fds() {
	local v=PID_$1 i=0 n
	while n=$(ls "/proc/${!v}/fd" | wc -l) && [ "$n" -ne "$2" ] &&
	    [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	expect_eq "$3" "$n" "$2"
}

# curl_within MS URL FILE: GET URL until it answers or MS milliseconds
# pass (a service coming back); the body goes to FILE, the time taken in
# milliseconds to standard output.
curl_within() {
	local start
	start=$(date +%s%N)
	: >"$3"
	while [ $(( ($(date +%s%N) - start) / 1000000 )) -lt "$1" ]; do
		curl -sf -m 1 "$2" >"$3" && break
		sleep 0.02
	done
	echo $(( ($(date +%s%N) - start) / 1000000 ))
}

# alive NAME: the process started as NAME still runs.
alive() {
	local v=PID_$1
	kill -0 "${!v}" 2>/dev/null || fail "$1 (pid ${!v}) died"
}

# sha FILE
sha() {
	sha256sum "$1" | cut -d' ' -f1
}

# wait_file_match FILE REGEX [SECONDS]: poll (100 ms) until a line matches.
wait_file_match() {
	local i=0 max=$(( ${3:-10} * 10 ))
	while [ $i -lt $max ]; do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1; i=$((i + 1))
	done
	echo "--- $1:" >&2; cat "$1" >&2 2>/dev/null
	fail "$1: no line matching /$2/ within ${3:-10} s"
}

# script NAME: store the here-document on stdin as $T/NAME (background jobs
# get /dev/null as stdin, so a here-document cannot feed them directly).
script() {
	cat >"$T/$1"
}

# check_synopsis PROG: `PROG -h` prints the man page's SYNOPSIS, word for word.
check_synopsis() {
	local prog=$1 syn use
	need mandoc col
	"$BIN/$prog" -h >"$T/usage.out" 2>&1 || fail "$prog -h exited non-zero"
	syn=$(mandoc -Tascii "$ROOT/man/$prog.8" | col -b | \
	    awk '/^SYNOPSIS/{f=1;next} /^[A-Z]/{f=0} f' | tr -s ' \t\n' ' ' | \
	    sed 's/^ //; s/ $//')
	use=$(sed 's/^usage: //' "$T/usage.out" | tr -s ' \t\n' ' ' | \
	    sed 's/^ //; s/ $//')
	expect_eq "$prog usage equals the man page SYNOPSIS" "$use" "$syn"
}

# udp_echo NAME [ARGS...] -> sets ECHO_PORT; tests/lib/udpecho.py, waited for
# by probing until it answers (10 s).
udp_echo() {
	local name=$1; shift
	ECHO_PORT=$(free_port)
	bg "$name" "$PY" "$LIB/udpecho.py" --port "$ECHO_PORT" "$@"
	"$PY" - "$ECHO_PORT" "$@" <<'PYEOF' || fail "UDP echo server not answering"
import socket, sys, time
port = int(sys.argv[1])
other = "--other-port" in sys.argv
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.settimeout(0.1)
for i in range(100):
    c.sendto(b"probe", ("127.0.0.1", port))
    try:
        c.recvfrom(100)
        sys.exit(0)
    except OSError:
        # A forging server answers from elsewhere: unanswered probes on a
        # bound port raise no ICMP error, which is enough.
        if other and i > 3:
            sys.exit(0)
        time.sleep(0.05)
sys.exit(1)
PYEOF
}

# malloc_faults PROG: build tests/lib/failmalloc.c into $T/failmalloc.so and
# set FAULT_BIN to a build of PROG it can be preloaded into: bin/PROG, or,
# when that is a sanitizer build (the sanitizer owns malloc), a plain build
# of PROG's sources in $T.
malloc_faults() {
	local prog=$1
	need cc
	cc -shared -fPIC -O2 -o "$T/failmalloc.so" "$LIB/failmalloc.c" ||
	    fail "cannot build the malloc shim"
	FAULT_BIN=$BIN/$prog
	if grep -aq __asan_init "$FAULT_BIN"; then
		FAULT_BIN=$T/$prog
		cc -std=c99 -O1 -D_GNU_SOURCE -I"$ROOT/common" -o "$FAULT_BIN" \
		    "$ROOT/$prog"/*.c "$ROOT"/common/*.c -lpthread ||
		    fail "cannot build a plain $prog"
	fi
}

# malloc_fault_case NAME PROG EVERY CURL_OPTS... -- PROG_ARGS...: PROG
# (see malloc_faults) serves 60 fetches of $HTTP_PORT/f.bin by curl with
# CURL_OPTS while every EVERY-th allocation fails. No fetch may hang (run
# into curl -m 10) or bring back other bytes than f.bin; some must fail and some get
# through; once the failures stop, the process is alive, holds the
# descriptors it held before (no session left behind) and serves a fetch.
# Records go to $T/NAME.log. FAULT_URL and FAULT_FILE name another URL and
# the file it must bring back.
malloc_fault_case() {
	local name=$1 prog=$2 every=$3 want got i rc took fd0
	local ok=0 bad=0 hung=0
	local fifo=$T/$name.ready line
	local -a copt=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do copt+=("$1"); shift; done
	shift
	local url=${FAULT_URL:-http://127.0.0.1:$HTTP_PORT/f.bin}
	malloc_faults "$prog"
	want=$(sha "${FAULT_FILE:-$T/www/f.bin}")
	mkfifo "$fifo"
	FAILMALLOC_FILE=$T/failing FAILMALLOC_EVERY=$every \
	LD_PRELOAD=$T/failmalloc.so "$FAULT_BIN" --ready-fd=9 \
	    -l"$T/$name.log" "$@" 9>"$fifo" >"$T/$name.out" 2>"$T/$name.err" &
	_pids+=($!)
	eval "PID_$name=$!"
	read -r -t 10 line <"$fifo" || fail "$prog did not become ready"
	local v=PID_$name
	# The module closes the ready descriptor right after writing to it.
	i=0
	while [ -e "/proc/${!v}/fd/9" ] && [ $i -lt 50 ]; do
		sleep 0.02; i=$((i + 1))
	done
	fd0=$(ls "/proc/${!v}/fd" | wc -l)
	touch "$T/failing"
	for i in $(seq 60); do
		rm -f "$T/got"
		took=$(curl -s -f -m 10 -w '%{time_total}' "${copt[@]}" "$url" \
		    -o "$T/got")
		rc=$?
		if [ $rc -eq 0 ]; then
			got=$(sha "$T/got")
			[ "$got" = "$want" ] || fail "fetch $i brought other bytes"
			ok=$((ok + 1))
		elif [ $rc -eq 28 ] && [ "${took%%.*}" -ge 9 ]; then
			# (curl also says 28 for an FTP 421 reply: count waits)
			hung=$((hung + 1))
		else
			bad=$((bad + 1))
		fi
	done
	rm "$T/failing"
	echo "# $prog, every ${every}th allocation failing: $ok fetched," \
	    "$bad refused, $hung hung"
	expect_eq "fetches that hung" "$hung" 0
	[ "$ok" -gt 0 ] || fail "no fetch got through"
	[ "$bad" -gt 0 ] || fail "no fetch failed: were allocations failing?"
	alive "$name"
	expect_fds "$name" "$fd0" "descriptors once the clients are gone"
	curl -s -f -m 10 "${copt[@]}" "$url" -o "$T/got" ||
	    fail "no fetch after the failures stopped"
	expect_eq "the fetch after the failures" "$(sha "$T/got")" "$want"
}

# fault_origin: $T/www/f.bin, 200 kB of random bytes, served by http_server
# (the default FAULT_FILE and FAULT_URL of malloc_fault_case).
fault_origin() {
	mkdir -p "$T/www"
	head -c 200000 /dev/urandom >"$T/www/f.bin"
	http_server origin "$T/www"
}
