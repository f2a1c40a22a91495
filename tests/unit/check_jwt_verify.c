/*
 * check_jwt, verifying: the negative matrix, raw strings that are not
 * tokens, damaged tokens, bit flips and lengths; and the cache of
 * verified tokens (jwtcache.c) against jwt_verify.
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


/*
 * Raw strings that are not three base64url segments; all must be
 * refused as malformed before anything is decoded.
 */
static const char *const rawbad[] = {
	"",
	".",
	"..",
	"...",
	"a",
	"a.b",
	"a.b.c.d",
	"a.b.c.",
	".a.b",
	"a..b",
	".b.c",
	"a.b.c d",
	"a.b.c\n",
	" a.b.c",
	"a.b.c=",
	"a+b.c.d",
	"a.b/c.d",
	"a.b.c%3D",
	"a.b.c\xc3\xa9",
	"a.b.\tc",
	"eyJhbGciOiJIUzI1NiJ9.e30=.c2ln",
};

/* Ways to damage a good token string in place. */
enum mangle {
	M_NONE,
	M_DROP_SIG,		/* "h.p." */
	M_DROP_SIG_DOT,		/* "h.p" */
	M_ADD_SEGMENT,		/* "h.p.s.s" */
	M_ADD_DOT,		/* "h.p.s." */
	M_DOUBLE_DOT,		/* "h..p.s" */
	M_SIG_PLUS,		/* a '+' in the signature */
	M_SIG_SLASH,		/* a '/' in the signature */
	M_SIG_PAD,		/* "=" after the signature */
	M_PAY_PAD,		/* "=" after the payload */
	M_HDR_SPACE,		/* a space in the header */
	M_SIG_SHORT,		/* the last signature character removed */
	M_SIG_LONG,		/* four more characters "AAAA" */
	M_SIG_TRUNC,		/* the signature cut to 16 bytes */
	M_SIG_ZERO,		/* a signature of zero bytes of the length */
	M_SIG_TAILBITS,		/* the unused bits of the last character */
	M_PAY_TAMPER,		/* another payload, same signature */
	M_HDR_TAMPER,		/* another header (new kid), same signature */
	M_SIG_OTHER,		/* the signature of another token */
};

static const struct mcase {
	enum mangle	 m;
	enum jwt_result	 want;
} mcases[] = {
	{ M_NONE, JWT_OK },
	{ M_DROP_SIG, JWT_BAD_SIGNATURE },
	{ M_DROP_SIG_DOT, JWT_MALFORMED },
	{ M_ADD_SEGMENT, JWT_MALFORMED },
	{ M_ADD_DOT, JWT_MALFORMED },
	{ M_DOUBLE_DOT, JWT_MALFORMED },
	{ M_SIG_PLUS, JWT_MALFORMED },
	{ M_SIG_SLASH, JWT_MALFORMED },
	{ M_SIG_PAD, JWT_MALFORMED },
	{ M_PAY_PAD, JWT_MALFORMED },
	{ M_HDR_SPACE, JWT_MALFORMED },
	{ M_SIG_SHORT, JWT_BAD_SIGNATURE },
	{ M_SIG_LONG, JWT_BAD_SIGNATURE },
	{ M_SIG_TRUNC, JWT_BAD_SIGNATURE },
	{ M_SIG_ZERO, JWT_BAD_SIGNATURE },
	{ M_SIG_TAILBITS, JWT_BAD_SIGNATURE },
	{ M_PAY_TAMPER, JWT_BAD_SIGNATURE },
	{ M_HDR_TAMPER, JWT_BAD_SIGNATURE },
	{ M_SIG_OTHER, JWT_BAD_SIGNATURE },
};

START_TEST(test_matrix)
{
	const struct vcase	*v = &vcases[_i];
	struct jwt_claims	 c;
	char			 tok[TOKSZ];
	enum jwt_result		 r;

	forge(tok, sizeof(tok), v->hdr, v->pay, v->sig);
	memset(&c, 0xa5, sizeof(c));
	r = verify(ringof(v->ring), tok, &c);
	ck_assert_msg(r == v->want, "%s: got %s, want %s", v->name,
	    jwt_strerror(r), jwt_strerror(v->want));
	if (r == JWT_OK)
		ck_assert_int_gt(c.sub, 0);
	else
		ck_assert_msg(allzero(&c), "%s: claims not cleared",
		    v->name);
}
END_TEST

START_TEST(test_raw)
{
	enum jwt_result	 r;

	r = verify(&hs, rawbad[_i], NULL);
	ck_assert_msg(r == JWT_MALFORMED, "case %d: got %s", _i,
	    jwt_strerror(r));
	r = verify(&ed, rawbad[_i], NULL);
	ck_assert_msg(r == JWT_MALFORMED, "case %d (ed): got %s", _i,
	    jwt_strerror(r));
}
END_TEST

