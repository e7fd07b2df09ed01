/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* Unit tests for the policy point: config commands and their errors, auth
 * type combinations, ACL outcomes, local redirection, authcache ip and
 * limit (with a fake clock, and shared between two processes). */
#include <sys/mman.h>
#include <sys/wait.h>

#include <stdlib.h>
#include <unistd.h>

#include "authcache.h"
#include "compat.h"
#include "policy.h"
#include "unit.h"

#define SUNDAY	((time_t)1704585600)

static time_t wall = SUNDAY + 3 * 86400 + 12 * 3600;
static uint64_t mono = 1000;

static time_t
fake_wall(void)
{
	return wall;
}

static uint64_t
fake_mono(void)
{
	return mono;
}

/* Apply config lines (words separated by spaces); returns the first
   non-1 result, with the message in err. */
static int
conf(struct policy *p, const char *text, char *err, size_t errlen)
{
	char buf[1024], *line, *save = NULL;

	strlcpy(buf, text, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *av[32], *w, *s2 = NULL;
		int ac = 0, rc;

		for (w = strtok_r(line, " ", &s2); w != NULL && ac < 32;
		    w = strtok_r(NULL, " ", &s2))
			av[ac++] = w;
		err[0] = '\0';
		if ((rc = policy_conf(p, ac, av, err, errlen)) != 1)
			return rc;
	}
	return 1;
}

static struct policy *
mk(const char *text)
{
	struct policy *p = policy_new();
	char err[256];

	if (p == NULL || conf(p, text, err, sizeof(err)) != 1) {
		printf("# config failed: %s: %s\n", text, err);
		exit(2);
	}
	policy_set_clock(p, fake_wall);
	return p;
}

/* A request: client, user, pass, target address, host, port, op. */
static void
req(struct preq *r, const char *client, const char *user, const char *pass,
    const char *dst, const char *host, uint16_t port, unsigned op)
{
	memset(r, 0, sizeof(*r));
	addr_parse_ip(client, 40000, &r->pr_client);
	addr_parse_ip("127.0.0.1", 1080, &r->pr_local);
	r->pr_user = user;
	r->pr_pass = pass;
	if (dst != NULL)
		addr_parse_ip(dst, port, &r->pr_target);
	r->pr_host = host;
	r->pr_port = port;
	r->pr_op = op;
}

static int
check(struct policy *p, const char *client, const char *user,
    const char *pass, const char *dst, const char *host, uint16_t port,
    unsigned op)
{
	struct preq r;

	req(&r, client, user, pass, dst, host, port, op);
	return policy_check(p, &r);
}

#define USERS "users bob:CL:bobpw " \
	"alice:CR:$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/ " \
	"carol:NT:8846f7eaee8fb117ad06bdd830b7586c"

