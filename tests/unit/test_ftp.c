/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the FTP parsers of common/ftp.c. */
#include <stdlib.h>
#include <string.h>

#include "ftp.h"
#include "unit.h"

/* Whole-reply verdict fed at once and a byte at a time: must agree. */
static int
reply_whole(const char *s, size_t len, struct ftp_reply *out)
{
	struct ftp_reply r, b;
	size_t i;
	int rc, rb = PARSE_MORE;

	ftp_reply_init(&r);
	rc = ftp_reply_parse(&r, s, len);
	ftp_reply_init(&b);
	for (i = 1; i <= len; i++) {
		rb = ftp_reply_parse(&b, s, i);
		if (rb != PARSE_MORE)
			break;
	}
	if (rb != rc || (rc == PARSE_OK && (r.fr_len != b.fr_len ||
	    r.fr_code != b.fr_code || r.fr_last != b.fr_last)))
		return -99;
	if (out != NULL)
		*out = r;
	return rc;
}

static void
test_reply(void)
{
	struct ftp_reply r;
	char *big;
	const char *multi = "220-Welcome\r\n220 not the end\r\n"
	    "  230 neither\r\n220-still not\r\n220 done\r\nNEXT";
	size_t n, off;
	int rc;

	CHECK(reply_whole("200 OK\r\n", 8, &r) == PARSE_OK && r.fr_code == 200
	    && r.fr_len == 8, "single-line reply");
	CHECK(reply_whole("200 OK\n", 7, &r) == PARSE_OK && r.fr_len == 7,
	    "bare LF accepted");
	CHECK(reply_whole("200\r\n", 5, &r) == PARSE_OK && r.fr_code == 200,
	    "code alone");
	CHECK(reply_whole("200 OK", 6, NULL) == PARSE_MORE, "no line end yet");
	CHECK(reply_whole("2000 OK\r\n", 9, NULL) == FTP_EBAD, "four digits");
	CHECK(reply_whole("600 no\r\n", 8, NULL) == FTP_EBAD, "code 600");
	CHECK(reply_whole("099 no\r\n", 8, NULL) == FTP_EBAD, "code 099");
	CHECK(reply_whole("hello\r\n", 7, NULL) == FTP_EBAD, "not a code");
	CHECK(reply_whole("", 0, NULL) == PARSE_MORE, "empty input");
	/*
	 * "220 not the end" starts with the code and a space: RFC 959 ends
	 * the reply there; a line with a different code does not.
	 */
	rc = reply_whole(multi, strlen(multi), &r);
	CHECK(rc == PARSE_OK && r.fr_len == strlen("220-Welcome\r\n"
	    "220 not the end\r\n") && r.fr_lines == 2, "multi-line ends at NNN SP");
	multi = "230-Hello\r\n231 other code\r\n 230 indented\r\n230-x\r\n"
	    "230 end\r\n";
	rc = reply_whole(multi, strlen(multi), &r);
	CHECK(rc == PARSE_OK && r.fr_len == strlen(multi) && r.fr_lines == 5 &&
	    r.fr_code == 230 && memcmp(multi + r.fr_last, "230 end", 7) == 0,
	    "multi-line with other codes inside");
	CHECK(reply_whole("230-a\r\n230", 10, NULL) == PARSE_MORE,
	    "multi-line unfinished");

	/* Streaming: line by line. */
	ftp_reply_init(&r);
	multi = "211-Features:\r\n MDTM\r\n EPSV\r\n211 End\r\n";
	off = 0;
	CHECK(ftp_reply_line(&r, multi, strlen(multi), &n) == FTP_LINE &&
	    n == 15, "streaming first line");
	off += n;
	CHECK(ftp_reply_line(&r, multi + off, strlen(multi) - off, &n) ==
	    FTP_LINE && n == 7, "streaming continuation");
	off += n;
	CHECK(ftp_reply_line(&r, multi + off, strlen(multi) - off, &n) ==
	    FTP_LINE, "streaming continuation 2");
	off += n;
	CHECK(ftp_reply_line(&r, multi + off, 3, &n) == PARSE_MORE,
	    "streaming partial last line");
	CHECK(ftp_reply_line(&r, multi + off, strlen(multi) - off, &n) ==
	    PARSE_OK && off + n == strlen(multi) && r.fr_len == strlen(multi),
	    "streaming last line");

	/* Limits. */
	big = malloc(3 * FTP_MAXREPLY);
	memset(big, 'x', FTP_MAXLINE + 10);
	memcpy(big, "220 ", 4);
	CHECK(reply_whole(big, FTP_MAXLINE - 1, NULL) == PARSE_MORE,
	    "line just under the cap waits");
	CHECK(reply_whole(big, FTP_MAXLINE, NULL) == FTP_ELONG,
	    "line at the cap without LF");
	big[FTP_MAXLINE - 1] = '\n';
	CHECK(reply_whole(big, FTP_MAXLINE, NULL) == PARSE_OK,
	    "line of exactly FTP_MAXLINE");
	/* A multi-line reply that never ends is cut at FTP_MAXREPLY. */
	memcpy(big, "220-x\r\n", 7);
	for (off = 7; off + 7 <= 3 * FTP_MAXREPLY; off += 7)
		memcpy(big + off, "line.\r\n", 7);
	ftp_reply_init(&r);
	CHECK(ftp_reply_parse(&r, big, off) == FTP_EBIG, "endless reply");
	CHECK(reply_whole(big, off, NULL) == FTP_EBIG,
	    "endless reply, byte by byte");
	free(big);
}

