/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Fuzz 3proxy.cfg text (no files): every error carries a line; fragments read back clean. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fz {
	struct conf_state	 st;
	struct conf_errs	 errs;
	int			 services;
};

static void
check_msg(void *arg, const char *msg)
{
	(void)arg;
	/* Every message starts with a position: "fz.cfg:LINE: ". */
	if (strncmp(msg, "fz.cfg:", 7) != 0 && strncmp(msg, "frag:", 5) != 0)
		abort();
}

static int
cmd(void *arg, const struct conf_where *w, int argc, char **argv)
{
	struct fz *f = arg;
	const struct conf_cmd *c = conf_lookup(w, argc, argv, &f->errs);

	if (c == NULL)
		return -1;
	if (c->cc_kind == CK_SERVICE || c->cc_kind == CK_PROC) {
		f->services++;
		return 0;
	}
	return conf_state_cmd(&f->st, c, w, argc, argv, &f->errs);
}

static int
frag_cmd(void *arg, const struct conf_where *w, int argc, char **argv)
{
	struct conf_errs *e = arg;

	if (conf_lookup(w, argc, argv, e) == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz f;
	struct conf_errs e2;
	char *frag;
	size_t len;

	if (size > 65536)
		return 0;
	memset(&f, 0, sizeof(f));
	f.errs.ce_print = check_msg;
	conf_state_init(&f.st, NULL);
	conf_read_mem("fz.cfg", (const char *)data, size, CONF_NOFILES, cmd,
	    &f, &f.errs);
	/* What the state holds reads back as commands without errors. */
	frag = conf_fragment(&f.st, &f.st.cs_snap, &len);
	if (frag != NULL) {
		memset(&e2, 0, sizeof(e2));
		e2.ce_print = check_msg;
		conf_read_mem("frag", frag, len, CONF_NOFILES | CONF_LONGLINES,
		    frag_cmd, &e2, &e2);
		if (e2.ce_count != 0)
			abort();
		free(frag);
	}
	conf_state_free(&f.st);
	return 0;
}
