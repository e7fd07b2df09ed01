# 3proxy -h prints the man page SYNOPSIS; a bad flag is usage (exit 64);
# both pages are mandoc-clean; every command of the config table is in
# 3proxy.cfg(5).
. "$(dirname "$0")/../lib/lib.sh"
need mandoc
check_synopsis 3proxy
"$BIN/3proxy" --frobnicate 2>"$T/err"
expect_eq "exit status for a bad flag" "$?" 64
expect_file_match "$T/err" "^usage: 3proxy "
"$BIN/3proxy" a.cfg b.cfg 2>/dev/null
expect_eq "exit status for two files" "$?" 64
mandoc -Tlint -W warning "$ROOT/man/3proxy.8" || fail "3proxy.8 lint"
mandoc -Tlint -W warning "$ROOT/man/3proxy.cfg.5" || fail "3proxy.cfg.5 lint"
mandoc -Tascii "$ROOT/man/3proxy.cfg.5" | col -b >"$T/page"
missing=
for c in $(sed -n 's/^	{ "\([a-z0-9_]*\)",.*CK_.*/\1/p' "$ROOT/common/conf.c"); do
	case $c in ssl_*) grep -q 'ssl_\*' "$T/page" && continue ;; esac
	grep -qw -- "$c" "$T/page" || missing="$missing $c"
done
expect_eq "commands missing from 3proxy.cfg(5)" "$missing" ""