static int
cmd(const char *s, struct ftp_cmd *c)
{
	return ftp_cmd_parse(s, strlen(s), c);
}

static void
test_cmd(void)
{
	struct ftp_cmd c;
	char *big;

	CHECK(cmd("USER anonymous@ftp.example.org\r\n", &c) == PARSE_OK &&
	    strcmp(c.fc_verb, "USER") == 0 && c.fc_arglen == 25 &&
	    memcmp(c.fc_arg, "anonymous@ftp.example.org", 25) == 0 &&
	    c.fc_len == 32, "USER with argument");
	CHECK(cmd("nlst\r\nLIST\r\n", &c) == PARSE_OK &&
	    strcmp(c.fc_verb, "NLST") == 0 && c.fc_arg == NULL &&
	    c.fc_len == 6, "bare lower-case NLST, pipelined");
	CHECK(cmd("PWD\n", &c) == PARSE_OK && strcmp(c.fc_verb, "PWD") == 0 &&
	    c.fc_len == 4, "three letters, bare LF");
	CHECK(cmd("RETR  two spaces\r\n", &c) == PARSE_OK &&
	    c.fc_arglen == 11 && c.fc_arg[0] == ' ', "argument keeps spaces");
	CHECK(cmd("\xff\xf4\xff\xf2" "ABOR\r\n", &c) == PARSE_OK &&
	    strcmp(c.fc_verb, "ABOR") == 0 && c.fc_len == 10,
	    "Telnet IP and DM before ABOR");
	CHECK(cmd("RETR x", &c) == PARSE_MORE, "no line end");
	CHECK(cmd("USER a\rDELE x\r\n", &c) == FTP_EBAD && c.fc_len == 15,
	    "embedded CR refused, line skippable");
	CHECK(ftp_cmd_parse("USER a\0b\r\n", 10, &c) == FTP_EBAD,
	    "NUL refused");
	CHECK(cmd("USER a\r\nDELE x@host\r\n", &c) == PARSE_OK &&
	    c.fc_len == 8 && c.fc_arglen == 1, "CRLF ends the first command");
	CHECK(cmd("RETRIEVE x\r\n", &c) == FTP_EBAD, "verb too long");
	CHECK(cmd("RE x\r\n", &c) == FTP_EBAD, "verb too short");
	CHECK(cmd("\r\n", &c) == FTP_EBAD && c.fc_len == 2, "empty line");
	CHECK(cmd("R3TR x\r\n", &c) == FTP_EBAD, "digit in verb");
	CHECK(cmd("RETR\tx\r\n", &c) == FTP_EBAD, "tab after verb");
	big = malloc(65536);
	memset(big, 'A', 65536);
	CHECK(ftp_cmd_parse(big, 65536, &c) == FTP_ELONG, "64 KiB line");
	CHECK(ftp_cmd_parse(big, FTP_MAXLINE - 1, &c) == PARSE_MORE,
	    "under the cap waits");
	free(big);
}