static void
conf_tests(void)
{
	struct policy *p = policy_new();
	char err[256];
	static const struct {
		const char	*line;
		int		 rc;
		const char	*msg;
	} t[] = {
		{ "users bob:CL:x alice:CL:y", 1, "" },
		{ "users", 1, "" },
		{ "users bob", -1, "without a password" },
		{ "auth iponly strong", 1, "" },
		{ "auth none", 1, "" },
		{ "auth cache strong", 1, "" },
		{ "auth cacheacl strong", 1, "" },
		{ "auth useronly", 1, "" },
		{ "auth", -1, "types expected" },
		{ "auth bogus", -1, "unknown type" },
		{ "auth radius", -1, "not supported in this build" },
		{ "auth dnsname", -1, "not supported in this build" },
		{ "authcache ip,user 60", 1, "" },
		{ "authcache user,password,limit 60 1000", 1, "" },
		{ "authcache ip", 1, "" },
		{ "authcache ip,bogus", -1, "unknown key word" },
		{ "authcache ip 0", -1, "bad TIME" },
		{ "authcache ip x", -1, "bad TIME" },
		{ "authcache ip 60 1", -1, "bad SIZE" },
		{ "authcache", -1, "TYPES" },
		{ "authcache limit", 1, "" },
		{ "nolog", -1, "no allow or deny" },
		{ "parent 1000 http 0.0.0.0 0", -1, "last ACL entry was not "
		    "allow" },
		{ "allow *", 1, "" },
		{ "nolog", 1, "" },
		{ "weight 5", 1, "" },
		{ "weight x", -1, "one number" },
		{ "parent 1000 socks5 192.0.2.1 1080", -1, "parent chains to "
		    "upstream proxies are not implemented in this build" },
		{ "parent 1000 connect 192.0.2.1 3128 u p", -1, "parent chains "
		    "to upstream proxies are not implemented in this build" },
		{ "parent 1000 http 0.0.0.0 8080", -1, "parent chains to "
		    "upstream proxies are not implemented in this build" },
		{ "parent 1000 extip 192.0.2.7 0", -1, "not implemented" },
		{ "parent 1000 smtp 0.0.0.0 0", -1, "not available in this "
		    "build" },
		{ "parent 1000 bogus 0.0.0.0 0", -1, "unknown type" },
		{ "parent 0 http 0.0.0.0 0", -1, "weight" },
		{ "parent 500 http 0.0.0.0 0", -1, "weight 1000" },
		{ "parent 1000 http 0.0.0.0", -1, "expected" },
		{ "parent 1000 http 0.0.0.0 0", 1, "" },
		{ "parent 1000 ftp 0.0.0.0 0", -1, "only parent" },
		{ "deny * * * * FOO", -1, "Unknown operation type" },
		{ "deny * 10.0.0.0/33", -1, "Invalid IP" },
		{ "deny * * * 99999", -1, "Invalid port" },
		{ "deny *", 1, "" },
		{ "parent 1000 http 0.0.0.0 0", -1, "was not allow" },
		{ "redirect 0.0.0.0 0 * * * * CONNECT", 1, "" },
		{ "redirect 192.0.2.1 3128", -1, "not implemented" },
		{ "redirect", -1, "expected" },
		{ "flush", 1, "" },
		{ "flush x", -1, "no argument" },
		{ "nolog", -1, "no allow or deny" },
		{ "proxy -p3128", 0, "" },
		{ "log", 0, "" },
		{ "bandlimin 1000 *", 0, "" },
	};
	size_t i;
	char name[300];

	for (i = 0; i < nitems(t); i++) {
		int rc = conf(p, t[i].line, err, sizeof(err));

		snprintf(name, sizeof(name), "config '%s' -> %d (%s)",
		    t[i].line, t[i].rc, err);
		CHECK(rc == t[i].rc && (t[i].msg[0] == '\0' ||
		    strstr(err, t[i].msg) != NULL), name);
	}
	policy_free(p);
}

