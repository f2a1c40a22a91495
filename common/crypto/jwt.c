/*
 * jwt: sign and verify the access tokens of fcauth (RFC 7519) the way
 * RFC 8725 asks: one algorithm per keyring, taken from configuration
 * and never from the token; keys found only by a configured kid; the
 * signature checked in constant time before any claim is believed;
 * every claim type-checked before it is read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "jwt.h"
#include "token.h"

/* Our header and claims are flat; deeper JSON is not ours. */
#define JWT_JSON_DEPTH	4

/* Longest signature of any algorithm we support (Ed25519). */
#define JWT_SIG_MAX	crypto_sign_ed25519_BYTES

/* Random bytes of a jti we make up (128 bits, RFC 7519 4.1.7). */
#define JWT_JTI_BYTES	16

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

/* The "alg" header value of each enum jwt_alg, compared exactly. */
static const char *const jwt_algs[] = {
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

/*
 * Initialise libsodium (idempotent, thread-safe) so that signing uses
 * the best implementation and the CSPRNG is ready.  0 or -1.
 */
static int
jwt_sodium(void)
{

	return sodium_init() < 0 ? -1 : 0;
}

/* The index of "kid" in "ring", or -1.  NULL and "" are never found. */
static int
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

/*
 * Compute the signature of "len" bytes of "msg" with "k" into "sig"
 * (>= JWT_SIG_MAX bytes).  HMAC goes through the init/update/final
 * interface because our keys may be longer than 32 bytes.  Returns the
 * signature length, or 0 on error.
 */
static size_t
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

/*
 * Add the string "s" of at most "max" bytes (it need not be
 * NUL-terminated) under "key".  json-c keeps "val" only on success,
 * so it is released here otherwise.  0, or -1 on out of memory.
 */
static int
jwt_addstr(struct json_object *obj, const char *key, const char *s,
    size_t max)
{
	struct json_object	*val;

	val = json_object_new_string_len(s, (int)strnlen(s, max));
	if (val == NULL)
		return -1;
	if (json_object_object_add(obj, key, val) != 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

/* Add the integer "n" under "key"; 0, or -1 on out of memory. */
static int
jwt_addint(struct json_object *obj, const char *key, int64_t n)
{
	struct json_object	*val;

	if ((val = json_object_new_int64(n)) == NULL)
		return -1;
	if (json_object_object_add(obj, key, val) != 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
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

/*
 * Append "len" bytes of "bin" in base64url to "out" at "*pos", then
 * the character "sep" unless it is NUL.  "outsz" already counts the
 * JWT_MAX cap.  0, or -1 if it does not fit.
 */
static int
jwt_append(char *out, size_t outsz, size_t *pos,
    const unsigned char *bin, size_t len, char sep)
{
	int	 n;

	n = b64url_encode(bin, len, out + *pos, outsz - *pos);
	if (n == -1)
		return -1;
	*pos += (size_t)n;
	if (sep == '\0')
		return 0;
	if (*pos + 2 > outsz)
		return -1;
	out[(*pos)++] = sep;
	out[*pos] = '\0';
	return 0;
}

/* Append the compact serialisation of "obj" like jwt_append(). */
static int
jwt_appendjson(char *out, size_t outsz, size_t *pos,
    struct json_object *obj, char sep)
{
	const char	*s;
	size_t		 len = 0;

	s = json_object_to_json_string_length(obj,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (s == NULL)
		return -1;
	return jwt_append(out, outsz, pos, (const unsigned char *)s, len,
	    sep);
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
	if (ring == NULL || claims == NULL || ring->nkeys == 0 ||
	    ring->nkeys > JWT_KEYS_MAX || ring->current >= ring->nkeys ||
	    (ring->alg != JWT_HS256 && ring->alg != JWT_EDDSA))
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
 * Decode one base64url segment and parse it as exactly one JSON
 * object, nothing before or after.  The caller owns "*obj" and must
 * put it even on failure.
 */
static enum jwt_result
jwt_parse(const char *seg, size_t len, struct json_object **obj)
{
	struct json_tokener	*tok = NULL;
	unsigned char		 buf[JWT_MAX];
	enum jwt_result		 r = JWT_MALFORMED;
	int			 n;

	*obj = NULL;
	if ((n = b64url_decode(seg, len, buf, sizeof(buf))) <= 0)
		goto out;
	if ((tok = json_tokener_new_ex(JWT_JSON_DEPTH)) == NULL)
		goto out;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	*obj = json_tokener_parse_ex(tok, (const char *)buf, n);
	if (*obj == NULL ||
	    json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != (size_t)n ||
	    !json_object_is_type(*obj, json_type_object))
		goto out;
	r = JWT_OK;
out:
	if (tok != NULL)
		json_tokener_free(tok);
	return r;
}

/*
 * The string member "key" of "obj" if it is a string without NUL bytes
 * of at most "max" bytes; else NULL.  "*len" gets its length.
 * Borrowed from "obj".
 */
static const char *
jwt_getstr(struct json_object *obj, const char *key, size_t max,
    size_t *len)
{
	struct json_object	*v;
	const char		*s;
	int			 n;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	n = json_object_get_string_len(v);
	if (s == NULL || n < 0 || (size_t)n > max ||
	    memchr(s, '\0', (size_t)n) != NULL)
		return NULL;
	*len = (size_t)n;
	return s;
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
 * Read the integer claim "key" into "*n".  Returns 1 if read, 0 if
 * absent, -1 if present with another JSON type (1.0 and "1" included).
 */
static int
jwt_getint(struct json_object *obj, const char *key, int64_t *n)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	*n = json_object_get_int64(v);
	return 1;
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
 * Copy the optional string claim "key" into "dst" ("dstsz" bytes with
 * the NUL).  Returns 1 if copied, 0 if absent, -1 if of another type,
 * too long or holding a NUL.
 */
static int
jwt_copystr(struct json_object *obj, const char *key, char *dst,
    size_t dstsz)
{
	const char	*s;
	size_t		 len = 0;

	if (!json_object_object_get_ex(obj, key, NULL))
		return 0;
	if ((s = jwt_getstr(obj, key, dstsz - 1, &len)) == NULL)
		return -1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 1;
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
	if (ring == NULL || ring->nkeys > JWT_KEYS_MAX ||
	    (ring->alg != JWT_HS256 && ring->alg != JWT_EDDSA))
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
