# Bad usage (a HOST of 0.0.0.0 or :: too): usage on stderr, exit 64; the
# usage is the man page SYNOPSIS.
. "$(dirname "$0")/../lib/lib.sh"
for args in "" "1 h" "0 127.0.0.1 53" "70000 127.0.0.1 53" \
    "53 127.0.0.1 0" "-s9999 53 127.0.0.1 53" "-q 53 127.0.0.1 53" \
    "53 0.0.0.0 53" "53 :: 53" "53 ::ffff:0.0.0.0 53"; do
	# shellcheck disable=SC2086
	"$BIN/udppm" $args >"$T/out" 2>"$T/err"; rc=$?
	expect_eq "exit status for udppm $args" "$rc" 64
	expect_file_match "$T/err" "^usage: udppm "
done
check_synopsis udppm