static void
auth_tests(void)
{
	struct policy *p;
	struct preq r;

	CHECK(policy_check(NULL, (req(&r, "10.0.0.1", NULL, NULL, NULL, NULL,
	    0, OP_CONNECT), &r)) == 0, "NULL policy allows");
	CHECK(policy_is_open(NULL) && !policy_wants_user(NULL),
	    "NULL policy is open and asks no user");

	p = mk("deny * * 10.0.0.0/8");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "10.1.1.1", NULL, 80,
	    OP_CONNECT) == 1, "default iponly walks the ACL: deny");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "11.1.1.1", NULL, 80,
	    OP_CONNECT) == 3, "no match: 3");
	CHECK(!policy_is_open(p), "iponly with a deny first: not open");
	policy_free(p);

	p = mk("");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "10.1.1.1", NULL, 80,
	    OP_CONNECT) == 0, "fresh policy: empty ACL allows");
	CHECK(policy_is_open(p), "iponly, empty ACL: open");
	policy_free(p);

	p = mk("auth none\ndeny *");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "10.1.1.1", NULL, 80,
	    OP_CONNECT) == 0, "auth none: no ACL walk");
	CHECK(policy_is_open(p) && !policy_wants_user(p), "auth none: open");
	policy_free(p);

	p = mk("allow *\ndeny *");
	CHECK(policy_is_open(p), "iponly with 'allow *' first: open");
	policy_free(p);

	p = mk(USERS "\nauth strong");
	CHECK(policy_wants_user(p) && !policy_is_open(p), "strong wants user");
	CHECK(check(p, "1.1.1.1", NULL, NULL, NULL, "a.example", 80,
	    OP_CONNECT) == 4, "strong, no user: 4");
	CHECK(check(p, "1.1.1.1", "bob", NULL, NULL, "a.example", 80,
	    OP_CONNECT) == 5, "strong, no password: 5");
	CHECK(check(p, "1.1.1.1", "eve", "x", NULL, "a.example", 80,
	    OP_CONNECT) == 5, "strong, unknown user: 5");
	CHECK(check(p, "1.1.1.1", "bob", "bad", NULL, "a.example", 80,
	    OP_CONNECT) == 6, "strong, wrong CL: 6");
	CHECK(check(p, "1.1.1.1", "alice", "bad", NULL, "a.example", 80,
	    OP_CONNECT) == 7, "strong, wrong CR: 7");
	CHECK(check(p, "1.1.1.1", "carol", "bad", NULL, "a.example", 80,
	    OP_CONNECT) == 8, "strong, wrong NT: 8");
	CHECK(check(p, "1.1.1.1", "bob", "bobpw", NULL, "a.example", 80,
	    OP_CONNECT) == 0, "strong, right CL, empty ACL: 0");
	CHECK(check(p, "1.1.1.1", "alice", "password", NULL, "a.example", 80,
	    OP_CONNECT) == 0, "strong, right CR: 0");
	CHECK(check(p, "1.1.1.1", "carol", "password", NULL, "a.example", 80,
	    OP_CONNECT) == 0, "strong, right NT: 0");
	policy_free(p);

	p = mk(USERS "\nauth strong\nallow bob\nallow alice * *.example.com\n"
	    "deny *");
	CHECK(check(p, "1.1.1.1", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 0, "strong + ACL: bob allowed");
	CHECK(check(p, "1.1.1.1", "alice", "password", NULL, "x.org", 80,
	    OP_CONNECT) == 1, "strong + ACL: alice denied to x.org");
	CHECK(check(p, "1.1.1.1", "alice", "password", NULL,
	    "WWW.Example.COM.", 80, OP_CONNECT) == 0,
	    "host name compared in lower case without the trailing dot");
	CHECK(check(p, "1.1.1.1", "carol", "password", NULL, "x.org", 80,
	    OP_CONNECT) == 1, "strong + ACL: carol denied");
	policy_free(p);

	/* iponly hides the user; "-" matches a request without one. */
	p = mk(USERS "\nallow bob\nallow - * 10.0.0.1");
	CHECK(check(p, "1.1.1.1", "bob", "bobpw", "10.9.9.9", NULL, 80,
	    OP_CONNECT) == 3, "iponly: a USERS entry never matches");
	CHECK(check(p, "1.1.1.1", "bob", "bobpw", "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 0, "iponly: the user is hidden, '-' matches");
	policy_free(p);

	/* auth iponly strong: a password only where the ACL needs one. */
	p = mk(USERS "\nauth iponly strong\nallow * 127.0.0.2\nallow bob\n"
	    "deny *");
	CHECK(check(p, "127.0.0.2", NULL, NULL, "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 0, "iponly strong: 127.0.0.2 needs no password");
	CHECK(check(p, "127.0.0.1", NULL, NULL, "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 4, "iponly strong: others asked for a user (4)");
	CHECK(check(p, "127.0.0.1", "bob", "bobpw", "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 0, "iponly strong: bob with password");
	CHECK(check(p, "127.0.0.1", "bob", "nope", "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 6, "iponly strong: bob wrong password: 6");
	CHECK(check(p, "127.0.0.1", "alice", "password", "10.0.0.1", NULL,
	    80, OP_CONNECT) == 1, "iponly strong: alice denied (1)");
	policy_free(p);

	p = mk(USERS "\nauth useronly\nallow eve\ndeny *");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 4, "useronly: no user: 4");
	CHECK(check(p, "1.1.1.1", "eve", NULL, "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 0, "useronly: any name, no password");
	CHECK(check(p, "1.1.1.1", "bob", NULL, "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 1, "useronly: ACL decides");
	policy_free(p);

	/* The highest code when every type fails. */
	p = mk(USERS "\nauth useronly strong");
	CHECK(check(p, "1.1.1.1", NULL, NULL, NULL, NULL, 0, OP_CONNECT) == 4,
	    "useronly strong without user: 4");
	policy_free(p);
}

static void
acl_tests(void)
{
	struct policy *p;
	struct preq r;

	/* UDP ASSOCIATE: an entry with DST or PORTS met first defers. */
	p = mk("deny * 192.0.2.9\ndeny * * * 25\ndeny * * 10.0.0.0/8\n"
	    "allow *");
	CHECK(check(p, "1.1.1.1", NULL, NULL, NULL, NULL, 0, OP_UDPASSOC) == 0,
	    "UDP ASSOCIATE: deny with PORTS first defers");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 25,
	    OP_UDPASSOC) == 1 && check(p, "1.1.1.1", NULL, NULL, "10.1.1.1",
	    NULL, 53, OP_UDPASSOC) == 1 && check(p, "1.1.1.1", NULL, NULL,
	    "192.0.2.1", NULL, 53, OP_UDPASSOC) == 0,
	    "UDP ASSOCIATE: each datagram decided by destination");
	CHECK(check(p, "192.0.2.9", NULL, NULL, NULL, NULL, 0, OP_UDPASSOC) ==
	    1, "UDP ASSOCIATE: a deny without DST or PORTS is final");
	CHECK(check(p, "1.1.1.1", NULL, NULL, NULL, "x.org", 25, OP_CONNECT) ==
	    1, "CONNECT: not deferred");
	policy_free(p);

	p = mk("allow * * * * HTTP_GET\nnolog\ndeny * * * * HTTP_POST\n"
	    "allow * * * 80,443 *\nallow * * 127.0.0.0/8");
	req(&r, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 8080, OP_HTTP_GET);
	CHECK(policy_check(p, &r) == 0 && r.pr_nolog == 1, "GET: nolog");
	req(&r, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80, OP_HTTP_POST);
	CHECK(policy_check(p, &r) == 1 && r.pr_nolog == 0, "POST: denied");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 443,
	    OP_CONNECT) == 0, "CONNECT 443 allowed");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 25,
	    OP_CONNECT) == 3, "CONNECT 25: no match");
	CHECK(check(p, "1.1.1.1", NULL, NULL, NULL, "127.0.0.5", 25,
	    OP_CONNECT) == 0, "an address written as the host is the address");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "::ffff:127.0.0.1", NULL, 25,
	    OP_CONNECT) == 0, "IPv4-mapped target is its IPv4 address");
	policy_free(p);

	p = mk("allow * * * * * * 09:00:00-17:00:00\ndeny *");
	wall = SUNDAY + 2 * 86400 + 10 * 3600;
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80,
	    OP_CONNECT) == 0, "inside the time period");
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80,
	    OP_CONNECT) == 0, "inside, from the per-second cache");
	wall = SUNDAY + 2 * 86400 + 17 * 3600;
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80,
	    OP_CONNECT) == 1, "at the end of the period: outside");
	policy_free(p);
	p = mk("allow * * * * * 1-5\ndeny *");
	wall = SUNDAY + 6 * 86400 + 10 * 3600;
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80,
	    OP_CONNECT) == 1, "Saturday outside 1-5");
	wall = SUNDAY + 5 * 86400 + 10 * 3600;
	CHECK(check(p, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80,
	    OP_CONNECT) == 0, "Friday inside 1-5");
	policy_free(p);

	/* flush starts a new list. */
	p = mk("deny *\nflush\nallow * 10.0.0.0/8");
	CHECK(check(p, "10.0.0.1", NULL, NULL, "192.0.2.1", NULL, 80,
	    OP_CONNECT) == 0 && check(p, "11.0.0.1", NULL, NULL, "192.0.2.1",
	    NULL, 80, OP_CONNECT) == 3, "flush drops the earlier deny");
	policy_free(p);
}

