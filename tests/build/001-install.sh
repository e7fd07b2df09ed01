# make install honours PREFIX and DESTDIR: every built program lands in
# sbin/ and every man page in share/man/man5 or man8.
. "$(dirname "$0")/../lib/lib.sh"
make -s -C "$ROOT" install PREFIX=/opt/ps DESTDIR="$T/root" >"$T/make.out" 2>&1 ||
    { cat "$T/make.out" >&2; fail "make install failed"; }
for b in "$ROOT"/bin/*; do
	n=$(basename "$b")
	[ -x "$T/root/opt/ps/sbin/$n" ] || fail "$n not installed"
	cmp -s "$b" "$T/root/opt/ps/sbin/$n" || fail "$n differs"
done
for m in "$ROOT"/man/*.[58]; do
	n=$(basename "$m"); s=${n##*.}
	cmp -s "$m" "$T/root/opt/ps/share/man/man$s/$n" || fail "$n not installed"
done
expect_eq "nothing outside DESTDIR/PREFIX" \
    "$(cd "$T/root" && find . -type f | grep -vc '^\./opt/ps/')" 0
