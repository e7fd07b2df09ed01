#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# mycrypt SALT PASSWORD prints CR: and exactly what openssl passwd -1 prints;
# mycrypt PASSWORD prints the NT hash; bad usage exits 64.
. "$(dirname "$0")/../lib/lib.sh"
need openssl
long=$(head -c 255 /dev/zero | tr '\0' 'k')
for pair in "saltsalt:password" "abc:" "x:p@ss w0rd" "A./z9:Ünïcödé" \
    "123456789abc:hello" ":empty-salt" "s:$long" "Zq:a:b:c"; do
	salt=${pair%%:*} pw=${pair#*:}
	got=$("$BIN/mycrypt" -- "$salt" "$pw") || fail "mycrypt exited $?"
	want=$(openssl passwd -1 -salt "$salt" "$pw")
	expect_eq "mycrypt '$salt' (${#pw}-char password)" "$got" "CR:$want"
done
expect_eq "NT of password" "$("$BIN/mycrypt" password)" \
    "NT:8846F7EAEE8FB117AD06BDD830B7586C"
expect_eq "NT of the empty password" "$("$BIN/mycrypt" '')" \
    "NT:31D6CFE0D16AE931B73C59D7E0C089C0"
expect_eq "NT of a password starting with -" "$("$BIN/mycrypt" -- -x)" \
    "NT:923AAC95A92C44F44EA8B66CACD43D0F"
for args in "" "a b c" "-x" "-x y" "a\$b pw"; do
	# shellcheck disable=SC2086
	"$BIN/mycrypt" $args >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for mycrypt $args" "$rc" 64
	expect_file_match "$T/err" "^usage: mycrypt \[SALT\] PASSWORD$"
	[ -s "$T/out" ] && fail "mycrypt $args wrote to stdout"
done
check_synopsis mycrypt
