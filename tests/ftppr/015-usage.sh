# Bad usage prints the usage on stderr and exits 64 (EX_USAGE); -h prints
# it on stdout and exits 0, word for word the man page's SYNOPSIS.
. "$(dirname "$0")/../lib/lib.sh"
check_usage() {
	local rc
	"$BIN/ftppr" "$@" >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for ftppr $*" "$rc" 64
	expect_file_match "$T/err" "^usage: ftppr \[-dItT\]"
}
check_usage extra
check_usage -z
check_usage -pabc
check_usage -p70000
check_usage '-hbad host!'
expect_file_match "$T/err" "bad -h HOST\[:PORT\]"
check_usage -hexample.org:0
check_usage -hexample.org:99999
"$BIN/ftppr" -h >"$T/out" 2>"$T/err"; rc=$?
expect_eq "-h exit status" "$rc" 0
expect_file_match "$T/out" "^usage: ftppr "
check_synopsis ftppr
