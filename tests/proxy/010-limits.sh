# Oversized and random input: a 100 KB request line gets 414, 70 KB of
# header fields 431, 1000 field lines 431, a field name of 8 KiB and a
# method of 1 KiB 400, 64 KiB of random bytes a 400 (or a plain close);
# every time the proxy closes, logs, and keeps serving.
. "$(dirname "$0")/common.sh"
start_stub up
start_proxy
U="127.0.0.1:$STUB_PORT"
"$PY" - "$U" "$T" <<'PYEOF'
import os, sys
u, t = sys.argv[1], sys.argv[2]
open(t + "/long", "wb").write(b"GET http://" + u.encode() + b"/" +
    b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
open(t + "/fat", "wb").write(b"GET http://" + u.encode() + b"/ HTTP/1.1\r\n" +
    b"".join(b"X-F%d: %s\r\n" % (i, b"v" * 1000) for i in range(70)) + b"\r\n")
open(t + "/many", "wb").write(b"GET http://" + u.encode() + b"/ HTTP/1.1\r\n" +
    b"".join(b"X-F%d: v\r\n" % i for i in range(1000)) + b"\r\n")
open(t + "/name", "wb").write(b"GET http://" + u.encode() + b"/ HTTP/1.1\r\n" +
    b"X" * 8192 + b": v\r\n\r\n")
open(t + "/method", "wb").write(b"G" * 1024 + b" http://" + u.encode() +
    b"/ HTTP/1.1\r\nHost: x\r\n\r\n")
open(t + "/random", "wb").write(os.urandom(65536))
PYEOF
raw --keep "$T/long" >"$T/long.rep" || fail "long line: no close"
expect_eq "100 KB request line" "$(status_of "$(cat "$T/long.rep")")" 414
raw --keep "$T/fat" >"$T/fat.rep" || fail "fat head: no close"
expect_eq "70 KB head" "$(status_of "$(cat "$T/fat.rep")")" 431
raw --keep "$T/many" >"$T/many.rep" || fail "many fields: no close"
expect_eq "1000 fields" "$(status_of "$(cat "$T/many.rep")")" 431
raw --keep "$T/name" >"$T/name.rep" || fail "long name: no close"
expect_eq "8 KiB field name" "$(status_of "$(cat "$T/name.rep")")" 400
raw --keep "$T/method" >"$T/method.rep" || fail "long method: no close"
expect_eq "1 KiB method" "$(status_of "$(cat "$T/method.rep")")" 400
raw --keep "$T/random" >"$T/random.rep" || fail "random bytes: no close"
st=$(status_of "$(cat "$T/random.rep")")
[ -z "$st" ] || expect_match "random bytes" "$st" '^(400|414|505)$'
expect_eq "upstream saw nothing" "$(wc -c <"$T/up.rec")" 0
wait_file_match "$T/access.log" ' 00516 .*GET http://'
expect_eq "414 and 431 records" "$(grep -c ' 00516 ' "$T/access.log")" 3
# Still serving.
printf 'GET http://%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' "$U" |
    raw >"$T/good.rep"
expect_eq "good request afterwards" "$(tail -c 2 "$T/good.rep")" ok
alive proxy
