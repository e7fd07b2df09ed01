# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The proxy suite authors
# Sourced by the pop3p cases after lib.sh: a real dovecot POP3 server on
# 127.0.0.1, run in the foreground by the case with its own config, user
# database and maildir under $T. Mail belongs to nobody (dovecot refuses
# root), so $T is opened for it.

# dovecot_start NAME -> sets POP_PORT; users "alice" (password "secret")
# and "bob" (password "hunter2"), each with an empty maildir; add mail
# with dovecot_add_mail before or after the start.
dovecot_start() {
	local name=$1 d=$T/dovecot
	need /usr/sbin/dovecot
	POP_PORT=$(free_port)
	mkdir -p "$d/run" "$d/home"
	chmod 755 "$T"
	for u in alice bob; do
		mkdir -p "$d/home/$u/Maildir/new" "$d/home/$u/Maildir/cur" \
		    "$d/home/$u/Maildir/tmp"
	done
	chown -R nobody:nogroup "$d/home"
	cat >"$d/passwd" <<PWEOF
alice:{PLAIN}secret::::::
bob:{PLAIN}hunter2::::::
PWEOF
	chmod 644 "$d/passwd"
	cat >"$d/dovecot.conf" <<CFEOF
base_dir = $d/run
state_dir = $d/run
instance_name = dovecot-$POP_PORT
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
log_path = $d/log
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$d/home/%u
}
first_valid_uid = 1
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $POP_PORT
  }
}
service imap-login {
  inet_listener imap {
    port = 0
  }
}
CFEOF
	bg "$name" /usr/sbin/dovecot -F -c "$d/dovecot.conf"
	wait_port "$POP_PORT"
}

# dovecot_add_mail USER NAME < message: one message file into the maildir.
dovecot_add_mail() {
	local m=$T/dovecot/home/$1/Maildir
	mkdir -p "$m/new" "$m/cur" "$m/tmp"
	cat >"$m/new/$2"
	chmod 755 "$T"
	chown -R nobody:nogroup "$T/dovecot/home"
}
