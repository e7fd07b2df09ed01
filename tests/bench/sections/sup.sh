# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Issue 7: socks5 under the supervisor against standalone socks, and the
# socks->proxy local redirection against a plain proxy service of the same
# supervisor (keep-alive GETs, and one GET per connection).

# httpload_run LABEL SUT ROUND VARIANT ARGS...: one httpload run against a
# service of SUT, one mode=httpload line labelled LABEL.
httpload_run() {
	local l=$1 sut=$2 r=$3 v=$4 out pid t0 t1 n
	shift 4
	sut_alive "$sut" || return 1
	pid=${SUT_PID[$sut]}
	t0=$(proc_tree_ticks "$pid")
	out=$(timeout $((CR_TIME + 30)) "$RES/httpload" --time "$CR_TIME" \
	    --warmup "$CR_WARMUP" "$@" 2>>"$SDIR/httpload.err")
	t1=$(proc_tree_ticks "$pid")
	[ -n "$out" ] || out="status=fail error=no_output"
	n=${out#*requests=}
	n=${n%% *}
	case $n in
	''|*[!0-9]*|0) ;;
	*)	# CPU covers the warm-up too: scale the count to match.
		out="proxy_cpu_us_per_req=$(awk -v t=$((t1 - t0)) -v n="$n" \
		    -v hz="$(getconf CLK_TCK)" -v w="$CR_WARMUP" -v s="$CR_TIME" \
		    'BEGIN {printf "%.1f", t / hz * 1e6 / (n * (s + w) / s)}') $out"
		;;
	esac
	printf 'mode=httpload label=%s round=%s variant=%s %s\n' "$l" "$r" \
	    "$v" "$out" >>"$SDIR/results.txt"
	case $out in
	*status=ok*) ;;
	*) warn "httpload $l $v round $r: ${out##*status=}" ;;
	esac
}

section_sup() {
	if ! have_prog 3proxy || ! have_prog socks || ! have_prog proxy; then
		skip_section "supervisor (issue 7)" \
		    "bin/3proxy, bin/socks and bin/proxy are not all built"
		return
	fi
	section sup "socks under the supervisor; socks->proxy redirection (issue 7)"
	local r l v o p2
	sut_def direct none direct -
	sut_def socks5 ours socks5 - @PROG@/socks -t -i127.0.0.1 -p@PORT@ \
	    --maxconn=20000
	sut_def 3proxy-socks5 ours socks5 - @PROG@/3proxy \
	    --modules-dir=@PROG@ @DIR@/3proxy-socks5.conf
	peer_conf 3proxy-socks5 sup-socks
	sut_def origin peer direct - "$RES/httpd" @PORT@ 1024 1
	sut_def 3proxy-redirect ours socks5 - @PROG@/3proxy \
	    --modules-dir=@PROG@ @DIR@/3proxy-redirect.conf
	peer_conf 3proxy-redirect sup-redirect
	o=${SUT_PORT[origin]}
	p2=$(free_port)
	sed -i -e "s|@ORIGIN@|$o|" -e "s|@PORT2@|$p2|" \
	    "$SDIR/3proxy-redirect.conf"
	for l in socks5 3proxy-socks5 origin 3proxy-redirect; do
		sut_start "$l"
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		interleave throughput "$r" "direct socks5 3proxy-socks5" \
		    --bytes "$BYTES" --streams 1
		interleave connrate "$r" "direct socks5 3proxy-socks5" \
		    --clients 50 --time "$CR_TIME" --warmup "$CR_WARMUP"
		for v in keepalive close; do
			local x=()
			[ $v = close ] && x=(--close)
			for l in $(rotate "$r" socks-redirect proxy-plain); do
				if [ $l = socks-redirect ]; then
					httpload_run $l 3proxy-redirect "$r" $v \
					    "${x[@]}" --socks5 \
					    "127.0.0.1:${SUT_PORT[3proxy-redirect]}" \
					    "127.0.0.1:$o"
				else
					httpload_run $l 3proxy-redirect "$r" $v \
					    "${x[@]}" --proxy "127.0.0.1:$p2" \
					    "127.0.0.1:$o"
				fi
			done
		done
	done
	summarize --ref socks5
	for v in keepalive close; do
		table httpload rps --where variant=$v --base proxy-plain \
		    --fmt %.0f \
		    --title "GET ($v, 50 clients), requests/s: socks->proxy redirection vs plain proxy"
		table httpload proxy_cpu_us_per_req --where variant=$v \
		    --fmt %.1f --title "GET ($v), CPU us per request (supervisor and children)"
	done
	say ""
	goal "socks5 under the supervisor, 1-stream throughput >= 0.95x standalone" \
	    --label 3proxy-socks5 --mode throughput --where streams=1 \
	    --metric gbps --vs socks5 --op '>=' --value 0.95
	goal "socks5 under the supervisor, conn/s >= 0.95x standalone" \
	    --label 3proxy-socks5 --mode connrate --metric cps --vs socks5 \
	    --op '>=' --value 0.95
	for v in keepalive close; do
		goal "socks->proxy redirection GET/s ($v) >= 0.8x plain proxy" \
		    --label socks-redirect --mode httpload --where variant=$v \
		    --metric rps --vs proxy-plain --op '>=' --value 0.8
	done
	section_end socks5 3proxy-socks5 origin 3proxy-redirect
}
