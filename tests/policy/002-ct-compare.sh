#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# The digest comparison runs the same instructions whether the digests are
# equal, differ in the first byte or in the last (callgrind counts).
. "$(dirname "$0")/../lib/lib.sh"
need valgrind cc
# A plain build of its own: valgrind cannot run sanitizer builds.
u=$T/test_crypt
cc -std=c99 -O2 -g -D_GNU_SOURCE -I"$ROOT/common" -o "$u" \
    "$ROOT/tests/unit/test_crypt.c" "$ROOT/common/crypt.c" \
    "$ROOT/common/md4.c" "$ROOT/common/md5.c" "$ROOT/common/compat.c" ||
    fail "cannot build the comparison test"
for mode in equal differ-first differ-last; do
	valgrind --tool=callgrind --callgrind-out-file="$T/cg.$mode" \
	    --collect-atstart=no --toggle-collect=crypt_equal \
	    "$u" "$mode" >"$T/$mode.out" 2>"$T/$mode.vg" ||
	    fail "valgrind $mode failed"
	n=$(grep -E '^summary:' "$T/cg.$mode" | awk '{print $2}')
	[ -n "$n" ] && [ "$n" -gt 0 ] || fail "no instruction count for $mode"
	eval "count_${mode//-/_}=$n"
	echo "# $mode: $n instructions"
done
expect_eq "equal: 1000 verdicts" "$(cat "$T/equal.out")" 1000
expect_eq "differ: 0 verdicts" "$(cat "$T/differ-first.out")" 0
expect_eq "instructions, first byte differs" "$count_differ_first" \
    "$count_equal"
expect_eq "instructions, last byte differs" "$count_differ_last" \
    "$count_equal"
