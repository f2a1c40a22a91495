/*
 * fcauthctl key generate [--eddsa]: print a new signing key for the
 * [keys] section.  HS256: 256 random bits (RFC 8725 §3.5 asks for at
 * least the hash size).  EdDSA: a random Ed25519 seed; its public key
 * goes to stderr for reference (jwks.json publishes it).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ctl.h"
#include "token.h"

static int
key_generate(int eddsa)
{
	unsigned char	 seed[32], pk[32], sk[64];
	char		 out[64];

	randombytes_buf(seed, sizeof(seed));
	if (b64url_encode(seed, sizeof(seed), out, sizeof(out)) < 0)
		return 1;
	printf("%s\n", out);
	if (eddsa) {
		crypto_sign_ed25519_seed_keypair(pk, sk, seed);
		if (b64url_encode(pk, sizeof(pk), out, sizeof(out)) >= 0)
			fprintf(stderr, "public key (x): %s\n", out);
	}
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(out, sizeof(out));
	return 0;
}

int
ctl_key(const char *cfgpath, int argc, char *argv[])
{
	(void)cfgpath;
	if (sodium_init() < 0) {
		fprintf(stderr, "fcauthctl: cannot initialise libsodium\n");
		return 1;
	}
	if (argc == 2 && strcmp(argv[1], "generate") == 0)
		return key_generate(0);
	if (argc == 3 && strcmp(argv[1], "generate") == 0 &&
	    strcmp(argv[2], "--eddsa") == 0)
		return key_generate(1);
	fprintf(stderr, "usage: fcauthctl key generate [--eddsa]\n");
	return 2;
}
