/*
 * libFuzzer target: jwt_verify() and jwt_sign() (common/crypto/jwt*.c).
 *
 * Four key rings: HS256 and EdDSA with fixed test keys (the seed corpus
 * holds real tokens signed with them, so that mutations start from
 * tokens that get past the signature), and HS256 and EdDSA with keys
 * drawn at random once per process under the same kids, which the
 * fuzzer cannot know.
 *
 * Invariants for the input taken as a token:
 *  - no ring with a random key ever answers JWT_OK;
 *  - a fixed ring answers JWT_OK only when the signature segment is
 *    exactly the base64url of the signature we compute ourselves over
 *    header.payload with that ring's key (so no second spelling of a
 *    signature is accepted), and the claims it returns are sane;
 *  - whatever the answer, it is one of enum jwt_result, and "out" is
 *    left cleared unless JWT_OK.
 * The input's header and payload are also signed with the fixed key,
 * so that any header and claims reach the checks after the signature;
 * what passes them must be sane.
 * And for claims made from the input: what jwt_sign() produces, every
 * ring verifies with the answer the claims call for (JWT_OK, or
 * JWT_BAD_CLAIMS / JWT_EXPIRED / JWT_NOT_YET_VALID computed here in
 * 128-bit arithmetic), returning the same claims; a ring of the other
 * key never accepts it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "jwt.h"
#include "token.h"

#define NOW	INT64_C(1800000000)	/* what the seed tokens were made for */
#define LEEWAY	30
#define ISSUER	"fcauth"
#define TYP	"access"

/* The fixed test keys; the seed corpus was signed with these. */
static const char hs_k0[] = "fcauth-fuzz-previous-key-0000000";
static const char hs_k1[] = "fcauth-fuzz-test-key-not-secret!";
static const char ed_e1[] = "fcauth-fuzz-ed25519-seed-0000000";

enum ring_id {
	RING_HS_FIXED,
	RING_ED_FIXED,
	RING_HS_RANDOM,
	RING_ED_RANDOM,
	RING__MAX
};

static struct jwt_keyring rings[RING__MAX];

/* Read bytes off the input. */
struct take {
	const uint8_t	*p;
	size_t		 n;
};

static uint64_t
take_u64(struct take *t)
{
	uint64_t	 v = 0;
	size_t		 i;

	for (i = 0; i < 8 && t->n > 0; i++, t->p++, t->n--)
		v = v << 8 | *t->p;
	return v;
}

/* A string of up to "sz" - 1 bytes, length first; stops at a NUL. */
static void
take_str(struct take *t, char *dst, size_t sz)
{
	size_t	 len = 0;

	memset(dst, 0, sz);
	if (t->n > 0) {
		len = *t->p++ % sz;
		t->n--;
	}
	if (len > t->n)
		len = t->n;
	if (len > sz - 1)
		len = sz - 1;
	memcpy(dst, t->p, len);
	dst[strnlen(dst, sz)] = '\0';
	t->p += len;
	t->n -= len;
}

/* Build the rings once. */
static void
setup(void)
{
	unsigned char	 key[32];

	if (sodium_init() < 0)
		abort();
	rings[RING_HS_FIXED].alg = JWT_HS256;
	rings[RING_HS_RANDOM].alg = JWT_HS256;
	rings[RING_ED_FIXED].alg = JWT_EDDSA;
	rings[RING_ED_RANDOM].alg = JWT_EDDSA;
	if (jwt_keyring_add(&rings[RING_HS_FIXED], "k0",
	    (const unsigned char *)hs_k0, 32) == -1 ||
	    jwt_keyring_add(&rings[RING_HS_FIXED], "k1",
	    (const unsigned char *)hs_k1, 32) == -1 ||
	    jwt_keyring_use(&rings[RING_HS_FIXED], "k1") == -1 ||
	    jwt_keyring_add(&rings[RING_ED_FIXED], "e1",
	    (const unsigned char *)ed_e1, 32) == -1)
		abort();
	randombytes_buf(key, sizeof(key));
	if (jwt_keyring_add(&rings[RING_HS_RANDOM], "k0", key, 32) == -1)
		abort();
	randombytes_buf(key, sizeof(key));
	if (jwt_keyring_add(&rings[RING_HS_RANDOM], "k1", key, 32) == -1 ||
	    jwt_keyring_use(&rings[RING_HS_RANDOM], "k1") == -1)
		abort();
	randombytes_buf(key, sizeof(key));
	if (jwt_keyring_add(&rings[RING_ED_RANDOM], "e1", key, 32) == -1)
		abort();
	sodium_memzero(key, sizeof(key));
}

/* Whether "c" is all zero bytes. */
static int
cleared(const struct jwt_claims *c)
{
	static const struct jwt_claims	 zero;

	return memcmp(c, &zero, sizeof(zero)) == 0;
}

