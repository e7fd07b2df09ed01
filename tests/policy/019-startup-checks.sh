#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Start-up: an open proxy (auth none, or no ACL) listening beyond loopback
# is warned about, standalone and under the supervisor; a parent chain to
# an upstream proxy, an unsupported hash or a bad ACL stops the start with
# EX_CONFIG and FILE:LINE.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need_bin proxy 3proxy
n=0
# warned WANT CFGTEXT ARGS...: start proxy standalone, look at stderr.
warned() {
	local want=$1 text=$2 got=no; shift 2
	n=$((n + 1))
	printf '%s\n' "$text" >"$T/w$n.cfg"
	policy_run "w$n" standalone proxy "$T/w$n.cfg" "$@"
	policy_stop "w$n"
	grep -q "open proxy" "$T/w$n.err" && got=yes
	expect_eq "open-proxy warning for '$text' $*" "$got" "$want"
}
# The module listens on every address for a moment: that is the point.
warned yes "auth none" -i0.0.0.0 -p"$(free_port)"
warned yes "auth iponly" -i0.0.0.0 -p"$(free_port)"
warned yes "$(printf 'allow *\ndeny *')" -i0.0.0.0 -p"$(free_port)"
warned no "auth none" -i127.0.0.1 -p"$(free_port)"
warned no "$(printf 'users a:CL:b\nauth strong')" -i0.0.0.0 \
    -p"$(free_port)"
warned no "$(printf 'deny * * 10.0.0.0/8\nallow *')" -i0.0.0.0 \
    -p"$(free_port)"
expect_file_match "$T/w1.err" "open proxy: proxy on 0\.0\.0\.0:[0-9]+"

P=$(free_port)
printf 'auth none\nproxy -p%s\n' "$P" >"$T/open.cfg"
policy_3proxy open "$T/open.cfg"
wait_file_match "$T/open.err" "open proxy: proxy on 0\.0\.0\.0:$P"
policy_stop open

# Refused configurations: exit 78, FILE:LINE and the reason.
refused() {	# LINE-NUMBER REASON CFG-LINES...
	local line=$1 why=$2 rc; shift 2
	n=$((n + 1))
	printf '%s\n' "$@" "proxy -i127.0.0.1 -p$(free_port)" >"$T/r$n.cfg"
	timeout 10 "$BIN/3proxy" "$T/r$n.cfg" >"$T/r$n.out" 2>"$T/r$n.err"
	rc=$?
	expect_eq "3proxy exit status for: $*" "$rc" 78
	expect_file_match "$T/r$n.err" "r$n\.cfg:$line: .*$why"
	timeout 10 "$BIN/proxy" --config="$T/r$n.cfg" -i127.0.0.1 -p0 \
	    >"$T/m$n.out" 2>"$T/m$n.err"
	rc=$?
	expect_eq "proxy --config exit status for: $*" "$rc" 78
}
refused 2 "parent chains to upstream proxies are not implemented in this build" \
    "allow *" "parent 1000 socks5 192.0.2.1 1080"
refused 1 "parent chains to upstream proxies are not implemented in this build" \
    "redirect 192.0.2.1 3128"
refused 2 'unsupported password hash \$2y\$' "auth strong" \
    'users "bob:CR:$2y$10$abcdefghijklmnopqrstuu"'
refused 1 "Unknown operation type: GETT" "allow * * * * GETT"
refused 1 "Invalid IP, IP range or CIDR: 10.0.0.0/33" "deny * 10.0.0.0/33"
refused 1 "last ACL entry was not allow" "parent 1000 http 0.0.0.0 0"
# The refusal never shows a password.
grep -q abcdefghijkl "$T"/r*.err && grep "bob" "$T"/r*.err | \
    grep -q 'abcdefghijklmnopqrstuu' && fail "a hash reached the message"
exit 0
