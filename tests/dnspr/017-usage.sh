# Bad usage prints the usage on stderr and exits 64 (EX_USAGE), bad
# resolver options included; -h prints the man page's SYNOPSIS.
. "$(dirname "$0")/../lib/lib.sh"
check_usage() {
	local rc
	"$BIN/dnspr" "$@" >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for dnspr $*" "$rc" 64
	expect_file_match "$T/err" "^usage: dnspr "
}
check_usage extra-argument
check_usage -z
check_usage -pabc
check_usage --nserver=not-an-address
check_usage --nserver=127.0.0.1:99999
check_usage --nsrecord=name-without-address
check_usage --nsrecord=bad_name!:1.2.3.4
check_usage --nsrecord=ok.example:not-an-ip
check_usage --nscache=lots
"$BIN/dnspr" -h >"$T/out" 2>"$T/err"; rc=$?
expect_eq "-h exit status" "$rc" 0
expect_file_match "$T/out" "^usage: dnspr "
check_synopsis dnspr
