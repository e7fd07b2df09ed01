# Bad usage prints the usage on stderr and exits 64 (EX_USAGE); -h prints it
# on stdout and exits 0; the usage is the man page's SYNOPSIS.
. "$(dirname "$0")/common.sh"
check_usage() {
	local rc
	"$BIN/proxy" "$@" >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for proxy $*" "$rc" 64
	expect_file_match "$T/err" "^usage: proxy "
}
check_usage extra
check_usage -z
check_usage -pabc
check_usage -p70000
check_usage -a3
check_usage -u5
check_usage --timeouts=x
"$BIN/proxy" -h >"$T/out" 2>"$T/err"; rc=$?
expect_eq "-h exit status" "$rc" 0
expect_file_match "$T/out" "^usage: proxy "
check_synopsis proxy
