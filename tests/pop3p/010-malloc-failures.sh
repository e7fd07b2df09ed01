# Failing allocations (reliability R5): with every 7th malloc failing,
# curl's RETR through pop3p from dovecot brings back the message whole or
# fails at once; no client hangs, no session is left behind, and the
# process goes on serving.
# supervised: no
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dovecot.sh"
need curl base64
{
	printf 'From: a@example.org\r\nSubject: big\r\n\r\n'
	head -c 150000 /dev/urandom | base64 | sed 's/$/\r/'
} | dovecot_add_mail alice 1.eml
dovecot_start dove
P=$(free_port)
FAULT_FILE=$T/dovecot/home/alice/Maildir/new/1.eml \
FAULT_URL="pop3://alice%40127.0.0.1%3A$POP_PORT:secret@127.0.0.1:$P/1" \
    malloc_fault_case pop3p pop3p 7 -- -i127.0.0.1 -p"$P"
