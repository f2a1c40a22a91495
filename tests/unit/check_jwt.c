/*
 * Unit tests of common/crypto/jwt*.c: round trips, key rotation, JWKS, and the
 * "JWT negative matrix" of SECURITY.md as far as it concerns this
 * layer (revoked sessions and disabled accounts are checked above it).
 * Forged tokens are built by hand here, with libsodium only, so that
 * a bug in jwt.c cannot hide itself.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>
#include <sodium.h>

#include "jwt.h"
#include "jwtcache.h"
#include "token.h"
#include "unit.h"
#include "jwt_fixture.h"

struct jwt_keyring	 hs;	/* HS256: k1 (current), k2 */
struct jwt_keyring	 ed;	/* EdDSA: e1 (current), e2 */
unsigned char		 hskey[2][32];
unsigned char		 edseed[2][32];

void
setup(void)
{

	memset(&hs, 0, sizeof(hs));
	memset(&ed, 0, sizeof(ed));
	hs.alg = JWT_HS256;
	ed.alg = JWT_EDDSA;
	memset(hskey[0], 0x11, sizeof(hskey[0]));
	memset(hskey[1], 0x22, sizeof(hskey[1]));
	memset(edseed[0], 0x33, sizeof(edseed[0]));
	memset(edseed[1], 0x44, sizeof(edseed[1]));
	ck_assert_int_eq(jwt_keyring_add(&hs, "k1", hskey[0], 32), 0);
	ck_assert_int_eq(jwt_keyring_add(&hs, "k2", hskey[1], 32), 0);
	ck_assert_int_eq(jwt_keyring_add(&ed, "e1", edseed[0], 32), 0);
	ck_assert_int_eq(jwt_keyring_add(&ed, "e2", edseed[1], 32), 0);
}

void
teardown(void)
{

	jwt_keyring_wipe(&hs);
	jwt_keyring_wipe(&ed);
}

const struct jwt_keyring *
ringof(enum jwt_alg alg)
{

	return alg == JWT_HS256 ? &hs : &ed;
}

/* Append base64url of "len" bytes of "p" to the string "out". */
void
b64cat(char *out, size_t outsz, const void *p, size_t len)
{
	size_t	 pos = strlen(out);

	ck_assert(sodium_base64_ENCODED_LEN(len, B64URL) <= outsz - pos);
	sodium_bin2base64(out + pos, outsz - pos, p, len, B64URL);
}

/* Sign "msg" the way "how" says into "sig"; returns its length. */
static size_t
forge_sig(enum sig how, const char *msg, unsigned char *sig)
{
	size_t	 len = strlen(msg);

	switch (how) {
	case SIG_EMPTY:
		return 0;
	case SIG_HS1:
	case SIG_HS2:
		crypto_auth_hmacsha256(sig, (const unsigned char *)msg, len,
		    hskey[how == SIG_HS1 ? 0 : 1]);
		return crypto_auth_hmacsha256_BYTES;
	case SIG_HS512:
		crypto_auth_hmacsha512(sig, (const unsigned char *)msg, len,
		    hskey[0]);
		return crypto_auth_hmacsha512_BYTES;
	case SIG_ED1:
		crypto_sign_ed25519_detached(sig, NULL,
		    (const unsigned char *)msg, len, ed.keys[0].sk);
		return crypto_sign_ed25519_BYTES;
	case SIG_HSPK:
		crypto_auth_hmacsha256(sig, (const unsigned char *)msg, len,
		    ed.keys[0].pk);
		return crypto_auth_hmacsha256_BYTES;
	case SIG_JUNK256:
		randombytes_buf(sig, 256);
		return 256;
	}
	return 0;
}

/* Build "b64(hdr).b64(pay).b64(sig)" by hand into "out". */
void
forgen(char *out, size_t outsz, const char *hdr, size_t hlen,
    const char *pay, size_t plen, enum sig how)
{
	unsigned char	 sig[256];
	size_t		 siglen;

	out[0] = '\0';
	b64cat(out, outsz, hdr, hlen);
	strcat(out, ".");
	b64cat(out, outsz, pay, plen);
	siglen = forge_sig(how, out, sig);
	strcat(out, ".");
	b64cat(out, outsz, sig, siglen);
}

void
forge(char *out, size_t outsz, const char *hdr, const char *pay,
    enum sig how)
{

	forgen(out, outsz, hdr, strlen(hdr), pay, strlen(pay), how);
}

/* A complete set of claims as jwt_sign() is given them. */
void
goodclaims(struct jwt_claims *c)
{

	memset(c, 0, sizeof(*c));
	strcpy(c->iss, ISS);
	strcpy(c->role, "user");
	strcpy(c->typ, TYP);
	c->sub = 5;
	c->sid = 7;
	c->iat = NOW;
	c->nbf = NOW;
	c->exp = NOW + 900;
}

/* Sign good claims with "ring" into "out"; returns the length. */
int
signgood(const struct jwt_keyring *ring, char *out, size_t outsz)
{
	struct jwt_claims	 c;
	int			 n;

	goodclaims(&c);
	n = jwt_sign(ring, &c, out, outsz);
	ck_assert_int_gt(n, 0);
	ck_assert_uint_eq(strlen(out), (size_t)n);
	return n;
}

enum jwt_result
verify(const struct jwt_keyring *ring, const char *tok,
    struct jwt_claims *out)
{

	return jwt_verify(ring, tok, ISS, TYP, NOW, LEEWAY, out);
}

/* Whether every byte of "c" is zero. */
int
allzero(const struct jwt_claims *c)
{
	const unsigned char	*p = (const unsigned char *)c;
	size_t			 i;

	for (i = 0; i < sizeof(*c); i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* The positions of the two dots of "tok". */
void
dots(const char *tok, size_t *d1, size_t *d2)
{

	*d1 = (size_t)(strchr(tok, '.') - tok);
	*d2 = (size_t)(strrchr(tok, '.') - tok);
}

TCase *
jwt_tcase(Suite *s, const char *name)
{

	return unit_tcase(s, name, setup, teardown);
}

static Suite *
jwt_suite(void)
{
	Suite	*s;

	s = suite_create("jwt");
	jwt_tcase_matrix(s);
	jwt_tcase_sign(s);
	jwt_tcase_keyring(s);
	jwt_tcase_cache(s);
	return s;
}

int
main(void)
{
	return unit_main("check_jwt", jwt_suite, UNIT_SODIUM);
}
