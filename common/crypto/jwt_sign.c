/*
 * jwt_sign: sign the access tokens of fcauth with the ring's current
 * key: the JOSE header, the claims set, and the signature over both.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "jwt_private.h"
#include "token.h"

/* Random bytes of a jti we make up (128 bits, RFC 7519 4.1.7). */
#define JWT_JTI_BYTES	16

/*
 * Compute the signature of "len" bytes of "msg" with "k" into "sig"
 * (>= JWT_SIG_MAX bytes).  HMAC goes through the init/update/final
 * interface because our keys may be longer than 32 bytes.  Returns the
 * signature length, or 0 on error.
 */
size_t
jwt_mac(enum jwt_alg alg, const struct jwt_key *k, const char *msg,
    size_t len, unsigned char *sig)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned long long		 siglen = 0;
	size_t				 rc = 0;

	if (alg == JWT_HS256) {
		if (crypto_auth_hmacsha256_init(&st, k->secret,
		    k->secretlen) == 0 &&
		    crypto_auth_hmacsha256_update(&st,
		    (const unsigned char *)msg, len) == 0 &&
		    crypto_auth_hmacsha256_final(&st, sig) == 0)
			rc = crypto_auth_hmacsha256_BYTES;
		sodium_memzero(&st, sizeof(st));
	} else if (alg == JWT_EDDSA) {
		if (crypto_sign_ed25519_detached(sig, &siglen,
		    (const unsigned char *)msg, len, k->sk) == 0)
			rc = (size_t)siglen;
	}
	return rc;
}

/* The JOSE header of a token signed with "k"; NULL on out of memory. */
static struct json_object *
jwt_header(enum jwt_alg alg, const struct jwt_key *k)
{
	struct json_object	*obj;

	if ((obj = json_object_new_object()) == NULL)
		return NULL;
	if (jwt_addstr(obj, "alg", jwt_algs[alg], 16) == -1 ||
	    jwt_addstr(obj, "typ", "JWT", 16) == -1 ||
	    jwt_addstr(obj, "kid", k->kid, sizeof(k->kid)) == -1) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/*
 * The claims set of "c"; sub goes out as a decimal string as our API
 * promises.  NULL on out of memory.
 */
static struct json_object *
jwt_payload(const struct jwt_claims *c)
{
	struct json_object	*obj;
	char			 sub[24];

	if ((obj = json_object_new_object()) == NULL)
		return NULL;
	snprintf(sub, sizeof(sub), "%" PRId64, c->sub);
	if (jwt_addstr(obj, "iss", c->iss, sizeof(c->iss)) == -1 ||
	    jwt_addstr(obj, "sub", sub, sizeof(sub)) == -1 ||
	    jwt_addint(obj, "sid", c->sid) == -1 ||
	    jwt_addstr(obj, "role", c->role, sizeof(c->role)) == -1 ||
	    (c->email[0] != '\0' &&
	    jwt_addstr(obj, "email", c->email, sizeof(c->email)) == -1) ||
	    jwt_addstr(obj, "typ", c->typ, sizeof(c->typ)) == -1 ||
	    jwt_addint(obj, "iat", c->iat) == -1 ||
	    jwt_addint(obj, "nbf", c->nbf) == -1 ||
	    jwt_addint(obj, "exp", c->exp) == -1 ||
	    jwt_addstr(obj, "jti", c->jti, sizeof(c->jti)) == -1) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* Fill an empty jti with 128 random bits in base64url; 0 or -1. */
static int
jwt_newjti(struct jwt_claims *c)
{
	unsigned char	 buf[JWT_JTI_BYTES];
	int		 rc;

	randombytes_buf(buf, sizeof(buf));
	rc = b64url_encode(buf, sizeof(buf), c->jti, sizeof(c->jti));
	return rc == -1 ? -1 : 0;
}

/* Sign "claims"; see jwt.h.  "out" is an empty string on failure. */
int
jwt_sign(const struct jwt_keyring *ring, struct jwt_claims *claims,
    char *out, size_t outsz)
{
	struct json_object	*hdr = NULL, *pay = NULL;
	const struct jwt_key	*k;
	unsigned char		 sig[JWT_SIG_MAX];
	size_t			 pos = 0, siglen, cap;
	int			 rc = -1;

	if (out == NULL || outsz == 0)
		return -1;
	out[0] = '\0';
	if (!jwt_ring_ok(ring) || claims == NULL || ring->nkeys == 0 ||
	    ring->current >= ring->nkeys)
		return -1;
	if (jwt_sodium() == -1)
		return -1;
	k = &ring->keys[ring->current];
	/* Never produce what jwt_verify() would refuse as too long. */
	cap = outsz < JWT_MAX + 1 ? outsz : JWT_MAX + 1;

	if (claims->jti[0] == '\0' && jwt_newjti(claims) == -1)
		goto out;
	if ((hdr = jwt_header(ring->alg, k)) == NULL ||
	    (pay = jwt_payload(claims)) == NULL)
		goto out;
	if (jwt_appendjson(out, cap, &pos, hdr, '.') == -1 ||
	    jwt_appendjson(out, cap, &pos, pay, '\0') == -1)
		goto out;
	if ((siglen = jwt_mac(ring->alg, k, out, pos, sig)) == 0)
		goto out;
	if (pos + 1 >= cap)
		goto out;
	out[pos++] = '.';
	if (jwt_append(out, cap, &pos, sig, siglen, '\0') == -1)
		goto out;
	rc = (int)pos;
out:
	if (rc == -1)
		out[0] = '\0';
	json_object_put(hdr);
	json_object_put(pay);
	return rc;
}