static void
redirect_tests(void)
{
	struct policy *p;
	struct preq r;

	p = mk("users bob:CL:pw\nallow * * * * CONNECT\n"
	    "parent 1000 http 0.0.0.0 0\nallow * * * * HTTP_GET\n"
	    "allow * * 10.0.0.0/8 21\nparent 1000 ftp 0.0.0.0 0 ftpuser "
	    "ftppass\nallow * * 10.0.0.0/8 110\nparent 1000 pop3 0.0.0.0 0 *\n"
	    "deny *");
	req(&r, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80, OP_CONNECT);
	CHECK(policy_check(p, &r) == 0 && r.pr_redirect == PROTO_HTTP &&
	    r.pr_parent_user == NULL, "CONNECT redirected to the HTTP proxy");
	req(&r, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80, OP_HTTP_GET);
	r.pr_hops = 1;
	CHECK(policy_check(p, &r) == 0 && r.pr_redirect == 0,
	    "second pass: GET allowed by the next entry");
	req(&r, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80, OP_CONNECT);
	r.pr_hops = 1;
	CHECK(policy_check(p, &r) == 1 && r.pr_redirect == 0,
	    "second pass: the redirect entry is skipped");
	req(&r, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80, OP_BIND);
	CHECK(policy_check(p, &r) == 1 && r.pr_redirect == 0,
	    "BIND walks past a redirect entry");
	req(&r, "1.1.1.1", NULL, NULL, "10.0.0.1", NULL, 21, OP_CONNECT);
	CHECK(policy_check(p, &r) == 0 && r.pr_redirect == PROTO_HTTP,
	    "first matching redirect wins");
	req(&r, "1.1.1.1", NULL, NULL, "10.0.0.1", NULL, 21, OP_FTP_GET);
	CHECK(policy_check(p, &r) == 0 && r.pr_redirect == PROTO_FTP &&
	    r.pr_parent_user != NULL &&
	    strcmp(r.pr_parent_user, "ftpuser") == 0 &&
	    strcmp(r.pr_parent_pass, "ftppass") == 0,
	    "FTP redirect passes parent credentials");
	req(&r, "1.1.1.1", "bob", "pw", "10.0.0.1", NULL, 110, OP_HTTP_GET);
	CHECK(policy_check(p, &r) == 0 && r.pr_redirect == 0,
	    "GET matched before the pop3 redirect");
	req(&r, "1.1.1.1", "bob", "pw", "10.0.0.1", NULL, 110, OP_FTP_LIST);
	CHECK(policy_check(p, &r) == 0 && r.pr_redirect == PROTO_POP3 &&
	    r.pr_parent_user == r.pr_user, "USER * passes the client's own");
	req(&r, "1.1.1.1", NULL, NULL, "10.0.0.1", NULL, 110, OP_FTP_LIST);
	CHECK(policy_check(p, &r) == 4, "USER * without a client user: 4");
	req(&r, "1.1.1.1", NULL, NULL, "192.0.2.1", NULL, 80, OP_HTTP_GET);
	r.pr_hops = POLICY_MAXHOPS + 1;
	CHECK(policy_check(p, &r) == 101, "too many hand-offs: 101");
	policy_free(p);
}

