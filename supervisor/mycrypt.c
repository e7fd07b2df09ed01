/* SPDX-License-Identifier: BSD-2-Clause */
/* Copyright (c) 2026 The proxy suite authors */
/* mycrypt: print the users-table hash of a password (NT, or MD5-crypt). */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "crypt.h"

#define MYCRYPT_SYNOPSIS	"%s [SALT] PASSWORD"

static int
usage(FILE *f, const char *prog, int status)
{
	fprintf(f, "usage: " MYCRYPT_SYNOPSIS "\n", prog);
	return status;
}

int
main(int argc, char **argv)
{
	const char *prog = argc > 0 && argv[0] != NULL ? argv[0] : "mycrypt";
	char out[CRYPT_MD5_MAXLEN];
	char hex[2 * CRYPT_NT_LEN + 1];
	uint8_t nt[CRYPT_NT_LEN];
	char *pw, *salt = NULL;
	size_t saltlen;
	int i = 1;

	if (strrchr(prog, '/') != NULL)
		prog = strrchr(prog, '/') + 1;
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "-?") == 0 || strcmp(argv[1], "--help") == 0))
		return usage(stdout, prog, 0);
	/* "--" lets a salt or password start with '-'. */
	if (argc > 1 && strcmp(argv[1], "--") == 0)
		i = 2;
	else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0')
		return usage(stderr, prog, EX_USAGE);
	if (argc - i == 2)
		salt = argv[i++];
	else if (argc - i != 1)
		return usage(stderr, prog, EX_USAGE);
	pw = argv[i];

	if (salt == NULL) {
		crypt_nt(pw, strlen(pw), nt);
		crypt_hex_encode(nt, sizeof(nt), hex);
		printf("NT:%s\n", hex);
		explicit_bzero(nt, sizeof(nt));
	} else {
		/* Cut the salt as openssl passwd -1 and crypt(3) do, so
		   that the output is theirs. */
		saltlen = strlen(salt);
		if (saltlen > CRYPT_STDSALT)
			saltlen = CRYPT_STDSALT;
		if (crypt_md5(pw, strlen(pw), salt, saltlen, out) == -1) {
			fprintf(stderr, "%s: the salt must not contain '$'\n",
			    prog);
			explicit_bzero(pw, strlen(pw));
			return usage(stderr, prog, EX_USAGE);
		}
		printf("CR:%s\n", out);
		explicit_bzero(out, sizeof(out));
	}
	/* Keep the password out of ps(1) from here on. */
	explicit_bzero(pw, strlen(pw));
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror(prog);
		return EX_IOERR;
	}
	return 0;
}
