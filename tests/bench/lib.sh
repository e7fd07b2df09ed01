# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Helpers of tests/bench/run: systems under test started and stopped by pid,
# interleaved proxybench rounds, result files, summaries and verdicts.

# A system under test (SUT) has a label, a proxybench target, a port and a
# start command. Commands are word lists without quoting; @PORT@, @SINK@,
# @DIR@ (the section's directory) and @PROG@ (our binaries) are replaced.
declare -A SUT_KIND SUT_CMD SUT_TARGET SUT_PORT SUT_PID SUT_AUTH SUT_BYTES
# SUT_LOG[LABEL]=/dev/null for peers that log every connection.
declare -A SUT_LOG
BENCH_WARN=0

say() {
	printf '%s\n' "$*" | tee -a "$RES/summary.md"
}

warn() {
	printf 'bench: %s\n' "$*" | tee -a "$RES/summary.md" >&2
	BENCH_WARN=$((BENCH_WARN + 1))
}

free_port() {
	local p
	for _ in 1 2 3 4 5 6 7 8; do
		p=$("$PY" "$ROOT/tests/lib/freeport.py") || return 1
		# Not one handed out earlier in this run.
		case " $PORTS_USED " in *" $p "*) continue ;; esac
		PORTS_USED="$PORTS_USED $p"
		echo "$p"
		return 0
	done
	return 1
}

# have_prog NAME: one of our programs is built.
have_prog() {
	[ -x "$BINDIR/$1" ]
}

# sut_def LABEL KIND TARGET AUTH CMD...: KIND is "ours" (started with
# --ready-fd), "peer" (waited for on its port) or "none" (direct). TARGET
# is the proxybench target type; AUTH is user:pass or "-".
sut_def() {
	local l=$1 kind=$2 target=$3 auth=$4
	shift 4
	SUT_KIND[$l]=$kind
	SUT_TARGET[$l]=$target
	SUT_AUTH[$l]=$auth
	SUT_CMD[$l]="$*"
	SUT_PID[$l]=
	if [ "$kind" != none ] && [ -z "${SUT_PORT[$l]:-}" ]; then
		SUT_PORT[$l]=$(free_port) || { warn "no free port"; return 1; }
	fi
	return 0
}

# peer_conf LABEL NAME: tests/bench/peers/NAME.conf.in rendered as
# @DIR@/LABEL.conf for that system (@TMP@: a world-readable temporary
# directory for servers that drop privileges).
peer_conf() {
	sed -e "s|@PORT@|${SUT_PORT[$1]}|g" -e "s|@DIR@|$SDIR|g" \
	    -e "s|@SINK@|$SINK|g" -e "s|@TMP@|$BENCH_TMP|g" \
	    "$BENCH/peers/$2.conf.in" >"$SDIR/$1.conf"
}

# cpu_ticks PID: utime + stime of the process (all its threads), in ticks.
cpu_ticks() {
	local f
	read -r -a f <"/proc/$1/stat" 2>/dev/null || { echo 0; return; }
	# Field 2 (comm) has no spaces for the programs measured here.
	echo $((f[13] + f[14]))
}

# proc_tree_ticks PID: cpu_ticks of PID and all its descendants.
proc_tree_ticks() {
	awk -v root="$1" '
	    FNR == 1 { p = $1; pp[p] = $4; t[p] = $14 + $15 }
	    END {
		total = 0
		for (q in pp) {
			x = q
			for (i = 0; i < 64 && x != "" && x != 0; i++) {
				if (x == root) { total += t[q]; break }
				x = pp[x]
			}
		}
		print total
	    }' /proc/[0-9]*/stat 2>/dev/null
}