static void
cache_tests(void)
{
	struct policy *p;
	struct preq r;

	authcache_set_clock(fake_mono);
	p = mk(USERS "\nauth cache strong\nauthcache ip 60\n"
	    "allow bob\ndeny *");
	CHECK(check(p, "10.0.0.1", NULL, NULL, NULL, "x.org", 80, OP_CONNECT)
	    == 4, "authcache ip: nothing cached yet: 4");
	CHECK(check(p, "10.0.0.1", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 0, "authcache ip: strong succeeds");
	req(&r, "10.0.0.1", NULL, NULL, NULL, "x.org", 80, OP_CONNECT);
	CHECK(policy_check(p, &r) == 0 && r.pr_user == r.pr_userbuf &&
	    strcmp(r.pr_user, "bob") == 0,
	    "authcache ip: same address, no credentials: bob");
	CHECK(check(p, "10.0.0.2", NULL, NULL, NULL, "x.org", 80, OP_CONNECT)
	    == 4, "authcache ip: another address is not cached");
	mono += 61;
	CHECK(check(p, "10.0.0.1", NULL, NULL, NULL, "x.org", 80, OP_CONNECT)
	    == 4, "authcache ip: expired after TIME");
	CHECK(check(p, "10.0.0.1", "alice", "password", NULL, "x.org", 80,
	    OP_CONNECT) == 1, "a denied user is not cached");
	CHECK(check(p, "10.0.0.1", NULL, NULL, NULL, "x.org", 80, OP_CONNECT)
	    == 4, "... so the address stays unknown");
	policy_free(p);

	p = mk(USERS "\nauth cache strong\nauthcache ip,user,limit 60");
	CHECK(check(p, "10.0.1.1", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 0, "limit: first address");
	CHECK(check(p, "10.0.1.1", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 0, "limit: same address again");
	CHECK(check(p, "10.0.1.2", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 10, "limit: second address refused (10)");
	CHECK(check(p, "10.0.1.2", "carol", "password", NULL, "x.org", 80,
	    OP_CONNECT) == 0, "limit: another user from there is fine");
	mono += 61;
	CHECK(check(p, "10.0.1.2", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 0, "limit: after TIME the other address may");
	CHECK(check(p, "10.0.1.1", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 10, "limit: now the first one is refused");
	policy_free(p);

	/* A cached authentication never carries a decision to another
	   target (reliability A4): cacheacl walks the ACL like cache. */
	p = mk(USERS "\nauth cacheacl strong\nauthcache ip 60\n"
	    "allow bob * 10.0.0.1\ndeny *");
	CHECK(check(p, "10.0.5.1", "bob", "bobpw", "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 0, "cacheacl: bob to A with his password");
	CHECK(check(p, "10.0.5.1", NULL, NULL, "10.0.0.1", NULL, 80,
	    OP_CONNECT) == 0, "cacheacl: then to A from the cache");
	CHECK(check(p, "10.0.5.1", NULL, NULL, "10.0.0.2", NULL, 80,
	    OP_CONNECT) == 1, "cacheacl: B is still denied");
	CHECK(check(p, "10.0.5.1", "bob", "bobpw", "10.0.0.2", NULL, 80,
	    OP_CONNECT) == 1, "cacheacl: B denied with the password too");
	policy_free(p);

	/* limit with auth strong alone is enforced too (a deviation). */
	p = mk(USERS "\nauth strong\nauthcache user,limit 60");
	CHECK(check(p, "10.0.2.1", "alice", "password", NULL, "x.org", 80,
	    OP_CONNECT) == 0 && check(p, "10.0.2.2", "alice", "password",
	    NULL, "x.org", 80, OP_CONNECT) == 10,
	    "limit under auth strong: second address refused");
	policy_free(p);
}

/* The limit table shared by two processes through one region. */
static void
shared_tests(void)
{
	size_t len = authcache_region_size(64);
	void *base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	struct policy *p;
	pid_t pid;
	int st;

	CHECK(base != MAP_FAILED && authcache_region_init(base, len) == 0 &&
	    authcache_attach(base, len) == 0, "shared region set up");
	CHECK(authcache_attach(base, 10) == -1, "attach refuses a short length");
	pid = fork();
	if (pid == 0) {
		/* The child: one authentication of bob from 10.0.3.1. */
		authcache_attach(base, len);
		p = mk(USERS "\nauth cache strong\nauthcache user,limit 600");
		_exit(check(p, "10.0.3.1", "bob", "bobpw", NULL, "x.org", 80,
		    OP_CONNECT));
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "child authenticated bob");
	p = mk(USERS "\nauth cache strong\nauthcache user,limit 600");
	CHECK(check(p, "10.0.3.2", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 10, "parent sees the child's entry: 10");
	CHECK(check(p, "10.0.3.1", "bob", "bobpw", NULL, "x.org", 80,
	    OP_CONNECT) == 0, "the child's address is still fine");
	policy_free(p);
	authcache_detach();
	munmap(base, len);
}

/*
 * 1,000 users and a 1,000-entry ACL (half of it naming single users, half
 * denying target networks for everyone), as in the benchmark goal: the
 * verdicts, and the time per check printed for the record.
 */
static void
scale_tests(void)
{
	struct policy *p = policy_new();
	struct timespec t0, t1;
	char err[256], line[128], *av[8];
	struct preq r;
	int i, rc, ok = 1, n = 20000;

	for (i = 0; i < 1000 && ok; i++) {
		snprintf(line, sizeof(line), "u%d:CL:pw%d", i, i);
		av[0] = (char *)(uintptr_t)"users";
		av[1] = line;
		ok = policy_conf(p, 2, av, err, sizeof(err)) == 1;
	}
	ok &= conf(p, "auth strong", err, sizeof(err)) == 1;
	for (i = 0; i < 998 && ok; i++) {
		if (i % 2 == 0)
			snprintf(line, sizeof(line), "allow u%d * * 80,443 "
			    "CONNECT", i);
		else
			snprintf(line, sizeof(line), "deny * * 10.%d.%d.0/24",
			    i / 256, i % 256);
		ok = conf(p, line, err, sizeof(err)) == 1;
	}
	ok &= conf(p, "allow u999 * 127.0.0.1\ndeny *", err, sizeof(err)) == 1;
	CHECK(ok, "1,000 users and 1,000 entries load");
	CHECK(check(p, "10.9.9.9", "u999", "pw999", "127.0.0.1", NULL, 8080,
	    OP_CONNECT) == 0, "the last allow entry matches");
	CHECK(check(p, "10.9.9.9", "u996", "pw996", "127.0.0.1", NULL, 443,
	    OP_CONNECT) == 0, "u996's own entry matches");
	CHECK(check(p, "10.9.9.9", "u2", "pw2", "10.3.5.1", NULL, 443,
	    OP_CONNECT) == 0, "u2's entry comes before the deny of 10.3.5/24");
	CHECK(check(p, "10.9.9.9", "u996", "pw996", "10.3.5.1", NULL, 443,
	    OP_CONNECT) == 1, "u996's entry comes after it");
	CHECK(check(p, "10.9.9.9", "u999", "pw999", "10.3.5.1", NULL, 443,
	    OP_CONNECT) == 1, "u999 is denied 10.3.5.0/24 (entry 997)");
	CHECK(check(p, "10.9.9.9", "u500", "pw500", "127.0.0.1", NULL, 8080,
	    OP_CONNECT) == 1, "u500 on another port: deny *");
	req(&r, "10.9.9.9", "u999", "pw999", "127.0.0.1", NULL, 8080,
	    OP_CONNECT);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0, rc = 0; i < n; i++)
		rc |= policy_check(p, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(rc == 0, "the same verdict every time");
	printf("# %.0f ns per check with 1,000 users and 1,000 entries\n",
	    ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
	    (double)(t1.tv_nsec - t0.tv_nsec)) / n);
	policy_free(p);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	conf_tests();
	auth_tests();
	acl_tests();
	redirect_tests();
	cache_tests();
	shared_tests();
	scale_tests();
	UNIT_DONE();
}
