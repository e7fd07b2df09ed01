# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Issue 5: 20 concurrent ftplib downloads of 50 MB from vsftpd, direct and
# through ftppr; POP3 sessions per second to dovecot, direct and through
# pop3p.

# ftppop_run MODE LABEL ROUND PORT ARGS...: one ftppop.py run, one line.
ftppop_run() {
	local mode=$1 l=$2 r=$3 port=$4 out pid= t0=0 t1=0 cpu=
	shift 4
	if [ "${SUT_KIND[$l]}" != none ]; then
		sut_alive "$l" || return 1
		pid=${SUT_PID[$l]}
		t0=$(cpu_ticks "$pid")
	fi
	out=$(timeout 120 "$PY" "$BENCH/ftppop.py" "$mode" "$port" "$@" \
	    2>>"$SDIR/ftppop.err" | tail -n 1)
	[ -n "$pid" ] && t1=$(cpu_ticks "$pid")
	[ -n "$out" ] || out="status=fail error=no_output"
	if [ -n "$pid" ]; then
		cpu=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
		    'BEGIN {printf "%.2f", t / hz}')
		out="proxy_cpu_s=$cpu $out"
		# Per session, for POP3.
		local n=${out##*sessions=}
		n=${n%% *}
		case $n in
		''|*[!0-9]*|0) ;;
		*) out="proxy_cpu_us_per_session=$(awk -v c="$cpu" -v n="$n" \
		    'BEGIN {printf "%.0f", c * 1e6 / n}') $out" ;;
		esac
	fi
	printf 'mode=%s label=%s round=%s %s\n' "$mode" "$l" "$r" "$out" \
	    >>"$SDIR/results.txt"
	case $out in
	*status=ok*) ;;
	*) warn "$mode $l round $r: ${out##*status=}" ;;
	esac
}

section_ftp() {
	local have=""
	have_prog ftppr && [ -x /usr/sbin/vsftpd ] && have="$have ftp"
	have_prog pop3p && [ -x /usr/sbin/dovecot ] && have="$have pop3"
	if [ -z "$have" ]; then
		skip_section "ftppr and pop3p (issue 5)" \
		    "bin/ftppr and bin/pop3p are not built (or vsftpd, dovecot missing)"
		return
	fi
	section ftp "ftppr and pop3p vs direct (issue 5)"
	local r l n=20 mb=50 t=$BENCH_TMP
	[ "$QUICK" = 1 ] && mb=10
	sut_def vsftpd peer none - /usr/sbin/vsftpd @DIR@/vsftpd.conf
	sut_def ftp-direct none direct -
	sut_def ftppr ours none - @PROG@/ftppr -t -i127.0.0.1 -p@PORT@ \
	    --maxconn=20000
	sut_def dovecot peer none - /usr/sbin/dovecot -F -c @DIR@/dovecot.conf
	sut_def pop3-direct none direct -
	sut_def pop3p ours none - @PROG@/pop3p -t -i127.0.0.1 -p@PORT@ \
	    --maxconn=20000
	mkdir -p "$t/ftp/pub" "$t/ftp/empty" "$t/dovecot/run" \
	    "$t/dovecot/home/bob/Maildir/new" "$t/dovecot/home/bob/Maildir/cur" \
	    "$t/dovecot/home/bob/Maildir/tmp"
	head -c $((mb * 1000000)) /dev/urandom >"$t/ftp/pub/big.bin"
	chmod -R a+rX "$t/ftp"
	printf 'bob:{PLAIN}hunter2::::::\n' >"$t/dovecot/passwd"
	chmod 644 "$t/dovecot/passwd"
	chown -R nobody:nogroup "$t/dovecot/home"
	peer_conf vsftpd vsftpd
	peer_conf dovecot dovecot
	case $have in
	*ftp*) sut_start vsftpd && sut_start ftppr ;;
	esac
	case $have in
	*pop3*) sut_start dovecot && sut_start pop3p ;;
	esac
	local vp=${SUT_PORT[vsftpd]} dp=${SUT_PORT[dovecot]}
	for ((r = 1; r <= ROUNDS; r++)); do
		case $have in
		*ftp*)
			for l in $(rotate "$r" ftp-direct ftppr); do
				if [ "$l" = ftppr ]; then
					ftppop_run ftp ftppr "$r" \
					    "${SUT_PORT[ftppr]}" \
					    "anonymous@127.0.0.1:$vp" $n \
					    $((mb * 1000000))
				else
					ftppop_run ftp ftp-direct "$r" "$vp" \
					    anonymous $n $((mb * 1000000))
				fi
			done
			;;
		esac
		case $have in
		*pop3*)
			for l in $(rotate "$r" pop3-direct pop3p); do
				if [ "$l" = pop3p ]; then
					ftppop_run pop3 pop3p "$r" \
					    "${SUT_PORT[pop3p]}" \
					    "bob@127.0.0.1:$dp" hunter2 \
					    "$CR_TIME" 8
				else
					ftppop_run pop3 pop3-direct "$r" "$dp" \
					    bob hunter2 "$CR_TIME" 8
				fi
			done
			;;
		esac
	done
	table ftp mb_per_s --base ftp-direct --fmt %.0f \
	    --title "$n concurrent ftplib downloads of $mb MB, MB/s"
	table ftp proxy_cpu_s --fmt %.2f --title "ftp, proxy CPU seconds per run"
	table pop3 sessions_per_s --base pop3-direct --fmt %.0f \
	    --title "POP3 sessions/s (USER, PASS, STAT, QUIT; 8 processes)"
	table pop3 proxy_cpu_us_per_session --fmt %.0f \
	    --title "POP3, proxy CPU us per session"
	say ""
	goal "ftppr $n x $mb MB downloads >= 0.8x direct" --label ftppr \
	    --mode ftp --metric mb_per_s --vs ftp-direct --op '>=' --value 0.8
	goal "pop3p sessions/s (informative: no goal in the issue; >= 0.8x direct)" \
	    --label pop3p --mode pop3 --metric sessions_per_s --vs pop3-direct \
	    --op '>=' --value 0.8
	section_end vsftpd ftppr dovecot pop3p
}
