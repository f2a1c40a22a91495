/*
 * jwt_private: what the pieces of the jwt module share and nobody else
 * sees.  jwt.c holds the key ring, the JWKS document and the error
 * texts; jwt_json.c the base64url segments and the JSON members of
 * headers and claims; jwt_sign.c signing; jwt_verify.c verifying.
 */
#ifndef FCAUTH_JWT_PRIVATE_H
#define FCAUTH_JWT_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>
#include <sodium.h>

#include "jwt.h"

/* Our header and claims are flat; deeper JSON is not ours. */
#define JWT_JSON_DEPTH	4

/* Longest signature of any algorithm we support (Ed25519). */
#define JWT_SIG_MAX	crypto_sign_ed25519_BYTES

/* The "alg" header value of each enum jwt_alg, compared exactly (jwt.c). */
extern const char *const jwt_algs[];

/*
 * Initialise libsodium (idempotent, thread-safe) so that signing uses
 * the best implementation and the CSPRNG is ready.  0 or -1.
 */
static inline int
jwt_sodium(void)
{

	return sodium_init() < 0 ? -1 : 0;
}

/*
 * Whether "ring" can be used at all: not NULL, at most JWT_KEYS_MAX
 * keys, an algorithm we know.  1 or 0.
 */
static inline int
jwt_ring_ok(const struct jwt_keyring *ring)
{

	return ring != NULL && ring->nkeys <= JWT_KEYS_MAX &&
	    (ring->alg == JWT_HS256 || ring->alg == JWT_EDDSA);
}

/* The index of "kid" in "ring", or -1 (jwt.c).  NULL and "" are never
 * found. */
int		 jwt_findkid(const struct jwt_keyring *ring, const char *kid);

/*
 * The signature of "len" bytes of "msg" with "k" into "sig" (>=
 * JWT_SIG_MAX bytes): its length, or 0 on error (jwt_sign.c).
 */
size_t		 jwt_mac(enum jwt_alg alg, const struct jwt_key *k,
		    const char *msg, size_t len, unsigned char *sig);

/* Writing JSON (jwt_json.c): 0, or -1 on out of memory. */
int		 jwt_addstr(struct json_object *obj, const char *key,
		    const char *s, size_t max);
int		 jwt_addint(struct json_object *obj, const char *key,
		    int64_t n);

/* Appending base64url segments to a token being built (jwt_json.c). */
int		 jwt_append(char *out, size_t outsz, size_t *pos,
		    const unsigned char *bin, size_t len, char sep);
int		 jwt_appendjson(char *out, size_t outsz, size_t *pos,
		    struct json_object *obj, char sep);

/* Reading a segment and its members (jwt_json.c). */
enum jwt_result	 jwt_parse(const char *seg, size_t len,
		    struct json_object **obj);
const char	*jwt_getstr(struct json_object *obj, const char *key,
		    size_t max, size_t *len);
int		 jwt_getint(struct json_object *obj, const char *key,
		    int64_t *n);
int		 jwt_copystr(struct json_object *obj, const char *key,
		    char *dst, size_t dstsz);

#endif /* FCAUTH_JWT_PRIVATE_H */
