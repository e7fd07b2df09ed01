# Bad usage prints the usage on stderr and exits 64 (EX_USAGE); -h prints
# it on stdout and exits 0, word for word the man page's SYNOPSIS.
. "$(dirname "$0")/../lib/lib.sh"
check_usage() {
	local rc
	"$BIN/pop3p" "$@" >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for pop3p $*" "$rc" 64
	expect_file_match "$T/err" "^usage: pop3p \[-dItT\]"
}
check_usage extra
check_usage -z
check_usage -p0
check_usage '-hbad host!'
expect_file_match "$T/err" "bad -h HOST\[:PORT\]"
check_usage -hmail.example.org:99999
"$BIN/pop3p" -h >"$T/out" 2>"$T/err"; rc=$?
expect_eq "-h exit status" "$rc" 0
expect_file_match "$T/out" "^usage: pop3p "
check_synopsis pop3p
