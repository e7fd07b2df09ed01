#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# WEEKDAYS and TIMES fields: a period (and a weekday) that includes now
# lets the request through, one that does not is passed over to deny *.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need curl
need_bin proxy
mkdir "$T/www"
echo hello >"$T/www/x"
http_server origin "$T/www"
H=$HTTP_PORT
# Half days, so that the minute it takes to run cannot cross an edge
# unless we start within a minute of noon or midnight.
hour=$((10#$(date +%H))) min=$((10#$(date +%M)))
if { [ $hour -eq 11 ] || [ $hour -eq 23 ]; } && [ $min -ge 59 ]; then
	sleep 61
	hour=$((10#$(date +%H)))
fi
if [ $hour -lt 12 ]; then
	now="00:00:00-12:00:00" other="12:00:00-24:00:00"
else
	now="12:00:00-24:00:00" other="00:00:00-12:00:00"
fi
today=$(date +%w) tomorrow=$(( ($(date +%w) + 1) % 7 ))
n=0
for mode in standalone supervised; do
	for f in "* $now" "$today *" "$today $now" "0-7 $other,$now"; do
		printf 'allow * * * * * %s\ndeny *\n' "$f" >"$T/in.cfg"
		P=$(free_port)
		n=$((n + 1))
		policy_run "in$n" "$mode" proxy "$T/in.cfg" -i127.0.0.1 -p"$P"
		expect_eq "$mode: allow ... $f (includes now)" \
		    "$(http_code -x "127.0.0.1:$P" "http://127.0.0.1:$H/x")" 200
		policy_stop "in$n"
	done
	for f in "* $other" "$tomorrow *" "$tomorrow $now"; do
		printf 'allow * * * * * %s\ndeny *\n' "$f" >"$T/out.cfg"
		P=$(free_port)
		n=$((n + 1))
		policy_run "out$n" "$mode" proxy "$T/out.cfg" -i127.0.0.1 \
		    -p"$P"
		expect_eq "$mode: allow ... $f (excludes now)" \
		    "$(http_code -x "127.0.0.1:$P" "http://127.0.0.1:$H/x")" 403
		policy_stop "out$n"
	done
done
