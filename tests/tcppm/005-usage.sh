# Bad usage prints the usage on stderr and exits 64 (EX_USAGE); -h prints it
# on stdout and exits 0. A HOST of 0.0.0.0 or :: is bad usage.
. "$(dirname "$0")/../lib/lib.sh"
check_usage() {
	local rc
	"$BIN/tcppm" "$@" >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for tcppm $*" "$rc" 64
	expect_file_match "$T/err" "^usage: tcppm .*LOCALPORT HOST PORT$"
}
check_usage
check_usage 1234 127.0.0.1
check_usage 0 127.0.0.1 80
check_usage 70000 127.0.0.1 80
check_usage 1234 127.0.0.1 0
check_usage 1234 127.0.0.1 99999
check_usage -z 1234 127.0.0.1 80
check_usage -pabc 1234 127.0.0.1 80
check_usage 1234 'bad host!' 80
expect_file_match "$T/err" "bad HOST"
# Linux would connect "no destination" to this host.
for h in 0.0.0.0 :: '[::]' ::ffff:0.0.0.0; do
	check_usage 1234 "$h" 80
	expect_eq "the message for $h" "$(grep -cxF "tcppm: bad HOST: $h" \
	    "$T/err")" 1
done
"$BIN/tcppm" -h >"$T/out" 2>"$T/err"; rc=$?
expect_eq "-h exit status" "$rc" 0
expect_file_match "$T/out" "^usage: tcppm "
check_synopsis tcppm
