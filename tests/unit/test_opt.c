/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the common flag parser (every form, and bad values). */
#include <stdlib.h>

#include "opt.h"
#include "unit.h"

static const struct opt_module mod0 = { "t", "%s [-x]", 0, NULL, NULL, NULL,
    NULL };
static const struct opt_module mod3 = { "t", "%s A B C", 3, NULL, NULL, NULL,
    NULL };

/* Parse a NULL-terminated list; returns opt_parse's result. */
static int
parse(struct opts *o, const struct opt_module *m, char **v)
{
	char err[256];
	int n = 0;

	while (v[n] != NULL)
		n++;
	opt_free(o);
	opt_defaults(o);
	return opt_parse(o, m, n, v, err, sizeof(err));
}

#define ARGV(...) ((char *[]){ "prog", __VA_ARGS__, NULL })

int
main(void)
{
	struct opts o;
	char ip[64];

	opt_defaults(&o);

	CHECK(parse(&o, &mod0, ARGV("-p3128")) == 0 && o.port == 3128,
	    "-pPORT glued");
	CHECK(parse(&o, &mod0, ARGV("--port=8080")) == 0 && o.port == 8080,
	    "--port long form");
	CHECK(parse(&o, &mod0, ARGV("-p0")) == -1, "-p0 refused");
	CHECK(parse(&o, &mod0, ARGV("-p70000")) == -1, "-p70000 refused");
	CHECK(parse(&o, &mod0, ARGV("-p12x")) == -1, "-p12x refused");
	CHECK(parse(&o, &mod0, ARGV("-p-1")) == -1, "-p-1 refused");
	CHECK(parse(&o, &mod0, ARGV("-i127.0.0.1")) == 0 &&
	    addr_family(&o.intaddr) == AF_INET, "-i IPv4");
	CHECK(parse(&o, &mod0, ARGV("-i::1")) == 0 &&
	    addr_family(&o.intaddr) == AF_INET6, "-i IPv6");
	CHECK(parse(&o, &mod0, ARGV("-iunix:/tmp/x.sock")) == 0 &&
	    addr_family(&o.intaddr) == AF_UNIX, "-i unix path");
	CHECK(parse(&o, &mod0, ARGV("-iunix:@abs")) == 0 &&
	    addr_family(&o.intaddr) == AF_UNIX &&
	    o.intaddr.a.sun.sun_path[0] == '\0', "-i unix abstract");
	CHECK(parse(&o, &mod0, ARGV("-inothing")) == -1, "-i garbage refused");
	CHECK(parse(&o, &mod0, ARGV("-e10.0.0.1", "-e2001:db8::1")) == 0 &&
	    addr_family(&o.ext4) == AF_INET &&
	    addr_family(&o.ext6) == AF_INET6, "-e twice: v4 and v6 slots");
	CHECK_STR(addr_ip_str(&o.ext6, ip, sizeof(ip)), "2001:db8::1",
	    "-e v6 value");
	CHECK(parse(&o, &mod0, ARGV("-l")) == 0 && o.log_set &&
	    o.log[0] == '\0', "-l stdout");
	CHECK(parse(&o, &mod0, ARGV("-l/var/log/x")) == 0 &&
	    strcmp(o.log, "/var/log/x") == 0, "-lFILE");
	CHECK(parse(&o, &mod0, ARGV("-l@ident")) == 0 &&
	    strcmp(o.log, "@ident") == 0, "-l@IDENT");
	CHECK(parse(&o, &mod0, ARGV("--log=@x")) == 0 &&
	    strcmp(o.log, "@x") == 0, "--log=");
	CHECK(parse(&o, &mod0, ARGV("-fL%U")) == 0 &&
	    strcmp(o.logformat, "L%U") == 0, "-fFORMAT");
	CHECK(parse(&o, &mod0, ARGV("-d", "-t", "-I")) == 0 && o.daemon &&
	    o.silent && o.inetd, "-d -t -I");
	CHECK(parse(&o, &mod0, ARGV("-p1")) == 0 && o.family == FAM_4,
	    "default family is IPv4 only");
	CHECK(parse(&o, &mod0, ARGV("-6")) == 0 && o.family == FAM_6, "-6");
	CHECK(parse(&o, &mod0, ARGV("-46")) == 0 && o.family == FAM_46, "-46");
	CHECK(parse(&o, &mod0, ARGV("-64")) == 0 && o.family == FAM_64, "-64");
	CHECK(parse(&o, &mod0, ARGV("--family=64")) == 0 &&
	    o.family == FAM_64, "--family=64");
	CHECK(parse(&o, &mod0, ARGV("--family=5")) == -1, "--family=5 refused");
	CHECK(parse(&o, &mod0, ARGV("-b16384")) == 0 && o.bufsize == 16384,
	    "-bSIZE");
	CHECK(parse(&o, &mod0, ARGV("-b1")) == -1, "-b1 refused");
	CHECK(parse(&o, &mod0, ARGV("-S64", "-n")) == 0,
	    "-S and -n accepted for compatibility");
	CHECK(parse(&o, &mod0, ARGV("-Sabc")) == -1, "-Sabc refused");
	CHECK(parse(&o, &mod0, ARGV("-u2")) == 0 && o.needuser == 2, "-u2");
	CHECK(parse(&o, &mod0, ARGV("-u")) == 0 && o.needuser == 0, "-u");
	CHECK(parse(&o, &mod0, ARGV("-u3")) == -1, "-u3 refused");
	CHECK(parse(&o, &mod0, ARGV("-a")) == 0 && o.anon == 1, "-a");
	CHECK(parse(&o, &mod0, ARGV("-a1")) == 0 && o.anon == 2, "-a1");
	CHECK(parse(&o, &mod0, ARGV("-a2")) == 0 && o.anon == 3, "-a2");
	CHECK(parse(&o, &mod0, ARGV("-s")) == 0 && o.single == 1, "-s");
	CHECK(parse(&o, &mod0, ARGV("-s0")) == 0 && o.single == 1,
	    "-s0 is on, as the original");
	CHECK(parse(&o, &mod0, ARGV("-C")) == 0 && o.close_on_eof == 1, "-C");
	CHECK(parse(&o, &mod0, ARGV("-C1")) == 0 && o.close_on_eof == 0,
	    "-C1");
	CHECK(parse(&o, &mod0, ARGV("-U0")) == 0 && o.udpmode == 0, "-U0");
	CHECK(parse(&o, &mod0, ARGV("-hmail.example:110")) == 0 &&
	    strcmp(o.defhost, "mail.example:110") == 0 && !o.help,
	    "-hHOST:PORT default host");
	CHECK(parse(&o, &mod0, ARGV("-h")) == 0 && o.help, "-h is help");
	CHECK(parse(&o, &mod0, ARGV("-?")) == 0 && o.help, "-? is help");
	CHECK(parse(&o, &mod0, ARGV("--help")) == 0 && o.help, "--help");
	CHECK(parse(&o, &mod0, ARGV("-z")) == -1, "unknown flag refused");
	CHECK(parse(&o, &mod0, ARGV("--bogus")) == -1, "unknown long refused");
	CHECK(parse(&o, &mod0, ARGV("-p")) == -1, "-p without value refused");
	CHECK(parse(&o, &mod0, ARGV("-Ne10.1.1.1", "-Ni10.2.2.2")) == 0 &&
	    addr_is_set(&o.nat_ext) && addr_is_set(&o.nat_int), "-Ne -Ni");
	CHECK(parse(&o, &mod0, ARGV("-ocTCP_NODELAY,SO_KEEPALIVE")) == 0 &&
	    strcmp(o.sockopt[SOCKOPT_CLIENT], "TCP_NODELAY,SO_KEEPALIVE") == 0,
	    "-oc list");
	CHECK(parse(&o, &mod0, ARGV("-ocBOGUS")) == -1, "-oc bad name");
	CHECK(parse(&o, &mod0, ARGV("-rhost:1")) == -1,
	    "-r refused with a message");
	CHECK(parse(&o, &mod0, ARGV("--listen-fd=4", "--listen-fd=5",
	    "--control-fd=3")) == 0 && o.nlisten == 2 && o.listen_fd[1] == 5 &&
	    o.control_fd == 3, "supervisor fds");
	CHECK(parse(&o, &mod0, ARGV("--maxconn=0")) == -1, "--maxconn=0");
	CHECK(parse(&o, &mod0, ARGV("--timeouts=2,6,31")) == 0 &&
	    o.timeouts[0] == 2 && o.timeouts[2] == 31 && o.timeouts[3] == 60,
	    "--timeouts partial list");
	CHECK(parse(&o, &mod0, ARGV("--timeouts=0")) == -1,
	    "--timeouts 0 refused");
	CHECK(parse(&o, &mod0, ARGV("extra")) == -1,
	    "positional refused when none expected");
	CHECK(parse(&o, &mod3, ARGV("-p5", "1", "h", "2")) == 0 &&
	    o.nargs == 3 && strcmp(o.args[1], "h") == 0,
	    "three positionals");
	CHECK(parse(&o, &mod3, ARGV("1", "h")) == -1, "two positionals");
	CHECK(parse(&o, &mod3, ARGV("1", "h", "-46")) == 0 &&
	    o.family == FAM_4 && strcmp(o.args[2], "-46") == 0,
	    "options stop at the first positional");
	opt_free(&o);
	UNIT_DONE();
}
