# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Issue 6: dnspr against dnsmasq, both caching forwarders in front of the
# same upstream (a dnsmasq that answers every *.bench.test itself), measured
# with dnsperf: cached (100 names asked over and over) and uncached (names
# never asked before).

# dnsmasq ARGS...: the common flags of both dnsmasq roles.
DNSMASQ_BASE="dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts \
--listen-address=127.0.0.1 --bind-interfaces --log-facility=- -u root"

# dnsperf_run LABEL ROUND VARIANT FILE [ARGS]: one dnsperf run for
# DNS_TIME seconds, one mode=dnsperf line.
dnsperf_run() {
	local l=$1 r=$2 v=$3 f=$4 out pid t0 t1 qps sent lost done_ cpu=
	shift 4
	sut_alive "$l" || return 1
	pid=${SUT_PID[$l]}
	t0=$(cpu_ticks "$pid")
	out=$(timeout $((DNS_TIME + 30)) dnsperf -s 127.0.0.1 \
	    -p "${SUT_PORT[$l]}" -d "$f" -l "$DNS_TIME" -c 10 -q 200 \
	    -t 2 "$@" 2>&1)
	t1=$(cpu_ticks "$pid")
	qps=$(printf '%s\n' "$out" | awk '/Queries per second:/ {print $4}')
	sent=$(printf '%s\n' "$out" | awk '/Queries sent:/ {print $3}')
	done_=$(printf '%s\n' "$out" | awk '/Queries completed:/ {print $3}')
	lost=$(printf '%s\n' "$out" | awk '/Queries lost:/ {print $3}')
	if [ -n "$done_" ] && [ "$done_" -gt 0 ]; then
		cpu=$(awk -v t=$((t1 - t0)) -v n="$done_" \
		    -v hz="$(getconf CLK_TCK)" \
		    'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
	fi
	local line="mode=dnsperf label=$l round=$r variant=$v qps=${qps:-0}"
	line="$line sent=${sent:-0} completed=${done_:-0} lost=${lost:-?}"
	[ -n "$cpu" ] && line="$line server_cpu_us_per_query=$cpu"
	# Up to 1 % lost counts (UDP on a busy machine); more is a failure.
	if [ -n "$qps" ] && [ -n "$lost" ] && [ -n "$sent" ] &&
	    [ $((lost * 100)) -le "$sent" ]; then
		line="$line status=ok"
	else
		line="$line status=fail error=dnsperf"
		printf '%s\n' "$out" >"$SDIR/dnsperf-$l-$r-$v.txt"
		warn "dnsperf $l $v round $r failed (see $SDIR/dnsperf-$l-$r-$v.txt)"
	fi
	printf '%s\n' "$line" >>"$SDIR/results.txt"
}

# names FILE PREFIX N: N distinct A questions.
names() {
	awk -v p="$2" -v n="$3" \
	    'BEGIN {for (i = 0; i < n; i++) printf "%s%d.bench.test A\n", p, i}' \
	    >"$1"
}

section_dns() {
	if ! have_prog dnspr; then
		skip_section "dnspr (issue 6)" "bin/dnspr is not built"
		return
	fi
	if ! command -v dnsperf >/dev/null || ! command -v dnsmasq >/dev/null
	then
		skip_section "dnspr (issue 6)" "dnsperf or dnsmasq not installed"
		return
	fi
	section dns "dnspr vs dnsmasq, dnsperf (issue 6)"
	local r l v up
	DNS_TIME=$CR_TIME
	sut_def upstream peer none - $DNSMASQ_BASE -p @PORT@ \
	    --address=/bench.test/10.1.2.3 --cache-size=0 --local-ttl=3600
	SUT_LOG[upstream]=/dev/null
	up=${SUT_PORT[upstream]}
	sut_def dnspr ours none - @PROG@/dnspr -t -i127.0.0.1 -p@PORT@ \
	    --nserver=127.0.0.1:"$up"
	sut_def dnsmasq peer none - $DNSMASQ_BASE -p @PORT@ \
	    --server=127.0.0.1#"$up" --dns-forward-max=4096
	SUT_LOG[dnsmasq]=/dev/null
	# dnsmasq and dnspr listen on UDP too: the waited-for TCP port says
	# they are up.
	for l in upstream dnspr dnsmasq; do
		sut_start "$l"
	done
	# dnsmasq keeps its default cache of 150 names: a larger one makes
	# every uncached answer slower (eviction), 10000 by a factor of 3.
	names "$SDIR/cached.txt" c 100
	for ((r = 1; r <= ROUNDS; r++)); do
		for v in cached uncached; do
			# shellcheck disable=SC2046
			for l in $(rotate "$r" dnspr dnsmasq); do
				if [ $v = cached ]; then
					# One pass fills the cache first.
					timeout 30 dnsperf -s 127.0.0.1 \
					    -p "${SUT_PORT[$l]}" -d \
					    "$SDIR/cached.txt" -n 1 -c 10 \
					    -q 200 >/dev/null 2>&1
					dnsperf_run "$l" "$r" $v "$SDIR/cached.txt"
				else
					# Never asked before: a fresh prefix,
					# more names than DNS_TIME can use.
					names "$SDIR/uncached.txt" "u$r$l" \
					    $((DNS_TIME * 200000))
					dnsperf_run "$l" "$r" $v \
					    "$SDIR/uncached.txt" -n 1
				fi
			done
		done
	done
	for v in cached uncached; do
		table dnsperf qps --where variant=$v --ref dnsmasq --fmt %.0f \
		    --title "dnsperf, $v, queries/s"
		table dnsperf server_cpu_us_per_query --where variant=$v \
		    --fmt %.1f --title "dnsperf, $v, server CPU us per query"
	done
	say ""
	goal "dnspr cached queries/s >= 1.0x dnsmasq" --label dnspr \
	    --mode dnsperf --where variant=cached --metric qps --vs dnsmasq \
	    --op '>=' --value 1.0
	goal "dnspr uncached queries/s >= 0.8x dnsmasq" --label dnspr \
	    --mode dnsperf --where variant=uncached --metric qps --vs dnsmasq \
	    --op '>=' --value 0.8
	section_end upstream dnspr dnsmasq
}
