#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# pop3p (USER name@host:port) asks the ACL about every address the host
# name resolves to, before it connects there, not about the name alone: a
# name whose address is denied gets -ERR and error 1, the same ACL lets a
# name of an allowed address through (poplib reads the message), and a
# name with two addresses, the first allowed but refusing connections, the
# second denied, gets -ERR and error 13 without a connection to the denied
# one (a listener there counts none).
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/policylib.sh"
need_bin pop3p
Q=$(free_port)
bg pop3 "$PY" "$(dirname "$0")/pop3fix.py" --port "$Q" --name one
wait_port "$Q"
name_acl_setup
script pop.py <<'PYEOF'
import poplib, sys
port, target = int(sys.argv[1]), sys.argv[2]
p = poplib.POP3("127.0.0.1", port, timeout=10)
try:
    p.user("u@" + target)
    p.pass_("pw")
except poplib.error_proto as e:
    print(e.args[0].decode())
    sys.exit(0)
print("ok", p.retr(1)[1][-1].decode())
p.quit()
PYEOF
for mode in standalone supervised; do
	P=$(free_port)
	policy_run "q$mode" "$mode" pop3p "$T/p.cfg" -i127.0.0.1 -p"$P" \
	    -l"$T/q$mode.log" -f'L%E|%n|%R|%r'
	expect_eq "$mode: a name of an allowed address" \
	    "$("$PY" "$T/pop.py" "$P" "allowed.test:$Q")" "ok message from one"
	expect_eq "$mode: a name of a denied address" \
	    "$("$PY" "$T/pop.py" "$P" "denied.test:$C")" \
	    "-ERR Access denied by the proxy policy"
	expect_eq "$mode: allowed then denied address" \
	    "$("$PY" "$T/pop.py" "$P" "two.test:$C")" \
	    "-ERR Cannot connect to the server"
	policy_stop "q$mode"
	expect_eq "$mode: records" "$(cat "$T/q$mode.log")" \
	    "00000|allowed.test|127.0.0.1|$Q
00001|denied.test|0.0.0.0|0
00013|two.test|127.0.0.3|$C"
done
name_acl_untouched
