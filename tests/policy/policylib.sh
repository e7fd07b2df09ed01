# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Helpers of the policy cases, sourced after tests/lib/lib.sh: start a
# module with a policy config either standalone (--config=FILE) or under
# the supervisor (the config, then the service line, in one 3proxy.cfg).

# need_bin PROG...: the case needs these programs of the suite.
need_bin() {
	local p
	for p in "$@"; do
		[ -x "$BIN/$p" ] || skip "bin/$p is not built on this branch"
	done
}

# policy_run NAME MODE PROG CFG ARGS...: MODE standalone or supervised.
# CFG holds the policy lines; ARGS are the service's flags. Waits until
# ready; PID_NAME is the process to stop (the module, or 3proxy).
policy_run() {
	local name=$1 mode=$2 prog=$3 cfg=$4; shift 4
	if [ "$mode" = supervised ]; then
		local full=$T/$name.3proxy.cfg line=$prog a
		cp "$cfg" "$full"
		for a in "$@"; do line+=" \"${a//\"/\"\"}\""; done
		printf '%s\n' "$line" >>"$full"
		policy_3proxy "$name" "$full"
	else
		run_module "$name" "$prog" --config="$cfg" "$@"
	fi
}

# policy_3proxy NAME CFG: run the supervisor on a whole 3proxy.cfg.
policy_3proxy() {
	local name=$1 cfg=$2 fifo=$T/$1.ready line
	need_bin 3proxy
	mkfifo "$fifo"
	"$BIN/3proxy" --ready-fd=9 "$cfg" 9>"$fifo" >"$T/$name.out" \
	    2>"$T/$name.err" &
	_pids+=($!)
	eval "PID_$name=$!"
	if ! read -r -t 10 line <"$fifo"; then
		cat "$T/$name.err" >&2
		fail "3proxy did not become ready with $cfg"
	fi
}

# policy_stop NAME: stop what policy_run started as NAME (by its pid).
policy_stop() {
	local v=PID_$1 i=0
	kill "${!v}" 2>/dev/null
	while kill -0 "${!v}" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

# http_code ARGS...: curl's status code (000 when there was none).
http_code() {
	curl -s -o "$T/body" -w '%{http_code}' --max-time 10 "$@"
}

# accept_counter HOST PORT: a listener on HOST:PORT that counts what it
# accepts (tests/policy/acceptcount.py); waits until it listens.
accept_counter() {
	local name=count_${1//[.:]/_}_$2
	bg "$name" "$PY" "$ROOT/tests/policy/acceptcount.py" --host "$1" \
	    --port "$2"
	wait_file_match "$T/$name.out" '^listening$'
}

# accepts_before HOST PORT: connect to a counter and print its answer,
# "accept N": N-1 connections reached it before this one.
accepts_before() {
	"$PY" - "$1" "$2" <<'PYEOF'
import socket, sys
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
print(c.makefile().readline().strip())
PYEOF
}

# name_acl_setup: what the name cases (031 to 035) share. $T/p.cfg holds
# "deny * * 127.0.0.2" then "allow *", with static records: allowed.test
# is 127.0.0.1, denied.test 127.0.0.2, two.test 127.0.0.3 (nothing
# listens there: refused) then 127.0.0.2. A counter listens on
# 127.0.0.2:$C (C is set).
name_acl_setup() {
	C=$(free_port)
	accept_counter 127.0.0.2 "$C"
	cat >"$T/p.cfg" <<'CFG'
nsrecord allowed.test 127.0.0.1
nsrecord denied.test 127.0.0.2
nsrecord two.test 127.0.0.3
nsrecord two.test 127.0.0.2
deny * * 127.0.0.2
allow *
CFG
}

# name_acl_untouched: the counter of name_acl_setup saw no connection
# before this last one of ours.
name_acl_untouched() {
	expect_eq "nothing reached the denied address" \
	    "$(accepts_before 127.0.0.2 "$C")" "accept 1"
}
