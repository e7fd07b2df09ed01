# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Helpers shared by the proxy cases: start the proxy, the raw upstream stub,
# send raw bytes.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/lib.sh"
HERE=$ROOT/tests/proxy

# start_proxy [ARGS...]: bin/proxy on 127.0.0.1:$PP logging to $T/access.log.
start_proxy() {
	PP=$(free_port)
	run_module proxy proxy -i127.0.0.1 -p"$PP" -l"$T/access.log" "$@"
}

# start_stub NAME [ARGS...]: the raw upstream on $STUB_PORT, recording
# into $T/NAME.rec.
start_stub() {
	local name=$1; shift
	STUB_PORT=$(free_port)
	bg "$name" "$PY" -u "$HERE/stub.py" --port "$STUB_PORT" \
	    --record "$T/$name.rec" "$@"
	wait_file_match "$T/$name.out" '^ready$'
}

# raw [ARGS...]: send stdin to the proxy, print the reply.
raw() {
	"$PY" "$HERE/raw.py" --port "$PP" "$@"
}

# status_of TEXT: the status code of the first status line.
status_of() {
	printf '%s' "$1" | head -n1 | cut -d' ' -f2
}

# log_line N: the Nth access record.
log_line() {
	sed -n "${1}p" "$T/access.log"
}