static void
test_addr(void)
{
	struct addr a;
	uint16_t port = 0;
	char buf[FTP_ADDRSTRLEN], ip[64];
	const char *l;

	l = "227 Entering Passive Mode (192,168,1,2,19,137).";
	CHECK(ftp_parse_227(l, strlen(l), &a) == 0 && addr_port(&a) == 5001 &&
	    strcmp(addr_ip_str(&a, ip, sizeof(ip)), "192.168.1.2") == 0,
	    "227 parsed");
	l = "227 =10,0,0,1,0,21";
	CHECK(ftp_parse_227(l, strlen(l), &a) == 0 && addr_port(&a) == 21,
	    "227 without parentheses");
	l = "227 Entering Passive Mode (256,1,1,1,1,1)";
	CHECK(ftp_parse_227(l, strlen(l), &a) == FTP_EBAD, "227 byte > 255");
	l = "227 Entering Passive Mode (1,1,1,1,1)";
	CHECK(ftp_parse_227(l, strlen(l), &a) == FTP_EBAD, "227 five numbers");
	l = "227 Entering Passive Mode (1,1,1,1,1,";
	CHECK(ftp_parse_227(l, strlen(l), &a) == FTP_EBAD, "227 truncated");
	l = "200 (1,2,3,4,5,6)";
	CHECK(ftp_parse_227(l, strlen(l), &a) == FTP_EBAD, "not a 227");

	l = "229 Entering Extended Passive Mode (|||6446|)";
	CHECK(ftp_parse_229(l, strlen(l), &port) == 0 && port == 6446,
	    "229 parsed");
	l = "229 ok (!!!21!)";
	CHECK(ftp_parse_229(l, strlen(l), &port) == 0 && port == 21,
	    "229 other delimiter");
	l = "229 Entering Extended Passive Mode (|||0|)";
	CHECK(ftp_parse_229(l, strlen(l), &port) == FTP_EBAD, "229 port 0");
	l = "229 Entering Extended Passive Mode (|||65536|)";
	CHECK(ftp_parse_229(l, strlen(l), &port) == FTP_EBAD, "229 port big");
	l = "229 Entering Extended Passive Mode (|||6446|";
	CHECK(ftp_parse_229(l, strlen(l), &port) == FTP_EBAD, "229 unclosed");
	l = "229 Entering Extended Passive Mode (||6446|)";
	CHECK(ftp_parse_229(l, strlen(l), &port) == FTP_EBAD, "229 two delims");
	l = "229 (";
	CHECK(ftp_parse_229(l, strlen(l), &port) == FTP_EBAD, "229 bare (");

	l = "127,0,0,1,4,1";
	CHECK(ftp_parse_port(l, strlen(l), &a) == 0 && addr_port(&a) == 1025 &&
	    addr_family(&a) == AF_INET, "PORT parsed");
	CHECK(ftp_parse_port("1,2,3", 5, &a) == FTP_EBAD, "PORT 1,2,3");
	l = "999,1,1,1,1,1";
	CHECK(ftp_parse_port(l, strlen(l), &a) == FTP_EBAD, "PORT 999");
	l = "1,1,1,1,256,1";
	CHECK(ftp_parse_port(l, strlen(l), &a) == FTP_EBAD, "PORT 256");
	l = "1,1,1,1,1,1 ";
	CHECK(ftp_parse_port(l, strlen(l), &a) == FTP_EBAD, "PORT trailing");
	l = "0001,1,1,1,1,1";
	CHECK(ftp_parse_port(l, strlen(l), &a) == FTP_EBAD, "PORT 4 digits");

	l = "|1|132.235.1.2|6275|";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == 0 && addr_port(&a) == 6275 &&
	    strcmp(addr_ip_str(&a, ip, sizeof(ip)), "132.235.1.2") == 0,
	    "EPRT IPv4");
	l = "|2|1080::8:800:200C:417A|5282|";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == 0 &&
	    addr_family(&a) == AF_INET6 && addr_port(&a) == 5282, "EPRT IPv6");
	l = "|9|::1|21|";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == FTP_EAF, "EPRT proto 9");
	l = "|1|::1|21|";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == FTP_EBAD, "EPRT family mix");
	l = "|1|1.2.3.4|70000|";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == FTP_EBAD, "EPRT port big");
	l = "|1|1.2.3.4|21";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == FTP_EBAD, "EPRT unclosed");
	l = "|1|1.2.3.4|21|x";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == FTP_EBAD, "EPRT trailing");
	l = "|1||21|";
	CHECK(ftp_parse_eprt(l, strlen(l), &a) == FTP_EBAD, "EPRT no address");

	addr_parse_ip("10.1.2.3", 5001, &a);
	CHECK(ftp_fmt_hostport(buf, sizeof(buf), &a) > 0 &&
	    strcmp(buf, "10,1,2,3,19,137") == 0, "format 227/PORT");
	CHECK(ftp_fmt_hostport(buf, 5, &a) == -1, "format too small");
	CHECK(ftp_fmt_eprt(buf, sizeof(buf), &a) > 0 &&
	    strcmp(buf, "|1|10.1.2.3|5001|") == 0, "format EPRT v4");
	addr_parse_ip("::ffff:10.1.2.3", 21, &a);
	CHECK(ftp_fmt_hostport(buf, sizeof(buf), &a) > 0 &&
	    strcmp(buf, "10,1,2,3,0,21") == 0, "format mapped address");
	addr_parse_ip("::1", 2121, &a);
	CHECK(ftp_fmt_hostport(buf, sizeof(buf), &a) == -1,
	    "no 227 for IPv6");
	CHECK(ftp_fmt_eprt(buf, sizeof(buf), &a) > 0 &&
	    strcmp(buf, "|2|::1|2121|") == 0, "format EPRT v6");
}

