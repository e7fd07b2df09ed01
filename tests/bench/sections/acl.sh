# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Issue 8: socks5 conn/s under the supervisor with 1000 users and a
# 1000-entry ACL (the bench's rule last) against the same service with no
# users and no ACL; a middle variant with one user and one rule shows what
# the user/pass exchange alone costs.

# acl_conf FILE PORT USERS RULES: a config with USERS users (the last is
# bench:benchpass) and RULES rules, of which only the last one matches.
acl_conf() {
	local f=$1 port=$2 nu=$3 nr=$4 i line
	{
		echo "# make bench: $nu users, $nr ACL rules, the matching one last."
		echo "internal 127.0.0.1"
		echo "maxconn 20000"
		if [ "$nu" -gt 0 ]; then
			line=
			for ((i = 1; i < nu; i++)); do
				line="$line u$i:CL:pass$i"
				if [ $((i % 50)) = 0 ]; then
					echo "users$line"
					line=
				fi
			done
			echo "users$line bench:CL:benchpass"
			echo "auth strong"
		fi
		# Half the rules name other sources, half other users.
		for ((i = 1; i < nr; i++)); do
			if [ $((i % 2)) = 0 ]; then
				echo "deny * 10.$((i / 250)).$((i % 250)).0/24"
			else
				echo "allow u$i * * 80,443"
			fi
		done
		[ "$nr" -gt 0 ] && echo "allow bench 127.0.0.1 127.0.0.1 *"
		echo "socks -p$port"
	} >"$f"
}

section_acl() {
	if ! have_prog 3proxy || ! have_prog socks; then
		skip_section "users and ACLs (issue 8)" \
		    "bin/3proxy and bin/socks are not built"
		return
	fi
	section acl "socks5 conn/s with 1000 users and 1000 ACL rules (issue 8)"
	local r l
	sut_def direct none direct -
	sut_def acl-none ours socks5 - @PROG@/3proxy --modules-dir=@PROG@ \
	    @DIR@/acl-none.conf
	sut_def acl-1 ours socks5 bench:benchpass @PROG@/3proxy \
	    --modules-dir=@PROG@ @DIR@/acl-1.conf
	sut_def acl-1000 ours socks5 bench:benchpass @PROG@/3proxy \
	    --modules-dir=@PROG@ @DIR@/acl-1000.conf
	acl_conf "$SDIR/acl-none.conf" "${SUT_PORT[acl-none]}" 0 0
	acl_conf "$SDIR/acl-1.conf" "${SUT_PORT[acl-1]}" 1 1
	acl_conf "$SDIR/acl-1000.conf" "${SUT_PORT[acl-1000]}" 1000 1000
	for l in acl-none acl-1 acl-1000; do
		sut_start "$l"
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		interleave connrate "$r" "direct acl-none acl-1 acl-1000" \
		    --clients 50 --time "$CR_TIME" --warmup "$CR_WARMUP"
	done
	summarize --ref acl-none
	say ""
	goal "socks5 conn/s with 1000 users and 1000 rules >= 0.9x none" \
	    --label acl-1000 --mode connrate --metric cps --vs acl-none \
	    --op '>=' --value 0.9
	section_end acl-none acl-1 acl-1000
}