/*
 * Abort unless "c", claims jwt_verify() accepted at NOW, are sane: a
 * user and a session, our issuer and type, terminated strings, and
 * times that hold within the leeway.
 */
static void
sane_claims(const struct jwt_claims *c)
{

	FUZZ_ASSERT(c->sub > 0 && c->sid > 0);
	FUZZ_ASSERT(strcmp(c->iss, ISSUER) == 0);
	FUZZ_ASSERT(strcmp(c->typ, TYP) == 0);
	FUZZ_ASSERT(memchr(c->role, '\0', sizeof(c->role)) != NULL);
	FUZZ_ASSERT(memchr(c->jti, '\0', sizeof(c->jti)) != NULL);
	FUZZ_ASSERT((__int128)c->exp + LEEWAY > NOW);
	FUZZ_ASSERT((__int128)c->nbf - LEEWAY <= NOW);
}

/* The HMAC-SHA256 of the "len" bytes at "msg" under "key" into "mac". */
static void
hs_mac(const unsigned char *key, size_t keylen, const void *msg, size_t len,
    unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state	 st;

	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof(st));
}

/*
 * Whether "sig" (the signature segment, "siglen" characters) is the
 * one we make ourselves over the "msglen" bytes at "msg" with one of
 * the keys of fixed ring "r".
 */
static int
sig_is_ours(enum ring_id r, const char *msg, size_t msglen,
    const char *sig, size_t siglen)
{
	const struct jwt_keyring	*ring = &rings[r];
	unsigned char			 bin[64];
	char				 enc[128];
	size_t				 i, n;
	int				 len;

	for (i = 0; i < ring->nkeys; i++) {
		if (ring->alg == JWT_HS256) {
			hs_mac(ring->keys[i].secret, ring->keys[i].secretlen,
			    msg, msglen, bin);
			n = crypto_auth_hmacsha256_BYTES;
		} else {
			crypto_sign_ed25519_detached(bin, NULL,
			    (const unsigned char *)msg, msglen,
			    ring->keys[i].sk);
			n = crypto_sign_ed25519_BYTES;
		}
		len = b64url_encode(bin, n, enc, sizeof(enc));
		if (len > 0 && (size_t)len == siglen &&
		    memcmp(enc, sig, siglen) == 0)
			return 1;
	}
	return 0;
}

/* The input as a token, against every ring. */
static void
verify_input(const uint8_t *data, size_t size)
{
	struct jwt_claims	 c;
	enum jwt_result		 r;
	const char		*d1, *d2;
	char			*tok;
	int			 i;

	if ((tok = malloc(size + 1)) == NULL)
		abort();
	memcpy(tok, data, size);
	tok[size] = '\0';
	/* A C string: what follows a NUL is not part of the token. */
	size = strlen(tok);
	for (i = 0; i < RING__MAX; i++) {
		memset(&c, 0xa5, sizeof(c));
		r = jwt_verify(&rings[i], tok, ISSUER, TYP, NOW, LEEWAY, &c);
		FUZZ_ASSERT(r >= JWT_OK && r < JWT__MAX);
		FUZZ_ASSERT(jwt_strerror(r) != NULL);
		if (r != JWT_OK) {
			FUZZ_ASSERT(cleared(&c));
			continue;
		}
		FUZZ_ASSERT(i == RING_HS_FIXED || i == RING_ED_FIXED);
		FUZZ_ASSERT(size <= JWT_MAX);
		d1 = strchr(tok, '.');
		FUZZ_ASSERT(d1 != NULL);
		d2 = strchr(d1 + 1, '.');
		FUZZ_ASSERT(d2 != NULL && strchr(d2 + 1, '.') == NULL);
		FUZZ_ASSERT(sig_is_ours((enum ring_id)i, tok,
		    (size_t)(d2 - tok), d2 + 1, strlen(d2 + 1)));
		sane_claims(&c);
	}
	free(tok);
}

/*
 * The input's "header.payload" (what comes before a second dot) signed
 * with the fixed HS256 key k1, so that arbitrary headers and claims get
 * past the signature to the header, payload and claim checks.  Whatever
 * passes them must be sane.
 */