START_TEST(test_null_token)
{
	struct jwt_claims	 c;

	memset(&c, 0xa5, sizeof(c));
	ck_assert_int_eq(verify(&hs, NULL, &c), JWT_MALFORMED);
	ck_assert(allzero(&c));
}
END_TEST

/* Replace the signature of "tok" with "len" bytes of "sig". */
static void
setsig(char *tok, size_t toksz, const unsigned char *sig, size_t len)
{
	size_t	 d1, d2;

	dots(tok, &d1, &d2);
	tok[d2 + 1] = '\0';
	b64cat(tok, toksz, sig, len);
}

/* Damage "tok" (a good token of "ring") as "m" says. */
static void
mangle(const struct jwt_keyring *ring, char *tok, size_t toksz,
    enum mangle m)
{
	static const char b64abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char	 sig[64] = { 0 };
	char		 other[TOKSZ], tmp[TOKSZ], *p;
	const char	*hdr;
	size_t		 d1, d2, siglen;

	dots(tok, &d1, &d2);
	siglen = ring->alg == JWT_HS256 ? 32 : 64;
	switch (m) {
	case M_NONE:
		break;
	case M_DROP_SIG:
		tok[d2 + 1] = '\0';
		break;
	case M_DROP_SIG_DOT:
		tok[d2] = '\0';
		break;
	case M_ADD_SEGMENT:
		snprintf(tmp, sizeof(tmp), "%s.%s", tok, tok + d2 + 1);
		strcpy(tok, tmp);
		break;
	case M_ADD_DOT:
		strcat(tok, ".");
		break;
	case M_DOUBLE_DOT:
		snprintf(tmp, sizeof(tmp), "%.*s.%s", (int)d1 + 1, tok,
		    tok + d1 + 1);
		strcpy(tok, tmp);
		break;
	case M_SIG_PLUS:
		tok[d2 + 3] = '+';
		break;
	case M_SIG_SLASH:
		tok[d2 + 3] = '/';
		break;
	case M_SIG_PAD:
		strcat(tok, "=");
		break;
	case M_PAY_PAD:
		snprintf(tmp, sizeof(tmp), "%.*s=%s", (int)d2, tok,
		    tok + d2);
		strcpy(tok, tmp);
		break;
	case M_HDR_SPACE:
		tok[2] = ' ';
		break;
	case M_SIG_SHORT:
		tok[strlen(tok) - 1] = '\0';
		break;
	case M_SIG_LONG:
		strcat(tok, "AAAA");
		break;
	case M_SIG_TRUNC:
		ck_assert_int_eq(b64url_decode(tok + d2 + 1,
		    strlen(tok + d2 + 1), sig, sizeof(sig)), (int)siglen);
		setsig(tok, toksz, sig, 16);
		break;
	case M_SIG_ZERO:
		setsig(tok, toksz, sig, siglen);
		break;
	case M_SIG_TAILBITS:
		/* 32 and 64 bytes leave 2 and 4 unused bits at the end. */
		p = &tok[strlen(tok) - 1];
		*p = b64abc[(strchr(b64abc, *p) - b64abc) ^ 1];
		break;
	case M_PAY_TAMPER:
		/* sub 5 becomes sub 1, the old signature kept. */
		forge(other, sizeof(other), "{}",
		    P_SUB("\"1\""), SIG_EMPTY);
		dots(other, &d1, &d2);
		other[d2] = '\0';
		dots(tok, &d1, &d2);
		snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)d1, tok,
		    other + strcspn(other, "."), tok + d2);
		strcpy(tok, tmp);
		break;
	case M_HDR_TAMPER:
		hdr = ring->alg == JWT_HS256 ? H_ALG("\"HS256\"", "\"k2\"") :
		    H_ALG("\"EdDSA\"", "\"e2\"");
		tmp[0] = '\0';
		b64cat(tmp, sizeof(tmp), hdr, strlen(hdr));
		strcat(tmp, tok + d1);
		strcpy(tok, tmp);
		break;
	case M_SIG_OTHER:
		forge(other, sizeof(other), ring->alg == JWT_HS256 ? H_HS :
		    H_ED, P_SUB("\"1\""), ring->alg == JWT_HS256 ? SIG_HS1 :
		    SIG_ED1);
		ck_assert_int_eq(verify(ring, other, NULL), JWT_OK);
		tok[d2] = '\0';
		strcat(tok, strrchr(other, '.'));
		break;
	}
}

