/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the logformat engine: every macro, prefixes, escaping. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "unit.h"

static struct logrec r;
static struct timespec now;
static char out[LOG_MAXREC];

/* Render fmt and drop the trailing newline. */
static const char *
R(const char *fmt)
{
	size_t n = log_render(out, sizeof(out), fmt, &r, &now);

	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	/* 2023-11-14 22:13:20.123 UTC */
	now.tv_sec = 1700000000;
	now.tv_nsec = 123456789;
	r.lr_service = "SOCK5";
	r.lr_port = 1080;
	r.lr_err = 13;
	r.lr_user = "alice";
	addr_parse_ip("192.0.2.10", 50948, &r.lr_client);
	addr_parse_ip("198.51.100.7", 443, &r.lr_remote);
	addr_parse_ip("198.51.100.8", 8443, &r.lr_req);
	addr_parse_ip("203.0.113.5", 0, &r.lr_ext);
	addr_parse_ip("127.0.0.1", 1080, &r.lr_int);
	r.lr_host = "www.example.org";
	r.lr_in = 12345;
	r.lr_out = 678;
	r.lr_hops = 2;
	r.lr_text = "CONNECT www.example.org:443 HTTP/1.1";
	r.lr_start.tv_sec = 1700000000 - 2;
	r.lr_start.tv_nsec = 123456789;

	CHECK_STR(R("G%y"), "23", "%y");
	CHECK_STR(R("G%Y"), "2023", "%Y");
	CHECK_STR(R("G%m"), "11", "%m");
	CHECK_STR(R("G%o"), "Nov", "%o");
	CHECK_STR(R("G%d"), "14", "%d");
	CHECK_STR(R("G%H"), "22", "%H");
	CHECK_STR(R("G%M"), "13", "%M");
	CHECK_STR(R("G%S"), "20", "%S");
	CHECK_STR(R("G%t"), "1700000000", "%t");
	CHECK_STR(R("G%."), "123", "%.");
	CHECK_STR(R("G%z"), "+0000", "%z in UTC");
	CHECK_STR(R("G%U"), "alice", "%U");
	CHECK_STR(R("G%N"), "SOCK5", "%N");
	CHECK_STR(R("G%p"), "1080", "%p");
	CHECK_STR(R("G%E"), "00013", "%E five digits");
	CHECK_STR(R("G%C:%c"), "192.0.2.10:50948", "%C:%c");
	CHECK_STR(R("G%R:%r"), "198.51.100.7:443", "%R:%r");
	CHECK_STR(R("G%Q:%q"), "198.51.100.8:8443", "%Q:%q");
	CHECK_STR(R("G%e"), "203.0.113.5", "%e");
	CHECK_STR(R("G%i"), "127.0.0.1", "%i");
	CHECK_STR(R("G%n"), "www.example.org", "%n");
	CHECK_STR(R("G%I %O"), "12345 678", "%I %O");
	CHECK_STR(R("G%h"), "2", "%h");
	CHECK_STR(R("G%T"), "CONNECT www.example.org:443 HTTP/1.1", "%T");
	CHECK_STR(R("G%1-1T"), "CONNECT", "%1-1T");
	CHECK_STR(R("G%2-3T"), "www.example.org:443 HTTP/1.1", "%2-3T");
	CHECK_STR(R("G%3-3T"), "HTTP/1.1", "%3-3T");
	CHECK_STR(R("G%5-6T"), "", "%5-6T past the end");
	CHECK_STR(R("G%D"), "2000", "%D duration in ms");
	CHECK_STR(R("G%b %B"), "339 6172", "%b %B rates");
	CHECK_STR(R("G100%%"), "100%", "%% literal");
	CHECK_STR(R("G%"), "", "trailing % prints nothing");
	CHECK_STR(R("Gx%"), "x", "trailing % after text");
	CHECK_STR(R("%Y"), "Y", "missing zone char eats the first character");
	CHECK_STR(R("L%H"), "22", "L is local time (TZ=UTC here)");
	CHECK_STR(R(LOG_DEFAULT_FORMAT),
	    "231114221320.123 1080 00013 alice 192.0.2.10:50948 "
	    "198.51.100.7:443 678 12345 2 CONNECT www.example.org:443 HTTP/1.1",
	    "default format");
	CHECK_STR(R("-:+_G%T"), "CONNECT www.example.org_443 HTTP/1.1",
	    "-CHARS+R replaces listed characters");
	CHECK_STR(R("- +_G%T"), "CONNECT_www.example.org:443_HTTP/1.1",
	    "- +_ replaces spaces");
	r.lr_user = NULL;
	CHECK_STR(R("G%U"), "-", "%U without user");
	r.lr_user = "a\nFAKE 200";
	CHECK_STR(R("G%U"), "a\\x0aFAKE 200", "control characters escaped");
	CHECK_STR(R("-+_G%U"), "a_FAKE 200",
	    "control characters replaced under -+R");
	r.lr_user = "dom\\user\x7f";
	CHECK_STR(R("G%U"), "dom\\\\user\\x7f", "backslash and DEL escaped");
	r.lr_host = "::1";
	CHECK_STR(R("G%n"), "[::1]", "%n IPv6 host in brackets");
	r.lr_host = NULL;
	CHECK_STR(R("G%n"), "[198.51.100.8]",
	    "%n falls back to the address, in brackets");
	{
		struct logrec empty;

		memset(&empty, 0, sizeof(empty));
		log_render(out, sizeof(out), LOG_DEFAULT_FORMAT, &empty, &now);
		CHECK_STR(out, "231114221320.123 0 00000 - 0.0.0.0:0 0.0.0.0:0 "
		    "0 0 0 \n", "empty record");
	}
	{
		char small[8];
		size_t n = log_render(small, sizeof(small), "GABCDEFGHIJKL",
		    &r, &now);

		CHECK(n == 7 && strcmp(small, "ABCDEF\n") == 0,
		    "truncated record still ends with a newline");
	}
	{
		char big[LOG_MAXREC * 2];
		char *longtext = malloc(10000);

		memset(longtext, 'x', 9999);
		longtext[9999] = '\0';
		r.lr_text = longtext;
		CHECK(log_render(big, LOG_MAXREC, "G%T", &r, &now) ==
		    LOG_MAXREC - 1, "record capped at LOG_MAXREC");
		free(longtext);
	}
	{
		char name[64];

		CHECK(log_expand_name(name, sizeof(name), "/l/%y%m%d.log",
		    1700000000) == 0 && strcmp(name, "/l/231114.log") == 0,
		    "file name template");
		CHECK(log_expand_name(name, 8, "/logs/%Y%m%d", 1700000000) ==
		    -1, "file name template overflow refused");
	}
	UNIT_DONE();
}
