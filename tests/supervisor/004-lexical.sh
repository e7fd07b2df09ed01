# The lexical rules of 3proxy.cfg: comments only at the start of a line,
# "" quoting with doubled quotes, $file words, include with line numbers
# that stay right, end, and standard input when the file cannot be opened.
. "$(dirname "$0")/../lib/lib.sh"
need curl
mkdir "$T/www"
echo hello >"$T/www/x.txt"
http_server origin "$T/www"
P=$(free_port)
echo "$T/access.log" >"$T/logname"
cat >"$T/inc.cfg" <<CFG
# included: runs as configuration
log \$$T/logname
CFG
cat >"$T/main.cfg" <<CFG
# frobnicate: a comment
 frobnicate: a blank first character makes a comment too
internal 127.0.0.1
logformat "L%E ""quoted"" %T"
include $T/inc.cfg
tcppm $P 127.0.0.1 $HTTP_PORT
end
frobnicate: after end, never read
CFG
run_cfg() {
	mkfifo "$T/$1.ready"
	"$BIN/3proxy" --ready-fd=9 "$2" 9>"$T/$1.ready" <"${3:-/dev/null}" \
	    >"$T/$1.out" 2>"$T/$1.err" &
	_pids+=($!)
	read -r -t 10 _ <"$T/$1.ready" || { cat "$T/$1.err"; fail "not ready"; }
}
run_cfg sup "$T/main.cfg"
expect_eq "body" "$(curl -sf "http://127.0.0.1:$P/x.txt")" hello
wait_file_match "$T/access.log" '^00000 "quoted" 127\.0\.0\.1$'

# Line numbers: inside the include, then the outer file again.
printf 'maxconn 3\n\nbogus1\n' >"$T/inc2.cfg"
printf 'internal 127.0.0.1\ninclude %s\nmaxconn # not a comment\nbogus2\n' \
    "$T/inc2.cfg" >"$T/lines.cfg"
"$BIN/3proxy" -c "$T/lines.cfg" </dev/null 2>"$T/lines.err"
expect_eq "exit status" "$?" 78
expect_file_match "$T/lines.err" "$T/inc2.cfg:3: unknown command 'bogus1'"
expect_file_match "$T/lines.err" "$T/lines.cfg:3: maxconn: wrong number of arguments \\(4, expected 1\\)"
expect_file_match "$T/lines.err" "$T/lines.cfg:4: unknown command 'bogus2'"
printf 'a "unterminated\n' >"$T/q.cfg"
"$BIN/3proxy" -c "$T/q.cfg" </dev/null 2>"$T/q.err"
expect_file_match "$T/q.err" "$T/q.cfg:1: unterminated quote"

# No such file: the configuration comes from standard input.
P2=$(free_port)
printf 'internal 127.0.0.1\ntcppm %s 127.0.0.1 %s\n' "$P2" "$HTTP_PORT" \
    >"$T/stdin.cfg"
run_cfg stdin "$T/no-such.cfg" "$T/stdin.cfg"
expect_file_match "$T/stdin.err" "reading the configuration from standard input"
expect_eq "body (stdin config)" "$(curl -sf "http://127.0.0.1:$P2/x.txt")" hello
printf 'bogus3\n' | "$BIN/3proxy" -c "$T/no-such.cfg" 2>"$T/stdin2.err"
expect_file_match "$T/stdin2.err" "^3proxy: \\(stdin\\):1: unknown command 'bogus3'"