START_TEST(test_mangle)
{
	const struct mcase	*mc = &mcases[_i % NELEM(mcases)];
	const struct jwt_keyring *ring = _i < (int)NELEM(mcases) ? &hs : &ed;
	char			 tok[TOKSZ];
	enum jwt_result		 r;

	signgood(ring, tok, sizeof(tok));
	mangle(ring, tok, sizeof(tok), mc->m);
	r = verify(ring, tok, NULL);
	ck_assert_msg(r == mc->want, "mangle %d on %s: got %s, want %s",
	    (int)mc->m, ring == &hs ? "hs" : "ed", jwt_strerror(r),
	    jwt_strerror(mc->want));
}
END_TEST

/* Every single flipped signature bit is caught, for both algorithms. */
START_TEST(test_bitflip)
{
	const struct jwt_keyring *ring = _i < 256 ? &hs : &ed;
	unsigned char		 sig[64];
	char			 tok[TOKSZ];
	size_t			 d1, d2, bit;
	int			 n;

	/* Bits 0..255 of the HMAC, then bits 0..511 of the Ed25519 one. */
	bit = _i < 256 ? (size_t)_i : (size_t)_i - 256;
	signgood(ring, tok, sizeof(tok));
	dots(tok, &d1, &d2);
	n = b64url_decode(tok + d2 + 1, strlen(tok + d2 + 1), sig,
	    sizeof(sig));
	ck_assert_int_eq(n, ring == &hs ? 32 : 64);
	if (bit >= (size_t)n * 8)
		return;
	sig[bit / 8] ^= (unsigned char)(1U << (bit % 8));
	setsig(tok, sizeof(tok), sig, (size_t)n);
	ck_assert_int_eq(verify(ring, tok, NULL), JWT_BAD_SIGNATURE);
}
END_TEST

/*
 * NUL bytes in the decoded JSON (sizeof counts the literal's own NUL)
 * and empty segments, all correctly signed.
 */
START_TEST(test_nul_json)
{
	static const char	 h0[] = H_HS, p0[] = P_OK;
	static const char	 h1[] = "{\"alg\":\"HS256\",\"kid\":\"k1\"\0}";
	char			 tok[TOKSZ];

	forgen(tok, sizeof(tok), h0, sizeof(h0), p0, strlen(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h1, sizeof(h1) - 1, p0, strlen(p0),
	    SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h0, strlen(h0), p0, sizeof(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h0, strlen(h0), p0, 0, SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h0, 0, p0, strlen(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	/* The control: the same without the NULs passes. */
	forgen(tok, sizeof(tok), h0, strlen(h0), p0, strlen(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_OK);
}
END_TEST

START_TEST(test_too_long)
{
	char	 tok[JWT_MAX + 2];

	memset(tok, 'A', sizeof(tok));
	tok[JWT_MAX + 1] = '\0';
	tok[10] = tok[20] = '.';
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	/* Exactly JWT_MAX gets past the length check (and fails later). */
	tok[JWT_MAX] = '\0';
	ck_assert_int_ne(verify(&hs, tok, NULL), JWT_OK);
}
END_TEST

/*
 * Build a good HS256 token padded by "pad" bytes of header and "len"
 * bytes of payload, and return its length.
 */
static size_t
padded(char *tok, size_t toksz, size_t pad, size_t len)
{
	char	 hdr[64], pay[JWT_MAX];

	snprintf(hdr, sizeof(hdr),
	    "{\"alg\":\"HS256\",\"kid\":\"k1\",\"p\":\"%*s\"}", (int)pad, "");
	snprintf(pay, sizeof(pay),
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,"
	    "\"typ\":\"access\",\"exp\":1700000900,\"x\":\"%*s\"}",
	    (int)len, "");
	forge(tok, toksz, hdr, pay, SIG_HS1);
	return strlen(tok);
}

/*
 * A good token of exactly JWT_MAX characters is accepted; one of
 * JWT_MAX + 1 is refused unread.
 */
START_TEST(test_max_length)
{
	static char	 tok[TOKSZ];
	size_t		 pad, len, n;
	int		 found = 0;

	for (pad = 0; pad < 3 && !found; pad++)
		for (len = 0; (n = padded(tok, sizeof(tok), pad, len)) <=
		    JWT_MAX; len++)
			if (n == JWT_MAX) {
				found = 1;
				break;
			}
	ck_assert_msg(found, "no token of JWT_MAX characters built");
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_OK);
	for (pad = 0; pad < 3; pad++)
		for (len = 0; (n = padded(tok, sizeof(tok), pad, len)) <=
		    JWT_MAX + 1; len++)
			if (n == JWT_MAX + 1) {
				ck_assert_int_eq(verify(&hs, tok, NULL),
				    JWT_MALFORMED);
				return;
			}
	ck_abort_msg("no token of JWT_MAX + 1 characters built");
}
END_TEST

/*
 * jwtcache: every case of the matrix gives the same result and claims
 * through the cache as from jwt_verify, the first time (a miss) and
 * the second (a hit for those that verified).
 */
START_TEST(test_cache_matrix)
{
	const struct vcase	*v = &vcases[_i];
	struct jwt_cache	*jc;
	struct jwt_claims	 want, got;
	char			 tok[TOKSZ];
	int			 k;

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	forge(tok, sizeof(tok), v->hdr, v->pay, v->sig);
	ck_assert_int_eq(verify(ringof(v->ring), tok, &want), v->want);
	for (k = 0; k < 2; k++) {
		memset(&got, 0xa5, sizeof(got));
		ck_assert_msg(jwt_cache_verify(jc, ringof(v->ring), tok, ISS,
		    TYP, NOW, LEEWAY, &got) == v->want, "%s (pass %d)",
		    v->name, k);
		ck_assert_msg(memcmp(&got, &want, sizeof(got)) == 0,
		    "%s (pass %d): claims differ", v->name, k);
	}
	jwt_cache_free(jc);
}
END_TEST

/* A remembered token is still held to its time window on every hit. */
START_TEST(test_cache_time)
{
	struct jwt_cache	*jc;
	struct jwt_claims	 c;
	char			 tok[TOKSZ];

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	signgood(&hs, tok, sizeof(tok));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, 0,
	    &c), JWT_OK);
	ck_assert_int_eq(c.sid, 7);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW + 899,
	    0, &c), JWT_OK);
	memset(&c, 0xa5, sizeof(c));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW + 900,
	    0, &c), JWT_EXPIRED);
	ck_assert(allzero(&c));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW - 1, 0,
	    NULL), JWT_NOT_YET_VALID);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW + 929,
	    30, NULL), JWT_OK);
	jwt_cache_free(jc);
}
END_TEST

