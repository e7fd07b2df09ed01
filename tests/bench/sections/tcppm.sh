# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Issue 2: tcppm against the direct path (throughput, connection rate, idle
# memory at 1000 and 9000 connections).

section_tcppm() {
	if ! have_prog tcppm; then
		skip_section "tcppm (issue 2)" "bin/tcppm is not built"
		return
	fi
	section tcppm "tcppm vs direct (issue 2)"
	sut_def direct none direct -
	sut_def tcppm ours portmap - @PROG@/tcppm -t -i127.0.0.1 \
	    --maxconn=20000 @PORT@ 127.0.0.1 @SINK@
	sut_start tcppm || { section_end tcppm; return; }
	local r
	for ((r = 1; r <= ROUNDS; r++)); do
		interleave throughput "$r" "direct tcppm" --bytes "$BYTES" \
		    --streams 1
		interleave connrate "$r" "direct tcppm" --clients 50 \
		    --time "$CR_TIME" --warmup "$CR_WARMUP"
	done
	# shellcheck disable=SC2086
	idle_runs tcppm $IDLE_SIZES
	summarize
	say ""
	goal "tcppm 1-stream throughput >= 0.8x direct" --label tcppm \
	    --mode throughput --where streams=1 --metric gbps --vs direct \
	    --op '>=' --value 0.8
	goal "tcppm proxy CPU <= 0.25 s/GiB" --label tcppm --mode throughput \
	    --where streams=1 --metric proxy_cpu_s_per_gib --op '<=' \
	    --value 0.25 --unit s/GiB
	goal "tcppm conn/s >= 0.6x direct" --label tcppm --mode connrate \
	    --metric cps --vs direct --op '>=' --value 0.6
	goal "tcppm proxy CPU <= 60 us/conn" --label tcppm --mode connrate \
	    --metric proxy_cpu_us_per_conn --op '<=' --value 60 --unit us
	local k
	for k in $IDLE_SIZES; do
		goal "tcppm <= 3 KiB Pss per idle connection at $k" \
		    --label tcppm --mode idle --where conns="$k" \
		    --metric kib_per_conn_pss --op '<=' --value 3 --unit KiB
		goal "tcppm one process at $k idle connections" --label tcppm \
		    --mode idle --where conns="$k" --metric procs --op '<=' \
		    --value 1 --unit processes
		goal "tcppm no thread per connection at $k" --label tcppm \
		    --mode idle --where conns="$k" --metric threads --op '<=' \
		    --value 4 --unit threads
	done
	section_end tcppm
}
