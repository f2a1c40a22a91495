/*
 * jwt: the key ring of fcauth's access tokens (RFC 7519, RFC 8725): one
 * algorithm per ring, taken from configuration and never from a token;
 * keys found only by a configured kid.  Also the ring's public keys as
 * a JWKS document, and the texts of the results.  Signing is in
 * jwt_sign.c, verifying in jwt_verify.c.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "jwt_private.h"
#include "token.h"

/* The "alg" header value of each enum jwt_alg, compared exactly. */
const char *const jwt_algs[] = {
	"HS256",	/* JWT_HS256 */
	"EdDSA",	/* JWT_EDDSA */
};

static const char *const jwt_errs[JWT__MAX] = {
	"ok",				/* JWT_OK */
	"malformed token",		/* JWT_MALFORMED */
	"algorithm not allowed",	/* JWT_BAD_ALG */
	"missing or unknown kid",	/* JWT_BAD_KID */
	"bad signature",		/* JWT_BAD_SIGNATURE */
	"token expired",		/* JWT_EXPIRED */
	"token not yet valid",		/* JWT_NOT_YET_VALID */
	"wrong issuer",			/* JWT_BAD_ISSUER */
	"wrong token type",		/* JWT_BAD_TYPE */
	"missing or mistyped claims",	/* JWT_BAD_CLAIMS */
};

/* The index of "kid" in "ring", or -1.  NULL and "" are never found. */
int
jwt_findkid(const struct jwt_keyring *ring, const char *kid)
{
	size_t	 i;

	if (kid == NULL || kid[0] == '\0')
		return -1;
	for (i = 0; i < ring->nkeys && i < JWT_KEYS_MAX; i++)
		if (strcmp(ring->keys[i].kid, kid) == 0)
			return (int)i;
	return -1;
}

/*
 * Whether "len" bytes of key material suit "alg": HS256 takes 32 to
 * 64 (RFC 7518 3.2 wants at least the hash size), EdDSA a 32-byte
 * seed.  An unknown alg suits nothing.
 */
static int
jwt_keylen_ok(enum jwt_alg alg, size_t len)
{

	if (alg == JWT_HS256)
		return len >= crypto_auth_hmacsha256_BYTES &&
		    len <= sizeof(((struct jwt_key *)0)->secret);
	if (alg == JWT_EDDSA)
		return len == crypto_sign_ed25519_SEEDBYTES;
	return 0;
}

/*
 * Add a key; see jwt.h.  Besides the documented failures this refuses
 * an empty or duplicate kid (lookups would be ambiguous), an HS256
 * secret longer than 64 bytes, an EdDSA seed that is not 32 bytes and
 * a ring with an unknown alg.  Returns 0 or -1; the ring is unchanged
 * on failure.
 */
int
jwt_keyring_add(struct jwt_keyring *ring, const char *kid,
    const unsigned char *secret, size_t len)
{
	struct jwt_key	*k;
	size_t		 kidlen;

	if (ring == NULL || kid == NULL || secret == NULL ||
	    ring->nkeys >= JWT_KEYS_MAX)
		return -1;
	kidlen = strnlen(kid, JWT_KID_MAX + 1);
	if (kidlen == 0 || kidlen > JWT_KID_MAX ||
	    jwt_findkid(ring, kid) != -1)
		return -1;
	if (!jwt_keylen_ok(ring->alg, len) || jwt_sodium() == -1)
		return -1;

	k = &ring->keys[ring->nkeys];
	sodium_memzero(k, sizeof(*k));
	memcpy(k->kid, kid, kidlen);
	memcpy(k->secret, secret, len);
	k->secretlen = len;
	if (ring->alg == JWT_EDDSA &&
	    crypto_sign_ed25519_seed_keypair(k->pk, k->sk, k->secret) != 0) {
		sodium_memzero(k, sizeof(*k));
		return -1;
	}
	ring->nkeys++;
	return 0;
}

/* Select the signing key by kid: 0, or -1 if unknown. */
int
jwt_keyring_use(struct jwt_keyring *ring, const char *kid)
{
	int	 i;

	if (ring == NULL || (i = jwt_findkid(ring, kid)) == -1)
		return -1;
	ring->current = (size_t)i;
	return 0;
}

/*
 * Wipe every key, used or not, and empty the ring.  The algorithm is
 * kept so that the ring can be refilled.  NULL does nothing.
 */
void
jwt_keyring_wipe(struct jwt_keyring *ring)
{

	if (ring == NULL)
		return;
	sodium_memzero(ring->keys, sizeof(ring->keys));
	ring->nkeys = 0;
	ring->current = 0;
}

/* A short English text for "r"; never NULL. */
const char *
jwt_strerror(enum jwt_result r)
{

	if ((unsigned)r >= JWT__MAX)
		return "unknown error";
	return jwt_errs[r];
}

/*
 * One RFC 8037 OKP entry for the Ed25519 key "k"; NULL on out of
 * memory.
 */
static struct json_object *
jwt_jwk(const struct jwt_key *k)
{
	struct json_object	*obj;
	char			 x[64];

	if (b64url_encode(k->pk, sizeof(k->pk), x, sizeof(x)) == -1)
		return NULL;
	if ((obj = json_object_new_object()) == NULL)
		return NULL;
	if (jwt_addstr(obj, "kty", "OKP", 8) == -1 ||
	    jwt_addstr(obj, "crv", "Ed25519", 8) == -1 ||
	    jwt_addstr(obj, "x", x, sizeof(x)) == -1 ||
	    jwt_addstr(obj, "kid", k->kid, sizeof(k->kid)) == -1 ||
	    jwt_addstr(obj, "alg", "EdDSA", 8) == -1 ||
	    jwt_addstr(obj, "use", "sig", 8) == -1) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/*
 * The "keys" array: every public key of an EdDSA ring, nothing for
 * HS256 (its keys are secret).  NULL on out of memory.
 */
static struct json_object *
jwt_jwkarray(const struct jwt_keyring *ring)
{
	struct json_object	*arr, *jwk;
	size_t			 i;

	if ((arr = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; ring->alg == JWT_EDDSA && i < ring->nkeys &&
	    i < JWT_KEYS_MAX; i++) {
		if ((jwk = jwt_jwk(&ring->keys[i])) == NULL)
			goto fail;
		if (json_object_array_add(arr, jwk) != 0) {
			json_object_put(jwk);
			goto fail;
		}
	}
	return arr;
fail:
	json_object_put(arr);
	return NULL;
}

/* The JWKS document; see jwt.h.  The caller frees the result. */
char *
jwt_jwks(const struct jwt_keyring *ring)
{
	struct json_object	*doc = NULL, *arr = NULL;
	const char		*s;
	char			*rc = NULL;

	if (ring == NULL)
		return NULL;
	if ((doc = json_object_new_object()) == NULL ||
	    (arr = jwt_jwkarray(ring)) == NULL)
		goto out;
	if (json_object_object_add(doc, "keys", arr) != 0)
		goto out;
	arr = NULL;
	s = json_object_to_json_string_ext(doc,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s != NULL)
		rc = strdup(s);
out:
	json_object_put(arr);
	json_object_put(doc);
	return rc;
}
