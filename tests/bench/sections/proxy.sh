# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Issue 4: proxy (HTTP CONNECT tunnels, and keep-alive GET requests with
# ab -k -X) against direct, tinyproxy and squid.

# ab_run LABEL ROUND: requests/s of keep-alive GETs through LABEL (direct:
# straight to the origin), appended as a mode=ab line.
ab_run() {
	local l=$1 r=$2 out pid= t0=0 t1=0 x=() rps complete failed non2xx
	local cpu=
	sut_alive "$l" || return 1
	if [ "$l" != direct ]; then
		x=(-X "127.0.0.1:${SUT_PORT[$l]}")
		pid=${SUT_PID[$l]}
		t0=$(cpu_ticks "$pid")
	fi
	out=$(timeout $((AB_TIME + 30)) ab -k -c 50 -t "$AB_TIME" -n 10000000 \
	    -s 10 "${x[@]}" "http://127.0.0.1:$ORIGIN_PORT/bench" 2>&1)
	[ -n "$pid" ] && t1=$(cpu_ticks "$pid")
	rps=$(printf '%s\n' "$out" | awk '/^Requests per second/ {print $4}')
	complete=$(printf '%s\n' "$out" | awk '/^Complete requests/ {print $3}')
	failed=$(printf '%s\n' "$out" | awk '/^Failed requests/ {print $3}')
	non2xx=$(printf '%s\n' "$out" | awk '/^Non-2xx/ {print $3}')
	if [ -n "$pid" ] && [ -n "$complete" ] && [ "$complete" -gt 0 ]; then
		cpu=$(awk -v t=$((t1 - t0)) -v n="$complete" \
		    -v hz="$(getconf CLK_TCK)" \
		    'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
	fi
	local line="mode=ab label=$l round=$r clients=50 secs=$AB_TIME"
	line="$line complete=${complete:-0} failed=${failed:-?}"
	line="$line non2xx=${non2xx:-0} rps=${rps:-0}"
	[ -n "$cpu" ] && line="$line proxy_cpu_us_per_req=$cpu"
	if [ -n "$rps" ] && [ "${failed:-1}" = 0 ] && [ "${non2xx:-0}" = 0 ]
	then
		line="$line status=ok"
	else
		line="$line status=fail error=ab"
		printf '%s\n' "$out" >"$SDIR/ab-$l-$r.txt"
		warn "ab $l round $r failed (see $SDIR/ab-$l-$r.txt)"
	fi
	printf '%s\n' "$line" >>"$SDIR/results.txt"
}

section_proxy() {
	if ! have_prog proxy; then
		skip_section "proxy (issue 4)" "bin/proxy is not built"
		return
	fi
	section proxy "proxy vs direct, tinyproxy, squid (issue 4)"
	local peers="" l r k
	sut_def direct none direct -
	sut_def proxy ours http-connect - @PROG@/proxy -t -i127.0.0.1 \
	    -p@PORT@ --maxconn=20000
	if command -v tinyproxy >/dev/null; then
		sut_def tinyproxy peer http-connect - tinyproxy -d \
		    -c @DIR@/tinyproxy.conf
		peer_conf tinyproxy tinyproxy
		# 2 KiB per read: 2 GiB would take long.
		SUT_BYTES[tinyproxy]=512M
		peers="$peers tinyproxy"
	else
		warn "tinyproxy not installed: left out"
	fi
	if [ -x /usr/sbin/squid ]; then
		sut_def squid peer http-connect - /usr/sbin/squid -N \
		    -f @DIR@/squid.conf
		peer_conf squid squid
		peers="$peers squid"
	else
		warn "squid not installed: left out"
	fi
	for l in proxy $peers; do
		sut_start "$l"
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		interleave throughput "$r" "direct proxy $peers" \
		    --bytes "$BYTES" --streams 1
		interleave connrate "$r" "direct proxy $peers" --clients 50 \
		    --time "$CR_TIME" --warmup "$CR_WARMUP"
	done

	# Keep-alive GETs: the origin is a small C server (tests/bench/httpd.c)
	# so that it is never the bottleneck.
	if command -v ab >/dev/null; then
		AB_TIME=$CR_TIME
		sut_def origin peer direct - "$RES/httpd" @PORT@ 1024 1
		ORIGIN_PORT=${SUT_PORT[origin]}
		if sut_start origin; then
			for ((r = 1; r <= ROUNDS; r++)); do
				# shellcheck disable=SC2086
				for l in $(rotate "$r" direct proxy $peers); do
					ab_run "$l" "$r"
				done
			done
		fi
		sut_stop origin
	else
		warn "ab (apache2-utils) not installed: no GET benchmark"
	fi

	# shellcheck disable=SC2086
	idle_runs "proxy $peers" ${IDLE_SIZES%% *}
	if [ "$IDLE_SIZES" != "${IDLE_SIZES%% *}" ]; then
		# shellcheck disable=SC2086
		idle_runs proxy ${IDLE_SIZES#* }
	fi
	summarize --ref squid
	table ab rps --base direct --ref squid --fmt %.0f \
	    --title "keep-alive GET (ab -k -c 50), requests/s"
	table ab proxy_cpu_us_per_req --fmt %.1f \
	    --title "keep-alive GET, proxy CPU us per request"
	say ""
	goal "proxy CONNECT 1-stream throughput >= 0.8x direct" \
	    --label proxy --mode throughput --where streams=1 --metric gbps \
	    --vs direct --op '>=' --value 0.8
	goal "proxy CONNECT conn/s >= 0.6x direct" --label proxy \
	    --mode connrate --metric cps --vs direct --op '>=' --value 0.6
	for k in $IDLE_SIZES; do
		goal "proxy <= 8 KiB Pss per idle CONNECT tunnel at $k" \
		    --label proxy --mode idle --where conns="$k" \
		    --metric kib_per_conn_pss --op '<=' --value 8 --unit KiB
	done
	goal "proxy GET requests/s >= 1.5x the faster of tinyproxy and squid" \
	    --label proxy --mode ab --metric rps --vs "$(echo $peers | tr ' ' ,)" \
	    --op '>=' --value 1.5
	# shellcheck disable=SC2086
	section_end proxy $peers
}