static int
login(const char *s, char *user, char *host, uint16_t *port)
{
	return ftp_split_login(s, strlen(s), '@', user, FTP_MAXUSER, host,
	    FTP_MAXHOST, port);
}

static void
test_login(void)
{
	char user[FTP_MAXUSER], host[FTP_MAXHOST], *big;
	uint16_t port;

	port = 21;
	CHECK(login("anonymous@ftp.example.org", user, host, &port) == 0 &&
	    strcmp(user, "anonymous") == 0 &&
	    strcmp(host, "ftp.example.org") == 0 && port == 21,
	    "user@host keeps the default port");
	CHECK(login("me@corp@10.0.0.1:2121", user, host, &port) == 0 &&
	    strcmp(user, "me@corp") == 0 && strcmp(host, "10.0.0.1") == 0 &&
	    port == 2121, "the last @ splits");
	CHECK(login("a@[::1]:21", user, host, &port) == 0 &&
	    strcmp(host, "::1") == 0, "bracketed IPv6");
	CHECK(login("a@b@c:99999", user, host, &port) == FTP_EBAD, "bad port");
	CHECK(login("@", user, host, &port) == FTP_EBAD, "lone @");
	CHECK(login("a@:21", user, host, &port) == FTP_EBAD, "empty host");
	CHECK(login("@host", user, host, &port) == FTP_EBAD, "empty user");
	CHECK(login("nohost", user, host, &port) == FTP_EBAD, "no @");
	CHECK(login("a@bad host", user, host, &port) == FTP_EBAD,
	    "space in host");
	CHECK(ftp_split_login("a\0b@h", 5, '@', user, sizeof(user), host,
	    sizeof(host), &port) == FTP_EBAD, "NUL refused");
	big = malloc(2000);
	memset(big, 'u', 2000);
	memcpy(big + 1990, "@host.org", 9);
	CHECK(ftp_split_login(big, 1999, '@', user, sizeof(user), host,
	    sizeof(host), &port) == FTP_EBAD, "user too long");
	free(big);
}

int
main(void)
{
	test_reply();
	test_cmd();
	test_addr();
	test_login();
	UNIT_DONE();
}