/*
 * A remembered token is found only under the iss and typ it verified
 * with; a changed byte is another token; no cache verifies every time.
 */
START_TEST(test_cache_expect)
{
	struct jwt_cache	*jc;
	char			 tok[TOKSZ], *sig;
	size_t			 n;

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	n = (size_t)signgood(&hs, tok, sizeof(tok));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, LEEWAY,
	    NULL), JWT_OK);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, "other", TYP, NOW,
	    LEEWAY, NULL), JWT_BAD_ISSUER);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, "refresh", NOW,
	    LEEWAY, NULL), JWT_BAD_TYPE);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, NULL, TYP, NOW,
	    LEEWAY, NULL), JWT_BAD_ISSUER);
	/* the first character of the signature: all six of its bits count */
	sig = strrchr(tok, '.') + 1;
	*sig = *sig == 'A' ? 'B' : 'A';
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_SIGNATURE);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_SIGNATURE);
	tok[n - 1] = '\0';
	ck_assert_int_ne(jwt_cache_verify(NULL, &hs, tok, ISS, TYP, NOW,
	    LEEWAY, NULL), JWT_OK);
	jwt_cache_free(jc);
	jwt_cache_free(NULL);
}
END_TEST

/* Many tokens: more than the slots, each still verifies right. */
START_TEST(test_cache_many)
{
	struct jwt_cache	*jc;
	struct jwt_claims	 c, got;
	char			 tok[TOKSZ];
	int			 i, k;

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	for (k = 0; k < 2; k++)
		for (i = 1; i <= 3 * JWT_CACHE_SLOTS; i++) {
			goodclaims(&c);
			c.sid = i;
			ck_assert_int_gt(jwt_sign(&hs, &c, tok, sizeof(tok)), 0);
			ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS,
			    TYP, NOW, LEEWAY, &got), JWT_OK);
			ck_assert_int_eq(got.sid, i);
		}
	jwt_cache_free(jc);
}
END_TEST
void
jwt_tcase_matrix(Suite *s)
{
	TCase	*tc = jwt_tcase(s, "negative matrix");

	tcase_add_loop_test(tc, test_matrix, 0, nvcases);
	tcase_add_loop_test(tc, test_raw, 0, NELEM(rawbad));
	tcase_add_test(tc, test_null_token);
	tcase_add_loop_test(tc, test_mangle, 0, 2 * NELEM(mcases));
	tcase_add_loop_test(tc, test_bitflip, 0, 256 + 512);
	tcase_add_test(tc, test_nul_json);
	tcase_add_test(tc, test_too_long);
	tcase_add_test(tc, test_max_length);
}

void
jwt_tcase_cache(Suite *s)
{
	TCase	*tc = jwt_tcase(s, "cache");

	tcase_add_loop_test(tc, test_cache_matrix, 0, nvcases);
	tcase_add_test(tc, test_cache_time);
	tcase_add_test(tc, test_cache_expect);
	tcase_add_test(tc, test_cache_many);
}
