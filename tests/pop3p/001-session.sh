# poplib through pop3p to dovecot: USER name@host:port, PASS, STAT, LIST,
# UIDL, TOP, RETR with the exact message (a line starting with '.' proves
# the dot-stuffing passes), DELE, QUIT; the raw RETR bytes are the same
# as read directly; one access record with user@host:port.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dovecot.sh"
printf 'From: a@example.org\r\nSubject: one\r\n\r\nhello\r\n.dot line\r\n..two dots\r\n.\r\nend\r\n' |
    dovecot_add_mail alice 1.eml
printf 'From: b@example.org\r\nSubject: two\r\n\r\nsecond\r\n' |
    dovecot_add_mail alice 2.eml
S1=$(wc -c <"$T/dovecot/home/alice/Maildir/new/1.eml")
S2=$(wc -c <"$T/dovecot/home/alice/Maildir/new/2.eml")
dovecot_start dove
P=$(free_port)
run_module pop3p pop3p -i127.0.0.1 -p"$P" -l"$T/pop3p.log"

"$PY" - "$P" "$POP_PORT" >"$T/client.out" <<'PYEOF' || fail "poplib session failed"
import poplib, socket, sys
pp, sp = int(sys.argv[1]), int(sys.argv[2])

def raw_retr(port, user):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = s.makefile("rb")
    f.readline()
    s.sendall(b"USER " + user + b"\r\nPASS secret\r\nRETR 1\r\n")
    f.readline(); f.readline()
    data = b""
    while not data.endswith(b"\r\n.\r\n"):
        data += f.readline()
    s.sendall(b"QUIT\r\n")
    f.readline()
    s.close()
    return data

proxied = raw_retr(pp, b"alice@127.0.0.1:%d" % sp)
print("raw same", proxied == raw_retr(sp, b"alice"))
print("stuffed", b"\r\n..dot line\r\n...two dots\r\n..\r\n" in proxied)
c = poplib.POP3("127.0.0.1", pp, timeout=10)
print("welcome", c.getwelcome().decode())
print("user", c.user("alice@127.0.0.1:%d" % sp).decode())
print("pass", c.pass_("secret").decode())
print("stat", c.stat())
print("list", c.list()[1])
print("uidl", len(c.uidl()[1]))
print("top", c.top(2, 0)[1])
print("retr", c.retr(1)[1])
print("dele", c.dele(2).decode())
print("quit", c.quit().decode())
c = poplib.POP3("127.0.0.1", pp, timeout=10)
c.user("alice@127.0.0.1:%d" % sp)
c.pass_("secret")
print("after dele", c.stat())
c.quit()
PYEOF
expect_eq "poplib" "$(cat "$T/client.out")" "raw same True
stuffed True
welcome +OK Proxy
user +OK
pass +OK Logged in.
stat (2, $((S1 + S2)))
list [b'1 $S1', b'2 $S2']
uidl 2
top [b'From: b@example.org', b'Subject: two', b'']
retr [b'From: a@example.org', b'Subject: one', b'', b'hello', b'.dot line', b'..two dots', b'.', b'end']
dele +OK Marked to be deleted.
quit +OK Logging out, messages deleted.
after dele (1, $S1)"
wait_file_match "$T/pop3p.log" "^[0-9]{12}\.[0-9]{3} $P 00000 alice 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:$POP_PORT [0-9]+ [0-9]+ 0 alice@127\.0\.0\.1:$POP_PORT$"
i=0
while [ "$(wc -l <"$T/pop3p.log")" -lt 3 ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
expect_eq "one record per session" "$(wc -l <"$T/pop3p.log")" 3
alive pop3p
