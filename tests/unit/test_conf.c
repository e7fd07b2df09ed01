/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the 3proxy.cfg reader, command table, batch state, fragments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "policy.h"
#include "server.h"
#include "unit.h"

/* Every command read, as "FILE:LINE|arg|arg|...\n". */
static char got[8192];
static char errtext[8192];

static int
collect(void *arg, const struct conf_where *w, int argc, char **argv)
{
	size_t n = strlen(got);
	int i;

	(void)arg;
	n += (size_t)snprintf(got + n, sizeof(got) - n, "%s:%u", w->cw_file,
	    w->cw_line);
	for (i = 0; i < argc && n < sizeof(got); i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "|%s", argv[i]);
	if (n < sizeof(got))
		snprintf(got + n, sizeof(got) - n, "\n");
	return 0;
}

static void
keep_err(void *arg, const char *msg)
{
	size_t n = strlen(errtext);

	(void)arg;
	snprintf(errtext + n, sizeof(errtext) - n, "%s\n", msg);
}

static unsigned
read_str(const char *text, int flags)
{
	struct conf_errs e;

	memset(&e, 0, sizeof(e));
	e.ce_print = keep_err;
	got[0] = errtext[0] = '\0';
	conf_read_mem("t.cfg", text, strlen(text), flags, collect, NULL, &e);
	return e.ce_count;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

/* Run text through lookup and the batch state (no policy object). */
struct batch {
	struct conf_state	st;
	struct conf_snap	snap;	/* taken at the first "socks" line */
	int			taken;
};

static int
batch_cb(void *arg, const struct conf_where *w, int argc, char **argv)
{
	struct batch *b = arg;
	const struct conf_cmd *c;
	struct conf_errs e;

	memset(&e, 0, sizeof(e));
	e.ce_print = keep_err;
	if ((c = conf_lookup(w, argc, argv, &e)) == NULL)
		return -1;
	if (c->cc_kind == CK_SERVICE) {
		if (!b->taken && conf_snap_copy(&b->snap, &b->st.cs_snap) == 0)
			b->taken = 1;
		return 0;
	}
	if (c->cc_kind == CK_PROC)
		return 0;
	return conf_state_cmd(&b->st, c, w, argc, argv, &e);
}

static void
run_batch(struct batch *b, const char *text)
{
	struct conf_errs e;

	memset(b, 0, sizeof(*b));
	memset(&e, 0, sizeof(e));
	e.ce_print = keep_err;
	errtext[0] = '\0';
	conf_state_init(&b->st, NULL);
	conf_read_mem("b.cfg", text, strlen(text), 0, batch_cb, b, &e);
}

static void
free_batch(struct batch *b)
{
	if (b->taken)
		conf_snap_free(&b->snap);
	conf_state_free(&b->st);
}

int
main(void)
{
	char dir[] = "/tmp/test_conf.XXXXXX", path[256], text[1024];
	struct batch b;
	struct service svc;
	struct conf_errs e;
	char *frag;
	size_t flen;

	if (mkdtemp(dir) == NULL)
		return 1;

	/* Lexical rules (reference 2.2). */
	CHECK(read_str("# comment\n proxy -p1\n\tsocks\n\nlog\n", 0) == 0 &&
	    strcmp(got, "t.cfg:5|log\n") == 0,
	    "lines starting with # or a blank are comments");
	CHECK(read_str("allow * # not a comment\n", 0) == 0 &&
	    strcmp(got, "t.cfg:1|allow|*|#|not|a|comment\n") == 0,
	    "# in the middle of a line is an argument");
	CHECK(read_str("a \"b c\" \"x\"\"y\" \"\" d\"e f\"g\r\n", 0) == 0 &&
	    strcmp(got, "t.cfg:1|a|b c|x\"y||de fg\n") == 0,
	    "quoting: spans, doubled quotes, empty word, glued");
	CHECK(read_str("a \"b\n", 0) == 1 &&
	    strstr(errtext, "t.cfg:1: unterminated quote") != NULL,
	    "unterminated quote is an error with its line");
	CHECK(read_str("a\tb\rc  d\n", 0) == 0 &&
	    strcmp(got, "t.cfg:1|a|b|c|d\n") == 0,
	    "tab, CR and runs of blanks separate");
	CHECK(read_str("a\nend\nb\n", 0) == 0 &&
	    strcmp(got, "t.cfg:1|a\n") == 0, "end stops reading");
	CHECK(read_str("a \"$x\"\n", 0) == 0 &&
	    strcmp(got, "t.cfg:1|a|$x\n") == 0, "a quoted $ is literal");

	/* $file inclusion. */
	snprintf(path, sizeof(path), "%s/words", dir);
	write_file(path, "one two\r\nthree \"four five\" $six\n");
	snprintf(text, sizeof(text), "users $%s\nx pre$%s\n", path, path);
	CHECK(read_str(text, 0) == 0, "$file read");
	snprintf(text, sizeof(text), "t.cfg:1|users|one|two|three|four five|"
	    "$six\nt.cfg:2|x|preone|two|three|four five|$six\n");
	CHECK_STR(got, text, "$file words, prefix glued, no nested $");
	snprintf(text, sizeof(text), "a\nusers $%s/missing\n", dir);
	CHECK(read_str(text, 0) == 1 && strstr(errtext, "t.cfg:2: $") != NULL &&
	    strstr(errtext, "No such file") != NULL,
	    "missing $file: FILE:LINE and the reason");
	CHECK(read_str("users $/etc/hostname\n", CONF_NOFILES) == 1,
	    "$file refused when files are off");

	/* include keeps line numbers right. */
	snprintf(path, sizeof(path), "%s/inc.cfg", dir);
	write_file(path, "# inner\ninner1\nend\ninner2\n");
	snprintf(text, sizeof(text), "first\ninclude %s\nlast\n", path);
	CHECK(read_str(text, 0) == 0, "include read");
	snprintf(text, sizeof(text), "t.cfg:1|first\n%s:2|inner1\n"
	    "t.cfg:3|last\n", path);
	CHECK_STR(got, text, "include: inner lines, end stops only it, "
	    "outer count right");
	snprintf(path, sizeof(path), "%s/loop.cfg", dir);
	snprintf(text, sizeof(text), "include %s\n", path);
	write_file(path, text);
	CHECK(read_str(text, 0) >= 1 && strstr(errtext, "nested") != NULL,
	    "include loop is bounded");

	/* The command table. */
	CHECK(read_str("x\n", 0) == 0, "reader passes words on");
	memset(&e, 0, sizeof(e));
	e.ce_print = keep_err;
	errtext[0] = '\0';
	{
		struct conf_where w = { "c.cfg", 7 };
		char *v1[] = { "frobnicate", NULL };
		char *v2[] = { "maxconn", NULL };
		char *v3[] = { "bandlimin", "100", "*", NULL };
		char *v4[] = { "ssl_server_cert", "x", NULL };
		char *v5[] = { "pcre", "request", "deny", "x", NULL };
		char *v6[] = { "timeouts", "1", NULL };
		char *v7[] = { "counter", "/x", NULL };
		char *v8[] = { "ssl_future_thing", NULL };

		CHECK(conf_lookup(&w, 1, v1, &e) == NULL &&
		    strstr(errtext, "c.cfg:7: unknown command 'frobnicate'")
		    != NULL, "unknown command");
		CHECK(conf_lookup(&w, 1, v2, &e) == NULL &&
		    strstr(errtext, "c.cfg:7: maxconn: wrong number of "
		    "arguments") != NULL, "wrong argument count");
		CHECK(conf_find("bandlimin") != NULL, "bandlimin recognised");
		(void)v3;
		CHECK(conf_lookup(&w, 2, v4, &e) == NULL &&
		    strstr(errtext, "ssl_server_cert: not supported in this "
		    "build") != NULL, "TLS command: not supported");
		CHECK(conf_lookup(&w, 4, v5, &e) == NULL &&
		    strstr(errtext, "pcre: not supported in this build") !=
		    NULL, "PCRE command: not supported");
		CHECK(conf_lookup(&w, 2, v6, &e) != NULL, "timeouts 1 value");
		CHECK(conf_lookup(&w, 2, v7, &e) == NULL &&
		    strstr(errtext, "counter: not implemented in this build") !=
		    NULL, "counter: not implemented");
		CHECK(conf_lookup(&w, 1, v8, &e) == NULL &&
		    strstr(errtext, "ssl_future_thing: not supported") != NULL,
		    "any ssl_ command: not supported");
	}

	/* The batch state and snapshots. */
	run_batch(&b, "maxconn 7\ninternal 127.0.0.1\nexternal ::1\n"
	    "external 10.0.0.1\nlog /tmp/x.log\nlogformat \"L%t %E\"\n"
	    "allow a\nflush\ndeny b\nauth strong\nauth iponly\n"
	    "socks\nmaxconn 9\ntimeouts 2 3\nallow c\n");
	CHECK(errtext[0] == '\0', "batch ran without errors");
	CHECK(b.taken && b.snap.sn_maxconn == 7, "snapshot: maxconn at line");
	CHECK(b.st.cs_snap.sn_maxconn == 9, "state: later maxconn");
	CHECK(b.taken && b.snap.sn_acl.cl_text != NULL &&
	    strcmp(b.snap.sn_acl.cl_text, "deny \"b\"\n") == 0,
	    "snapshot: ACL since flush");
	CHECK(b.taken && strcmp(b.snap.sn_auth.cl_text,
	    "auth \"iponly\"\n") == 0, "snapshot: last auth");
	CHECK(b.st.cs_timeouts[0] == 2 && b.st.cs_timeouts[1] == 3 &&
	    b.st.cs_timeouts[2] == 30 && b.st.cs_timeouts[10] == 5,
	    "timeouts: partial list changes the first ones");
	frag = conf_fragment(&b.st, &b.snap, &flen);
	CHECK(frag != NULL && strstr(frag, "maxconn \"7\"\n") != NULL &&
	    strstr(frag, "internal \"127.0.0.1\"\n") != NULL &&
	    strstr(frag, "external \"10.0.0.1\"\n") != NULL &&
	    strstr(frag, "external \"::1\"\n") != NULL &&
	    strstr(frag, "log \"/tmp/x.log\"\n") != NULL &&
	    strstr(frag, "logformat \"L%t %E\"\n") != NULL &&
	    strstr(frag, "timeouts \"2\" \"3\" \"30\"") != NULL,
	    "fragment: snapshot and global part");

	/* The fragment applies inside a module (no policy lines here). */
	memset(&svc, 0, sizeof(svc));
	opt_defaults(&svc.s_opts);
	memset(&e, 0, sizeof(e));
	e.ce_print = keep_err;
	errtext[0] = '\0';
	{
		const char *f = "maxconn 7\ninternal 127.0.0.1\n"
		    "log \"/tmp/y.log\"\nlogformat \"Lx\"\ntimeouts 4\n"
		    "delimchar #\nnoforce\n";

		CHECK(conf_apply(&svc, "frag", f, strlen(f), 0, &e) == 0,
		    "conf_apply");
	}
	CHECK(svc.s_opts.maxconn == 7 && svc.s_opts.timeouts[0] == 4 &&
	    svc.s_opts.log_set && strcmp(svc.s_opts.log, "/tmp/y.log") == 0 &&
	    strcmp(svc.s_opts.logformat, "Lx") == 0 &&
	    addr_family(&svc.s_opts.intaddr) == AF_INET &&
	    conf_delimiter() == '#' && conf_noforce() &&
	    svc.s_policy == NULL, "conf_apply sets the defaults of the flags");
	{
		const char *f = "proxy -p1\n";

		CHECK(conf_apply(&svc, "frag", f, strlen(f), 0, &e) == -1 &&
		    strstr(errtext, "frag:1: proxy: not allowed") != NULL,
		    "service lines are refused inside a module");
	}
	opt_free(&svc.s_opts);
	free(frag);
	free_batch(&b);

	run_batch(&b, "internal nowhere\nexternal unix:/x\nmaxconn 0\n"
	    "log &dsn,u,p\nlog /x D\ndelimchar ab\nparent 1000 smtp 0.0.0.0 0\n"
	    "timeouts 1 2 3 4 5 6 7 8 9 10 11 12\n");
	CHECK(strstr(errtext, "b.cfg:1: internal: bad address") != NULL &&
	    strstr(errtext, "b.cfg:2: external: bad address") != NULL &&
	    strstr(errtext, "b.cfg:3: maxconn: bad number") != NULL &&
	    strstr(errtext, "b.cfg:4: log &dsn,u,p: ODBC logging is not "
	    "supported") != NULL &&
	    strstr(errtext, "b.cfg:5: log /x D: log rotation is not "
	    "implemented") != NULL &&
	    strstr(errtext, "b.cfg:6: delimchar") != NULL &&
	    strstr(errtext, "b.cfg:7: parent: local redirection to smtp") !=
	    NULL && strstr(errtext, "b.cfg:8: timeouts: wrong number") != NULL,
	    "every bad line reported, each with its line");
	free_batch(&b);

	snprintf(text, sizeof(text), "rm -rf %s", dir);
	if (system(text) != 0)
		return 1;
	UNIT_DONE();
}
