# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Helpers the dnspr cases share: a dnsmasq upstream, the Python stub, dig.

# dnsmasq_up NAME ARGS...: a real DNS server on 127.0.0.1; sets DM_PORT.
dnsmasq_up() {
	local name=$1; shift
	DM_PORT=$(free_port)
	bg "$name" dnsmasq -k -u root --conf-file=/dev/null --no-resolv \
	    --no-hosts --listen-address=127.0.0.1 --bind-interfaces \
	    -p "$DM_PORT" --pid-file="$T/$name.pid" "$@"
	wait_port "$DM_PORT"
}

# stub_up NAME ARGS...: tests/dnspr/dnsstub.py; sets STUB_PORT. The stub
# counts what it receives in $T/NAME.count ("udp N tcp M").
stub_up() {
	local name=$1; shift
	STUB_PORT=$(free_port)
	bg "$name" "$PY" "$ROOT/tests/dnspr/dnsstub.py" --port "$STUB_PORT" \
	    --count-file "$T/$name.count" --ready-file "$T/$name.ready" "$@"
	wait_file_match "$T/$name.ready" ready
}

# stop NAME: stop a background process by its pid and wait (3 s) for it.
stop() {
	local v=PID_$1 i=0
	kill "${!v}" 2>/dev/null
	while kill -0 "${!v}" 2>/dev/null && [ $i -lt 30 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

# dq ARGS...: dig through dnspr on $P, one try, bounded.
dq() {
	dig +tries=1 +time=4 -p "$P" @127.0.0.1 "$@"
}

# log_wait N: wait (10 s) until the access log holds N records.
log_wait() {
	local i=0
	while [ "$(wc -l <"$T/access.log" 2>/dev/null || echo 0)" -lt "$1" ] \
	    && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ "$(wc -l <"$T/access.log")" -ge "$1" ] || \
	    fail "access log: $(wc -l <"$T/access.log") records, want $1"
}
