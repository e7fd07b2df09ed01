# Bad usage prints the usage on stderr and exits 64 (EX_USAGE); -h prints it
# on stdout and exits 0; the usage is the man page's SYNOPSIS.
. "$(dirname "$0")/../lib/lib.sh"
check_usage() {
	local rc
	"$BIN/socks" "$@" >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for socks $*" "$rc" 64
	expect_file_match "$T/err" "^usage: socks "
}
check_usage extra-argument
check_usage -z
check_usage -pabc
check_usage -p70000
check_usage -u3
check_usage -U4
check_usage -Nenot-an-address
check_usage -Ni
check_usage --timeouts=x
check_usage -ifoo
"$BIN/socks" -h >"$T/out" 2>"$T/err"; rc=$?
expect_eq "-h exit status" "$rc" 0
expect_file_match "$T/out" "^usage: socks "
check_synopsis socks
need mandoc
mandoc -Tlint -W warning "$ROOT/man/socks.8" >"$T/lint" 2>&1 ||
    { cat "$T/lint" >&2; fail "mandoc -Tlint"; }
