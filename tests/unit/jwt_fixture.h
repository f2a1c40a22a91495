/*
 * jwt_fixture: what the pieces of the jwt unit suite share (one program,
 * tests/unit/check_jwt): the token texts, the forged-token cases, the
 * two key rings and the helpers that forge, sign and verify.
 * check_jwt.c holds them and the suite; check_jwt_cases.c the negative
 * matrix; check_jwt_verify.c verifying and the cache; check_jwt_sign.c
 * signing, the key ring and JWKS.
 */
#ifndef FCAUTH_JWT_FIXTURE_H
#define FCAUTH_JWT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "jwt.h"

#define NOW	INT64_C(1700000000)
#define LEEWAY	30
#define ISS	"fcauth"
#define TYP	"access"
#define TOKSZ	(JWT_MAX + 512)

#define B64URL	sodium_base64_VARIANT_URLSAFE_NO_PADDING

/* Headers. */
#define H_HS	"{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}"
#define H_ED	"{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"e1\"}"
#define H_ALG(a, kid) "{\"alg\":" a ",\"typ\":\"JWT\",\"kid\":" kid "}"

/* A claims set; the arguments are JSON texts. */
#define PAY(iss, sub, sid, typ, nbf, exp)				\
	"{\"iss\":" iss ",\"sub\":" sub ",\"sid\":" sid			\
	",\"role\":\"user\",\"typ\":" typ ",\"iat\":1700000000"		\
	",\"nbf\":" nbf ",\"exp\":" exp ",\"jti\":\"j1\"}"
#define P_OK	PAY("\"fcauth\"", "\"5\"", "7", "\"access\"", \
		    "1700000000", "1700000900")
#define P_SUB(s) PAY("\"fcauth\"", s, "7", "\"access\"", \
		    "1700000000", "1700000900")
#define P_SID(s) PAY("\"fcauth\"", "\"5\"", s, "\"access\"", \
		    "1700000000", "1700000900")
#define P_EXP(e) PAY("\"fcauth\"", "\"5\"", "7", "\"access\"", \
		    "1700000000", e)
#define P_NBF(n) PAY("\"fcauth\"", "\"5\"", "7", "\"access\"", \
		    n, "1700000900")
#define P_ISS(i) PAY(i, "\"5\"", "7", "\"access\"", \
		    "1700000000", "1700000900")
#define P_TYP(t) PAY("\"fcauth\"", "\"5\"", "7", t, \
		    "1700000000", "1700000900")

/* How a forged token is signed. */
enum sig {
	SIG_EMPTY,	/* no signature at all */
	SIG_HS1,	/* HMAC-SHA256 with hs key k1 */
	SIG_HS2,	/* HMAC-SHA256 with hs key k2 */
	SIG_HS512,	/* HMAC-SHA512 with hs key k1 */
	SIG_ED1,	/* Ed25519 with ed key e1 */
	SIG_HSPK,	/* HMAC-SHA256 keyed with the public key of e1 */
	SIG_JUNK256,	/* 256 random bytes, the size of an RS256 one */
};

/* One forged token, the ring it meets and the verdict. */
struct vcase {
	const char	*name;
	enum jwt_alg	 ring;
	const char	*hdr;
	const char	*pay;
	enum sig	 sig;
	enum jwt_result	 want;
};

/* The negative matrix (check_jwt_cases.c) and its number of cases. */
extern const struct vcase	 vcases[];
extern const size_t		 nvcases;

/* The rings of the fixture: set up afresh for every test. */
extern struct jwt_keyring	 hs;	/* HS256: k1 (current), k2 */
extern struct jwt_keyring	 ed;	/* EdDSA: e1 (current), e2 */
extern unsigned char		 hskey[2][32];
extern unsigned char		 edseed[2][32];

void	 setup(void);
void	 teardown(void);

/* The fixture ring of "alg". */
const struct jwt_keyring *ringof(enum jwt_alg alg);

/* Append base64url of "len" bytes of "p" to the string "out". */
void	 b64cat(char *out, size_t outsz, const void *p, size_t len);

/* Build "b64(hdr).b64(pay).b64(sig)" by hand into "out". */
void	 forgen(char *out, size_t outsz, const char *hdr, size_t hlen,
	    const char *pay, size_t plen, enum sig how);
void	 forge(char *out, size_t outsz, const char *hdr, const char *pay,
	    enum sig how);

/* A complete set of claims as jwt_sign() is given them. */
void	 goodclaims(struct jwt_claims *c);

/* Sign good claims with "ring" into "out"; returns the length. */
int	 signgood(const struct jwt_keyring *ring, char *out, size_t outsz);

/* jwt_verify with the expected iss, typ, time and leeway. */
enum jwt_result verify(const struct jwt_keyring *ring, const char *tok,
	    struct jwt_claims *out);

/* Whether every byte of "c" is zero. */
int	 allzero(const struct jwt_claims *c);

/* The positions of the two dots of "tok". */
void	 dots(const char *tok, size_t *d1, size_t *d2);

/*
 * A new test case "name" of "s" with the fixture (setup, teardown):
 * owned by "s"; tests are added to it after.
 */
TCase	*jwt_tcase(Suite *s, const char *name);

/* The test cases of each part, added to "s" in the suite's order. */
void	 jwt_tcase_matrix(Suite *s);	/* check_jwt_verify.c */
void	 jwt_tcase_sign(Suite *s);	/* check_jwt_sign.c */
void	 jwt_tcase_keyring(Suite *s);	/* check_jwt_sign.c */
void	 jwt_tcase_cache(Suite *s);	/* check_jwt_verify.c */

#endif /* FCAUTH_JWT_FIXTURE_H */
