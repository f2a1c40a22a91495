/*
 * jwt: JSON Web Tokens as fcauth issues them (RFC 7519, RFC 8725).
 * One algorithm per keyring: HS256 (HMAC-SHA256) or EdDSA (Ed25519).
 * Verification accepts only that algorithm and only the keyring's kids;
 * "none" and every other alg are refused.  MACs are compared in
 * constant time.
 */
#ifndef FCAUTH_JWT_H
#define FCAUTH_JWT_H

#include <stddef.h>
#include <stdint.h>

#define JWT_KEYS_MAX	8
#define JWT_KID_MAX	32
#define JWT_MAX		2048	/* longest token we sign or accept */

enum jwt_alg {
	JWT_HS256,
	JWT_EDDSA,
};

struct jwt_key {
	char		 kid[JWT_KID_MAX + 1];
	unsigned char	 secret[64];	/* HS256: MAC key; EdDSA: seed(32) */
	size_t		 secretlen;	/* HS256: >= 32 */
	unsigned char	 pk[32];	/* EdDSA public key, derived */
	unsigned char	 sk[64];	/* EdDSA secret key, derived */
};

struct jwt_keyring {
	enum jwt_alg	 alg;
	struct jwt_key	 keys[JWT_KEYS_MAX];
	size_t		 nkeys;
	size_t		 current;	/* index of the signing key */
};

struct jwt_claims {
	char		 iss[128];
	int64_t		 sub;		/* user id; a string in the token */
	int64_t		 sid;		/* session id */
	char		 role[32];
	char		 email[256];	/* optional: "" is not sent; the
					   authorizer answers with it */
	char		 typ[16];	/* "access" */
	int64_t		 iat;
	int64_t		 nbf;
	int64_t		 exp;
	char		 jti[48];	/* random, base64url */
};

enum jwt_result {
	JWT_OK,
	JWT_MALFORMED,		/* not three base64url parts of JSON */
	JWT_BAD_ALG,		/* alg other than the keyring's */
	JWT_BAD_KID,		/* missing or unknown kid */
	JWT_BAD_SIGNATURE,
	JWT_EXPIRED,		/* exp + leeway <= now */
	JWT_NOT_YET_VALID,	/* nbf - leeway > now */
	JWT_BAD_ISSUER,
	JWT_BAD_TYPE,		/* typ claim not the one asked for */
	JWT_BAD_CLAIMS,		/* missing sub/sid/exp, wrong JSON types */
	JWT__MAX
};

/*
 * Add a key to "ring".  For EdDSA the 32-byte seed is expanded into
 * pk/sk.  Returns 0, or -1 if the ring is full, the kid too long, or an
 * HS256 secret shorter than 32 bytes.
 */
int		 jwt_keyring_add(struct jwt_keyring *ring, const char *kid,
		    const unsigned char *secret, size_t len);

/* Select the signing key by kid; 0 or -1 if unknown. */
int		 jwt_keyring_use(struct jwt_keyring *ring, const char *kid);

/* Wipe all key material. */
void		 jwt_keyring_wipe(struct jwt_keyring *ring);

/*
 * Sign "claims" with the ring's current key into "out" (NUL-terminated).
 * An empty claims->jti is filled with 128 random bits first.
 * Returns the token length, or -1 on error (buffer too small, no key).
 */
int		 jwt_sign(const struct jwt_keyring *ring,
		    struct jwt_claims *claims, char *out, size_t outsz);

/*
 * Verify "token" and fill "out".  "iss" must match the iss claim; "typ"
 * (e.g. "access") must match the typ claim.  exp and nbf are checked
 * against "now" with "leeway" seconds.  "out" is cleared on entry.
 */
enum jwt_result	 jwt_verify(const struct jwt_keyring *ring, const char *token,
		    const char *iss, const char *typ, int64_t now,
		    unsigned leeway, struct jwt_claims *out);

/*
 * The time claims of verified "c" against "now" with "leeway" seconds:
 * JWT_OK, JWT_EXPIRED or JWT_NOT_YET_VALID (what jwt_verify checks
 * first after the signature and the claims' types).
 */
enum jwt_result	 jwt_check_time(const struct jwt_claims *c, int64_t now,
		    unsigned leeway);

/* A short English text for a result, for logs. */
const char	*jwt_strerror(enum jwt_result r);

/*
 * The public keys as a JWKS document (RFC 7517, RFC 8037 OKP) into a
 * newly allocated string the caller frees; {"keys":[]} for HS256.
 * NULL on out of memory.
 */
char		*jwt_jwks(const struct jwt_keyring *ring);

#endif /* FCAUTH_JWT_H */
