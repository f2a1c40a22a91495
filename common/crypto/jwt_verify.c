/*
 * jwt_verify: verify the access tokens of fcauth the way RFC 8725
 * asks: the algorithm and the key from the ring only, the signature
 * checked in constant time before any claim is believed, every claim
 * type-checked before it is read.
 */
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "jwt_private.h"
#include "token.h"

/* Offsets of the three segments of a token, found by jwt_split(). */
struct jwt_parts {
	size_t		 hlen;		/* header: [0, hlen) */
	size_t		 plen;		/* payload: [hlen + 1, +plen) */
	size_t		 slen;		/* signature: after second dot */
};

/* What jwt_claims() saw besides the values themselves. */
struct jwt_seen {
	struct jwt_claims c;
	int		 iss;		/* iss claim present */
	int		 typ;		/* typ claim present */
};

/*
 * Check the shape of "tok": at most JWT_MAX characters, all base64url
 * except exactly two dots, non-empty header and payload.  An empty
 * signature passes here and fails as a bad signature later.
 */
static enum jwt_result
jwt_split(const char *tok, struct jwt_parts *p)
{
	size_t	 i, len, dots = 0, dot[2] = { 0, 0 };

	if (tok == NULL || (len = strnlen(tok, JWT_MAX + 1)) > JWT_MAX)
		return JWT_MALFORMED;
	for (i = 0; i < len; i++) {
		char	 c = tok[i];

		if (c == '.') {
			if (dots == 2)
				return JWT_MALFORMED;
			dot[dots++] = i;
		} else if (!((c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_'))
			return JWT_MALFORMED;
	}
	if (dots != 2 || dot[0] == 0 || dot[1] == dot[0] + 1)
		return JWT_MALFORMED;
	p->hlen = dot[0];
	p->plen = dot[1] - dot[0] - 1;
	p->slen = len - dot[1] - 1;
	return JWT_OK;
}

/*
 * Check the header against "ring": no "crit" (we understand no
 * extension), "alg" exactly the ring's, "kid" one of the ring's.
 * Sets "*k" to that key.
 */
static enum jwt_result
jwt_header_check(const struct jwt_keyring *ring, struct json_object *hdr,
    const struct jwt_key **k)
{
	const char	*alg, *kid;
	size_t		 len = 0;
	int		 i;

	if (json_object_object_get_ex(hdr, "crit", NULL))
		return JWT_MALFORMED;
	alg = jwt_getstr(hdr, "alg", 16, &len);
	if (alg == NULL || strlen(jwt_algs[ring->alg]) != len ||
	    memcmp(alg, jwt_algs[ring->alg], len) != 0)
		return JWT_BAD_ALG;
	kid = jwt_getstr(hdr, "kid", JWT_KID_MAX, &len);
	if (kid == NULL || (i = jwt_findkid(ring, kid)) == -1)
		return JWT_BAD_KID;
	*k = &ring->keys[i];
	return JWT_OK;
}

/*
 * Verify the signature segment of "tok" over "header.payload" with
 * "k".  The MAC is compared in constant time; a signature of the wrong
 * length or bad base64url never reaches the comparison.
 */
static enum jwt_result
jwt_sig_check(enum jwt_alg alg, const struct jwt_key *k, const char *tok,
    const struct jwt_parts *p)
{
	unsigned char	 got[JWT_SIG_MAX], want[JWT_SIG_MAX];
	const char	*msg = tok;
	size_t		 msglen = p->hlen + 1 + p->plen;
	enum jwt_result	 r = JWT_BAD_SIGNATURE;
	int		 n;

	n = b64url_decode(tok + msglen + 1, p->slen, got, sizeof(got));
	if (alg == JWT_HS256 && n == crypto_auth_hmacsha256_BYTES) {
		if (jwt_mac(alg, k, msg, msglen, want) == (size_t)n &&
		    sodium_memcmp(got, want, (size_t)n) == 0)
			r = JWT_OK;
	} else if (alg == JWT_EDDSA && n == crypto_sign_ed25519_BYTES) {
		if (crypto_sign_ed25519_verify_detached(got,
		    (const unsigned char *)msg, msglen, k->pk) == 0)
			r = JWT_OK;
	}
	sodium_memzero(want, sizeof(want));
	return r;
}

/*
 * Parse "s" ("len" bytes) as a positive decimal integer without sign,
 * blanks or leading zeros into "*n".  0, or -1.
 */
static int
jwt_getid(const char *s, size_t len, int64_t *n)
{
	int64_t	 v = 0;
	size_t	 i;

	if (len == 0 || len > 19 || s[0] == '0')
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (INT64_MAX - (s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*n = v;
	return 0;
}

/*
 * Read and type-check the claims of a payload whose signature has
 * been verified.  exp, sub (decimal string) and sid (integer) are
 * required, sub and sid positive; the rest is optional but typed.
 */
static enum jwt_result
jwt_claims_read(struct json_object *pay, struct jwt_seen *s)
{
	struct jwt_claims	*c = &s->c;
	const char		*sub;
	size_t			 len = 0;

	if (jwt_getint(pay, "exp", &c->exp) != 1 ||
	    jwt_getint(pay, "sid", &c->sid) != 1 || c->sid <= 0 ||
	    jwt_getint(pay, "nbf", &c->nbf) == -1 ||
	    jwt_getint(pay, "iat", &c->iat) == -1)
		return JWT_BAD_CLAIMS;
	if ((sub = jwt_getstr(pay, "sub", 19, &len)) == NULL ||
	    jwt_getid(sub, len, &c->sub) == -1)
		return JWT_BAD_CLAIMS;
	if (jwt_copystr(pay, "role", c->role, sizeof(c->role)) == -1 ||
	    jwt_copystr(pay, "email", c->email, sizeof(c->email)) == -1 ||
	    jwt_copystr(pay, "jti", c->jti, sizeof(c->jti)) == -1 ||
	    (s->iss = jwt_copystr(pay, "iss", c->iss,
	    sizeof(c->iss))) == -1 ||
	    (s->typ = jwt_copystr(pay, "typ", c->typ,
	    sizeof(c->typ))) == -1)
		return JWT_BAD_CLAIMS;
	return JWT_OK;
}

/*
 * The time window; see jwt.h.  The tests are done in unsigned
 * arithmetic on known-ordered values so that no claim value can
 * overflow them.
 */
enum jwt_result
jwt_check_time(const struct jwt_claims *c, int64_t now, unsigned leeway)
{
	/* exp + leeway <= now */
	if (c->exp <= now && (uint64_t)now - (uint64_t)c->exp >= leeway)
		return JWT_EXPIRED;
	/* nbf - leeway > now */
	if (c->nbf > now && (uint64_t)c->nbf - (uint64_t)now > leeway)
		return JWT_NOT_YET_VALID;
	return JWT_OK;
}

/* The time window, then the expected iss and typ. */
static enum jwt_result
jwt_claims_check(const struct jwt_seen *s, const char *iss,
    const char *typ, int64_t now, unsigned leeway)
{
	const struct jwt_claims	*c = &s->c;
	enum jwt_result		 r;

	if ((r = jwt_check_time(c, now, leeway)) != JWT_OK)
		return r;
	if (iss == NULL || s->iss != 1 || strcmp(c->iss, iss) != 0)
		return JWT_BAD_ISSUER;
	if (typ == NULL || s->typ != 1 || strcmp(c->typ, typ) != 0)
		return JWT_BAD_TYPE;
	return JWT_OK;
}

/*
 * Verify "token"; see jwt.h.  The order matters: shape, header (alg
 * and kid from the ring only), signature, and only then the payload.
 * A NULL "iss" or "typ" matches nothing.  "out" may be NULL; it is
 * filled only on JWT_OK.
 */
enum jwt_result
jwt_verify(const struct jwt_keyring *ring, const char *token,
    const char *iss, const char *typ, int64_t now, unsigned leeway,
    struct jwt_claims *out)
{
	struct json_object	*hdr = NULL, *pay = NULL;
	const struct jwt_key	*k = NULL;
	struct jwt_parts	 p;
	struct jwt_seen		 s;
	enum jwt_result		 r;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	if (!jwt_ring_ok(ring))
		return JWT_BAD_KID;
	if (jwt_sodium() == -1)
		return JWT_BAD_SIGNATURE;

	if ((r = jwt_split(token, &p)) != JWT_OK)
		goto out;
	if ((r = jwt_parse(token, p.hlen, &hdr)) != JWT_OK)
		goto out;
	if ((r = jwt_header_check(ring, hdr, &k)) != JWT_OK)
		goto out;
	if ((r = jwt_sig_check(ring->alg, k, token, &p)) != JWT_OK)
		goto out;
	if ((r = jwt_parse(token + p.hlen + 1, p.plen, &pay)) != JWT_OK)
		goto out;
	if ((r = jwt_claims_read(pay, &s)) != JWT_OK)
		goto out;
	if ((r = jwt_claims_check(&s, iss, typ, now, leeway)) != JWT_OK)
		goto out;
	if (out != NULL)
		*out = s.c;
out:
	json_object_put(hdr);
	json_object_put(pay);
	return r;
}