sut_expand() {
	local l=$1 c=${SUT_CMD[$1]}
	c=${c//@PORT@/${SUT_PORT[$l]:-}}
	c=${c//@SINK@/$SINK}
	c=${c//@DIR@/$SDIR}
	c=${c//@PROG@/$BINDIR}
	printf '%s' "$c"
}

# sut_start LABEL: start it in a session of its own (so that a peer's
# children can be stopped with it) and wait until it serves.
sut_start() {
	local l=$1 line cmd fifo log
	[ "${SUT_KIND[$l]}" = none ] && return 0
	cmd=$(sut_expand "$l")
	log=${SUT_LOG[$l]:-$SDIR/$l.log}
	case ${SUT_KIND[$l]} in
	ours)
		fifo=$SDIR/$l.ready
		rm -f "$fifo"
		mkfifo "$fifo" || return 1
		# Flags go before the positional arguments.
		# shellcheck disable=SC2086
		setsid ${cmd%% *} --ready-fd=9 ${cmd#* } 9>"$fifo" >>"$log" \
		    2>&1 &
		SUT_PID[$l]=$!
		if ! read -r -t 10 line <"$fifo"; then
			warn "$l did not become ready (see $log)"
			sut_stop "$l"
			return 1
		fi
		;;
	peer)
		# shellcheck disable=SC2086
		setsid $cmd >>"$log" 2>&1 &
		SUT_PID[$l]=$!
		if ! "$PY" "$ROOT/tests/lib/waitport.py" "${SUT_PORT[$l]}"; then
			warn "$l does not listen on ${SUT_PORT[$l]} (see $log)"
			sut_stop "$l"
			return 1
		fi
		;;
	esac
	return 0
}

# sut_stop LABEL: TERM, at most 5 s, then KILL; the session goes with it.
sut_stop() {
	local l=$1 p=${SUT_PID[$1]:-} i=0
	[ -n "$p" ] || return 0
	kill -TERM "$p" 2>/dev/null
	while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$p" 2>/dev/null
	# Children of a peer (dante's) are left in the session the pid led.
	for c in $(ps -o pid= -s "$p" 2>/dev/null); do
		kill -KILL "$c" 2>/dev/null
	done
	wait "$p" 2>/dev/null
	SUT_PID[$l]=
}

sut_stop_all() {
	local l
	for l in "${!SUT_PID[@]}"; do
		sut_stop "$l"
	done
}

# sut_alive LABEL: running (restarted once if it died).
sut_alive() {
	local l=$1
	[ "${SUT_KIND[$l]}" = none ] && return 0
	if [ -n "${SUT_PID[$l]}" ] && kill -0 "${SUT_PID[$l]}" 2>/dev/null; then
		return 0
	fi
	[ -n "${SUT_PID[$l]}" ] && warn "$l (pid ${SUT_PID[$l]}) died; restarting"
	SUT_PID[$l]=
	sut_start "$l"
}

# rotate R ITEM...: the items, starting with item R mod N.
rotate() {
	local r=$1
	shift
	local n=$# i
	local a=("$@")
	for ((i = 0; i < n; i++)); do
		printf '%s\n' "${a[$(((i + r) % n))]}"
	done
}

# pb MODE LABEL ROUND ARGS...: one proxybench run against LABEL, its line
# appended to the section's results.
pb() {
	local mode=$1 l=$2 r=$3 line limit
	shift 3
	local args=()
	sut_alive "$l" || return 1
	if [ "${SUT_TARGET[$l]}" = direct ]; then
		args+=(direct)
	else
		args+=("${SUT_TARGET[$l]}" "127.0.0.1:${SUT_PORT[$l]}"
		    --pid "${SUT_PID[$l]}")
	fi
	[ "${SUT_AUTH[$l]}" != - ] && args+=(--auth "${SUT_AUTH[$l]}")
	case $mode in
	throughput) limit=130 ;;
	*) limit=200 ;;
	esac
	local extra=()
	# Slow peers move fewer bytes (the last --bytes wins).
	[ "$mode" = throughput ] && [ -n "${SUT_BYTES[$l]:-}" ] &&
	    extra=(--bytes "${SUT_BYTES[$l]}")
	line=$(timeout $limit "$PB" "$mode" "${args[@]}" --sink-port "$SINK" \
	    --label "$l" --round "$r" "$@" "${extra[@]}" \
	    2>>"$SDIR/proxybench.err")
	if [ -z "$line" ]; then
		line="mode=$mode label=$l round=$r status=fail error=no_output"
	fi
	printf '%s\n' "$line" >>"$SDIR/results.txt"
	case $line in
	*status=ok*) ;;
	*) warn "$mode $l round $r: ${line##*status=}" ;;
	esac
}

# One interleaved test: ROUND-rotated order of LABELS, each run once.
# interleave MODE ROUND "LABEL..." ARGS...
interleave() {
	local mode=$1 r=$2 labels=$3 l
	shift 3
	# shellcheck disable=SC2086
	for l in $(rotate "$r" $labels); do
		pb "$mode" "$l" "$r" "$@"
	done
}

# idle_runs "LABEL..." SIZE...: per round and size, every label restarted
# fresh, then one idle run (method: memory a process freed and kept would
# otherwise hide the real cost).
idle_runs() {
	local labels=$1 r k l
	shift
	for ((r = 1; r <= ROUNDS; r++)); do
		for k in "$@"; do
			# shellcheck disable=SC2086
			for l in $(rotate "$r" $labels); do
				sut_stop "$l"
				sut_start "$l" || continue
				pb idle "$l" "$r" --conns "$k" --wait "$IDLE_WAIT" \
				    --timeout 150
			done
		done
	done
}

# section NAME TITLE: a fresh directory and heading; sets SDIR.
section() {
	SDIR=$RES/$1
	mkdir -p "$SDIR"
	: >"$SDIR/results.txt"
	SECTION_T0=$(date +%s)
	say ""
	say "## $2"
}

section_end() {
	local l
	for l in "$@"; do
		sut_stop "$l"
	done
	cat "$SDIR/results.txt" >>"$RES/results.txt"
	say ""
	say "(section took $(($(date +%s) - SECTION_T0)) s)"
}

# summarize [--ref LABEL]: proxybench tables of the section.
summarize() {
	"$PB" summarize "$@" <"$SDIR/results.txt" | tee -a "$RES/summary.md"
}

# table MODE METRIC ARGS...: report.py table for modes summarize skips.
table() {
	"$PY" "$BENCH/report.py" table "$SDIR/results.txt" "$@" |
	    tee -a "$RES/summary.md"
}

# goal TEXT ARGS...: one verdict line.
goal() {
	local text=$1
	shift
	"$PY" "$BENCH/report.py" goal "$SDIR/results.txt" "$text" "$@" |
	    tee -a "$RES/summary.md" "$RES/verdicts.txt"
}

skip_section() {
	say ""
	say "## $1"
	say "skipped: $2"
}

# wanted NAME: the section is selected by BENCH_ONLY (default: all).
wanted() {
	[ -z "$ONLY" ] && return 0
	case " $ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}
