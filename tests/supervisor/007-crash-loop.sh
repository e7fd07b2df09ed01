# A module that dies at once is restarted at once five times, then with a
# growing delay (1 s, 2 s, ...); one that exits 78 (its configuration was
# refused) or 64 (bad usage) is not restarted and the reason is logged.
. "$(dirname "$0")/../lib/lib.sh"
mkdir "$T/mods"
# A stand-in module: it passes the flag check, then fails when started.
cat >"$T/mods/tcppm" <<EOF2
#!/bin/sh
case "\$*" in *--dry-run*) printf 'port 9\nstream 1\ndgram 0\n'; exit 0;; esac
date +%s.%N >>"$T/starts"
case "\$*" in *refuse*) echo "tcppm: bad news" >&2; exit 78;; esac
exit 1
EOF2
chmod +x "$T/mods/tcppm"
P=$(free_port)
printf 'internal 127.0.0.1\ntcppm %s 127.0.0.1 9\n' "$P" >"$T/loop.cfg"
bg sup "$BIN/3proxy" --modules-dir="$T/mods" "$T/loop.cfg"
sleep 4.5
n=$(wc -l <"$T/starts")
# 1 + 5 at once, then after 1 s and 2 s more: 8 within 4.5 s (+-1).
[ "$n" -ge 7 ] && [ "$n" -le 9 ] || fail "$n starts in 4.5 s, want 7 to 9"
# The starts after the sixth are at least 0.9 s apart: no spinning.
"$PY" - "$T/starts" <<'PYEOF' || fail "restarts not backed off"
import sys
t = [float(l) for l in open(sys.argv[1])]
gaps = [b - a for a, b in zip(t[5:], t[6:])]
sys.exit(0 if gaps and all(g >= 0.9 for g in gaps) else 1)
PYEOF
expect_file_match "$T/sup.err" "exited with status 1; restarting later \\(crash loop\\)"
kill "$PID_sup"

# Status 78: logged with the reason, not restarted.
rm -f "$T/starts"
P2=$(free_port)
printf 'internal 127.0.0.1\ntcppm refuse %s 127.0.0.1 9\n' "$P2" >"$T/r.cfg"
bg sup2 "$BIN/3proxy" --modules-dir="$T/mods" "$T/r.cfg"
wait_file_match "$T/sup2.err" "exited with status 78.*not restarted"
sleep 1.5
expect_eq "starts of a child that exits 78" "$(wc -l <"$T/starts")" 1
alive sup2

# A reload gives a service that was given up on a fresh start.
printf 'internal 127.0.0.1\ntcppm refuse %s 127.0.0.1 9\n' "$P2" >"$T/r.cfg"
kill -HUP "$PID_sup2"
wait_file_match "$T/sup2.err" "reload: done"
i=0
while [ "$(wc -l <"$T/starts")" -lt 2 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
expect_eq "starts after the reload" "$(wc -l <"$T/starts")" 2