static void
resigned(const uint8_t *data, size_t size)
{
	struct jwt_claims		 c;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	enum jwt_result			 r;
	const uint8_t			*d1, *d2;
	char				 tok[JWT_MAX + 1];
	size_t				 len;
	int				 n;

	if ((d1 = memchr(data, '.', size)) == NULL)
		return;
	d2 = memchr(d1 + 1, '.', size - (size_t)(d1 + 1 - data));
	len = d2 != NULL ? (size_t)(d2 - data) : size;
	if (len + 1 + 44 > sizeof(tok) || memchr(data, '\0', len) != NULL)
		return;
	memcpy(tok, data, len);
	hs_mac((const unsigned char *)hs_k1, 32, data, len, mac);
	tok[len] = '.';
	n = b64url_encode(mac, sizeof(mac), tok + len + 1,
	    sizeof(tok) - len - 1);
	FUZZ_ASSERT(n == 43);
	r = jwt_verify(&rings[RING_HS_FIXED], tok, ISSUER, TYP, NOW, LEEWAY,
	    &c);
	FUZZ_ASSERT(r >= JWT_OK && r < JWT__MAX);
	FUZZ_ASSERT(jwt_verify(&rings[RING_HS_RANDOM], tok, ISSUER, TYP,
	    NOW, LEEWAY, NULL) != JWT_OK);
	if (r != JWT_OK) {
		FUZZ_ASSERT(cleared(&c));
		return;
	}
	sane_claims(&c);
}

/* What jwt_verify() must answer for claims "c" checked at "now". */
static enum jwt_result
expected(const struct jwt_claims *c, int64_t now, unsigned leeway)
{

	if (c->sub <= 0 || c->sid <= 0)
		return JWT_BAD_CLAIMS;
	if ((__int128)c->exp + leeway <= now)
		return JWT_EXPIRED;
	if ((__int128)c->nbf - leeway > now)
		return JWT_NOT_YET_VALID;
	return JWT_OK;
}

/* Claims from the input, signed by every ring and verified back. */
static void
round_trip(const uint8_t *data, size_t size)
{
	struct jwt_claims	 in, got;
	struct take		 t = { data, size };
	enum jwt_result		 want, r;
	char			 tok[JWT_MAX + 1];
	int64_t			 now;
	unsigned		 leeway;
	size_t			 strs;
	int			 i, len, other;

	memset(&in, 0, sizeof(in));
	in.sub = (int64_t)take_u64(&t);
	in.sid = (int64_t)take_u64(&t);
	in.iat = (int64_t)take_u64(&t);
	in.nbf = (int64_t)take_u64(&t);
	in.exp = (int64_t)take_u64(&t);
	now = (int64_t)take_u64(&t);
	leeway = t.n > 0 ? *t.p : 0;
	take_str(&t, in.iss, sizeof(in.iss));
	take_str(&t, in.role, sizeof(in.role));
	take_str(&t, in.typ, sizeof(in.typ));
	take_str(&t, in.jti, sizeof(in.jti));
	strs = strlen(in.iss) + strlen(in.role) + strlen(in.typ) +
	    strlen(in.jti);
	want = expected(&in, now, leeway);

	for (i = 0; i < RING__MAX; i++) {
		len = jwt_sign(&rings[i], &in, tok, sizeof(tok));
		if (len == -1) {
			/* Only claims too long for JWT_MAX may fail. */
			FUZZ_ASSERT(strs > 200);
			FUZZ_ASSERT(tok[0] == '\0');
			continue;
		}
		FUZZ_ASSERT(len > 0 && (size_t)len == strlen(tok));
		FUZZ_ASSERT(len <= JWT_MAX);
		FUZZ_ASSERT(in.jti[0] != '\0');
		r = jwt_verify(&rings[i], tok, in.iss, in.typ, now, leeway,
		    &got);
		if (r != want)
			fprintf(stderr, "ring %d: %s, want %s: %s\n", i,
			    jwt_strerror(r), jwt_strerror(want), tok);
		FUZZ_ASSERT(r == want);
		if (r == JWT_OK) {
			FUZZ_ASSERT(got.sub == in.sub && got.sid == in.sid);
			FUZZ_ASSERT(got.iat == in.iat && got.nbf == in.nbf &&
			    got.exp == in.exp);
			FUZZ_ASSERT(strcmp(got.iss, in.iss) == 0);
			FUZZ_ASSERT(strcmp(got.role, in.role) == 0);
			FUZZ_ASSERT(strcmp(got.typ, in.typ) == 0);
			FUZZ_ASSERT(strcmp(got.jti, in.jti) == 0);
		}
		/* Same kids, other keys: never accepted. */
		other = i ^ 2;
		r = jwt_verify(&rings[other], tok, in.iss, in.typ, now,
		    leeway, &got);
		FUZZ_ASSERT(r == JWT_BAD_SIGNATURE);
		/* The other algorithm: refused by its alg. */
		r = jwt_verify(&rings[i ^ 1], tok, in.iss, in.typ, now,
		    leeway, &got);
		FUZZ_ASSERT(r == JWT_BAD_ALG);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 ready;

	if (!ready) {
		setup();
		ready = 1;
	}
	verify_input(data, size);
	resigned(data, size);
	round_trip(data, size);
	return 0;
}
