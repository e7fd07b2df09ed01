# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Issue 3: socks (SOCKS 4, SOCKS 5, SOCKS 5 with user/pass) against direct,
# microsocks and dante-server.

section_socks() {
	if ! have_prog socks; then
		skip_section "socks (issue 3)" "bin/socks is not built"
		return
	fi
	section socks "socks vs direct, microsocks, dante (issue 3)"
	local ours="socks5 socks4 socks5-auth" peers="" l r k
	sut_def direct none direct -
	sut_def socks5 ours socks5 - @PROG@/socks -t -i127.0.0.1 -p@PORT@ \
	    --maxconn=20000
	sut_def socks4 ours socks4 - @PROG@/socks -t -i127.0.0.1 -p@PORT@ \
	    --maxconn=20000
	sut_def socks5-auth ours socks5 bench:benchpass @PROG@/socks -t \
	    -i127.0.0.1 -p@PORT@ --maxconn=20000 -u2
	if command -v microsocks >/dev/null; then
		sut_def microsocks peer socks5 - microsocks -i 127.0.0.1 \
		    -p @PORT@
		sut_def microsocks-auth peer socks5 bench:benchpass \
		    microsocks -i 127.0.0.1 -p @PORT@ -u bench -P benchpass
		# It logs every connection to stderr and cannot be told not to.
		SUT_LOG[microsocks]=/dev/null
		SUT_LOG[microsocks-auth]=/dev/null
		# 1 KiB per read: 2 GiB would take most of a minute.
		SUT_BYTES[microsocks]=512M
		SUT_BYTES[microsocks-auth]=512M
		peers="$peers microsocks microsocks-auth"
	else
		warn "microsocks not installed: left out"
	fi
	if [ -x /usr/sbin/danted ]; then
		sut_def dante peer socks5 - /usr/sbin/danted -f @DIR@/dante.conf \
		    -p @DIR@/dante.pid
		peer_conf dante danted
		peers="$peers dante"
	else
		warn "dante-server not installed: left out"
	fi
	for l in $ours $peers; do
		sut_start "$l"
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		interleave throughput "$r" "direct $ours $peers" \
		    --bytes "$BYTES" --streams 1
		interleave connrate "$r" "direct $ours $peers" --clients 50 \
		    --time "$CR_TIME" --warmup "$CR_WARMUP"
	done
	# Ours at every size; the peers at the first (dante holds ~300 KiB
	# and a process per 32 connections: 9000 would take gigabytes).
	# shellcheck disable=SC2086
	idle_runs "socks5 $peers" ${IDLE_SIZES%% *}
	if [ "$IDLE_SIZES" != "${IDLE_SIZES%% *}" ]; then
		# shellcheck disable=SC2086
		idle_runs socks5 ${IDLE_SIZES#* }
	fi
	summarize --ref microsocks
	say ""
	for l in $ours; do
		goal "$l 1-stream throughput >= 0.8x direct" --label "$l" \
		    --mode throughput --where streams=1 --metric gbps \
		    --vs direct --op '>=' --value 0.8
		goal "$l proxy CPU <= 0.25 s/GiB" --label "$l" \
		    --mode throughput --where streams=1 \
		    --metric proxy_cpu_s_per_gib --op '<=' --value 0.25 \
		    --unit s/GiB
		goal "$l conn/s >= 0.6x direct" --label "$l" --mode connrate \
		    --metric cps --vs direct --op '>=' --value 0.6
		goal "$l proxy CPU <= 60 us/conn" --label "$l" \
		    --mode connrate --metric proxy_cpu_us_per_conn --op '<=' \
		    --value 60 --unit us
	done
	for k in $IDLE_SIZES; do
		goal "socks5 <= 3 KiB Pss per idle connection at $k" \
		    --label socks5 --mode idle --where conns="$k" \
		    --metric kib_per_conn_pss --op '<=' --value 3 --unit KiB
	done
	# shellcheck disable=SC2086
	section_end $ours $peers
}
