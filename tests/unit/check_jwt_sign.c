/*
 * check_jwt, signing: round trips, the claims' JSON types, the jti,
 * small buffers and bad rings; the key ring (rotation, adding, wiping),
 * the JWKS document and the error texts.
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

/* Decode and parse the header of "tok"; the caller puts the result. */
static struct json_object *
header_of(const char *tok)
{
	unsigned char	 buf[JWT_MAX];
	size_t		 d1, d2;
	int		 n;

	dots(tok, &d1, &d2);
	n = b64url_decode(tok, d1, buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	return json_tokener_parse((const char *)buf);
}

static void
assert_strmember(struct json_object *obj, const char *key,
    const char *want)
{
	struct json_object	*v;

	ck_assert_msg(json_object_object_get_ex(obj, key, &v), "no %s", key);
	ck_assert(json_object_is_type(v, json_type_string));
	ck_assert_str_eq(json_object_get_string(v), want);
}

/* Sign and verify with "ring"; everything comes back as it went in. */
static void
roundtrip(const struct jwt_keyring *ring, const char *alg,
    const char *kid)
{
	struct jwt_claims	 in, out;
	struct json_object	*hdr;
	char			 tok[TOKSZ];

	goodclaims(&in);
	strcpy(in.iss, "iss \"quoted\" / \\ caf\xc3\xa9");
	strcpy(in.role, "admin");
	strcpy(in.jti, "preset-jti");
	ck_assert_int_gt(jwt_sign(ring, &in, tok, sizeof(tok)), 0);
	ck_assert_str_eq(in.jti, "preset-jti");
	ck_assert_int_eq(jwt_verify(ring, tok, in.iss, TYP, NOW, LEEWAY,
	    &out), JWT_OK);
	ck_assert_str_eq(out.iss, in.iss);
	ck_assert_str_eq(out.role, in.role);
	ck_assert_str_eq(out.typ, in.typ);
	ck_assert_str_eq(out.jti, in.jti);
	ck_assert_int_eq(out.sub, in.sub);
	ck_assert_int_eq(out.sid, in.sid);
	ck_assert_int_eq(out.iat, in.iat);
	ck_assert_int_eq(out.nbf, in.nbf);
	ck_assert_int_eq(out.exp, in.exp);

	hdr = header_of(tok);
	ck_assert_ptr_nonnull(hdr);
	assert_strmember(hdr, "alg", alg);
	assert_strmember(hdr, "typ", "JWT");
	assert_strmember(hdr, "kid", kid);
	json_object_put(hdr);
}

START_TEST(test_roundtrip_hs)
{

	roundtrip(&hs, "HS256", "k1");
}
END_TEST

START_TEST(test_roundtrip_ed)
{

	roundtrip(&ed, "EdDSA", "e1");
}
END_TEST

/* sub goes out as a string, sid and the times as integers. */
START_TEST(test_sign_claim_types)
{
	static const char *const ints[] = { "sid", "iat", "nbf", "exp" };
	static const char *const strs[] = { "iss", "sub", "role", "typ",
	    "jti" };
	struct json_object	*pay, *v;
	unsigned char		 buf[JWT_MAX];
	char			 tok[TOKSZ];
	size_t			 d1, d2, i;
	int			 n;

	signgood(&hs, tok, sizeof(tok));
	dots(tok, &d1, &d2);
	n = b64url_decode(tok + d1 + 1, d2 - d1 - 1, buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	pay = json_tokener_parse((const char *)buf);
	ck_assert_ptr_nonnull(pay);
	for (i = 0; i < NELEM(ints); i++) {
		ck_assert(json_object_object_get_ex(pay, ints[i], &v));
		ck_assert_msg(json_object_is_type(v, json_type_int), "%s",
		    ints[i]);
	}
	for (i = 0; i < NELEM(strs); i++) {
		ck_assert(json_object_object_get_ex(pay, strs[i], &v));
		ck_assert_msg(json_object_is_type(v, json_type_string), "%s",
		    strs[i]);
	}
	assert_strmember(pay, "sub", "5");
	assert_strmember(pay, "typ", "access");
	json_object_put(pay);
}
END_TEST

/* An empty jti is filled with 128 random bits; each token differs. */
START_TEST(test_sign_jti)
{
	struct jwt_claims	 a, b;
	char			 t1[TOKSZ], t2[TOKSZ];
	unsigned char		 bin[32];

	goodclaims(&a);
	goodclaims(&b);
	ck_assert_int_gt(jwt_sign(&hs, &a, t1, sizeof(t1)), 0);
	ck_assert_int_gt(jwt_sign(&hs, &b, t2, sizeof(t2)), 0);
	ck_assert_uint_eq(strlen(a.jti), 22);
	ck_assert_int_eq(b64url_decode(a.jti, strlen(a.jti), bin,
	    sizeof(bin)), 16);
	ck_assert_str_ne(a.jti, b.jti);
	ck_assert_str_ne(t1, t2);
}
END_TEST

/* Every buffer one byte too small fails cleanly; the exact one works. */
START_TEST(test_sign_small)
{
	struct jwt_claims	 c;
	char			 tok[TOKSZ], small[TOKSZ];
	size_t			 sz;
	int			 n;

	goodclaims(&c);
	strcpy(c.jti, "fixed");
	n = jwt_sign(&ed, &c, tok, sizeof(tok));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(jwt_sign(&ed, &c, small, 0), -1);
	for (sz = 1; sz <= (size_t)n; sz++) {
		memset(small, 'x', sizeof(small));
		ck_assert_int_eq(jwt_sign(&ed, &c, small, sz), -1);
		ck_assert_int_eq(small[0], '\0');
		ck_assert_int_eq(small[sz], 'x');
	}
	ck_assert_int_eq(jwt_sign(&ed, &c, small, (size_t)n + 1), n);
	/* Ed25519 is deterministic: the very same token. */
	ck_assert_str_eq(small, tok);
}
END_TEST

START_TEST(test_sign_bad_ring)
{
	struct jwt_keyring	 empty;
	struct jwt_claims	 c;
	char			 tok[TOKSZ];

	memset(&empty, 0, sizeof(empty));
	goodclaims(&c);
	ck_assert_int_eq(jwt_sign(&empty, &c, tok, sizeof(tok)), -1);
	ck_assert_int_eq(jwt_sign(NULL, &c, tok, sizeof(tok)), -1);
	ck_assert_int_eq(jwt_sign(&hs, NULL, tok, sizeof(tok)), -1);
	ck_assert_int_eq(jwt_sign(&hs, &c, NULL, sizeof(tok)), -1);
	hs.current = hs.nkeys;
	ck_assert_int_eq(jwt_sign(&hs, &c, tok, sizeof(tok)), -1);
	/* An empty ring verifies nothing. */
	hs.current = 0;
	signgood(&hs, tok, sizeof(tok));
	empty.alg = JWT_HS256;
	ck_assert_int_eq(verify(&empty, tok, NULL), JWT_BAD_KID);
	ck_assert_int_eq(verify(NULL, tok, NULL), JWT_BAD_KID);
}
END_TEST

/* iss and typ are compared with what the caller asks for. */
START_TEST(test_verify_expect)
{
	char	 tok[TOKSZ];

	signgood(&hs, tok, sizeof(tok));
	ck_assert_int_eq(jwt_verify(&hs, tok, "other", TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_ISSUER);
	ck_assert_int_eq(jwt_verify(&hs, tok, NULL, TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_ISSUER);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, "refresh", NOW, LEEWAY,
	    NULL), JWT_BAD_TYPE);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, NULL, NOW, LEEWAY,
	    NULL), JWT_BAD_TYPE);
	/* Without leeway the window is exactly [nbf, exp). */
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW + 899, 0,
	    NULL), JWT_OK);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW + 900, 0,
	    NULL), JWT_EXPIRED);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW - 1, 0,
	    NULL), JWT_NOT_YET_VALID);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW - 1, 1,
	    NULL), JWT_OK);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, INT64_MAX, LEEWAY,
	    NULL), JWT_EXPIRED);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, INT64_MIN, LEEWAY,
	    NULL), JWT_NOT_YET_VALID);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW, UINT32_MAX,
	    NULL), JWT_OK);
}
END_TEST

/*
 * Rotation: a token signed with the previous kid verifies while that
 * key is in the ring, and fails once a ring without it is loaded.
 */
START_TEST(test_rotation)
{
	struct jwt_keyring	*ring = _i == 0 ? &hs : &ed;
	struct jwt_keyring	 next;
	const unsigned char	*newkey = _i == 0 ? hskey[1] : edseed[1];
	struct json_object	*hdr;
	char			 told[TOKSZ], tnew[TOKSZ];
	const char		*oldkid = _i == 0 ? "k1" : "e1";
	const char		*newkid = _i == 0 ? "k2" : "e2";

	signgood(ring, told, sizeof(told));
	ck_assert_int_eq(jwt_keyring_use(ring, newkid), 0);
	ck_assert_uint_eq(ring->current, 1);
	signgood(ring, tnew, sizeof(tnew));
	hdr = header_of(tnew);
	assert_strmember(hdr, "kid", newkid);
	json_object_put(hdr);
	ck_assert_int_eq(verify(ring, told, NULL), JWT_OK);
	ck_assert_int_eq(verify(ring, tnew, NULL), JWT_OK);

	/* The old key retired: a new ring without it. */
	memset(&next, 0, sizeof(next));
	next.alg = ring->alg;
	ck_assert_int_eq(jwt_keyring_add(&next, newkid, newkey, 32), 0);
	ck_assert_int_eq(verify(&next, told, NULL), JWT_BAD_KID);
	ck_assert_int_eq(verify(&next, tnew, NULL), JWT_OK);

	/* A different key under the old kid does not help either. */
	ck_assert_int_eq(jwt_keyring_add(&next, oldkid, newkey, 32), 0);
	ck_assert_int_eq(verify(&next, told, NULL), JWT_BAD_SIGNATURE);
	jwt_keyring_wipe(&next);
	ck_assert_int_eq(verify(&next, tnew, NULL), JWT_BAD_KID);
}
END_TEST

START_TEST(test_keyring_add)
{
	struct jwt_keyring	 r;
	unsigned char		 key[65];
	char			 kid[40];
	size_t			 i;

	memset(key, 0x5a, sizeof(key));
	memset(&r, 0, sizeof(r));
	r.alg = JWT_HS256;
	ck_assert_int_eq(jwt_keyring_add(&r, "a", key, 31), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "a", key, 0), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "a", key, 65), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "", key, 32), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, NULL, key, 32), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "a", NULL, 32), -1);
	ck_assert_int_eq(jwt_keyring_add(NULL, "a", key, 32), -1);
	memset(kid, 'k', sizeof(kid));
	kid[JWT_KID_MAX + 1] = '\0';
	ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 32), -1);
	ck_assert_uint_eq(r.nkeys, 0);
	kid[JWT_KID_MAX] = '\0';
	ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 64), 0);
	ck_assert_str_eq(r.keys[0].kid, kid);
	ck_assert_uint_eq(r.keys[0].secretlen, 64);
	ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 32), -1);
	for (i = 1; i < JWT_KEYS_MAX; i++) {
		snprintf(kid, sizeof(kid), "k%zu", i);
		ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 32), 0);
	}
	ck_assert_uint_eq(r.nkeys, JWT_KEYS_MAX);
	ck_assert_int_eq(jwt_keyring_add(&r, "full", key, 32), -1);
	ck_assert_uint_eq(r.current, 0);
	ck_assert_int_eq(jwt_keyring_use(&r, "k3"), 0);
	ck_assert_uint_eq(r.current, 3);
	ck_assert_int_eq(jwt_keyring_use(&r, "nope"), -1);
	ck_assert_int_eq(jwt_keyring_use(&r, ""), -1);
	ck_assert_int_eq(jwt_keyring_use(&r, NULL), -1);
	ck_assert_uint_eq(r.current, 3);
	jwt_keyring_wipe(&r);
}
END_TEST

START_TEST(test_keyring_ed)
{
	struct jwt_keyring	 r;
	unsigned char		 seed[33], pk[32], sk[64];

	memset(seed, 0x77, sizeof(seed));
	memset(&r, 0, sizeof(r));
	r.alg = JWT_EDDSA;
	ck_assert_int_eq(jwt_keyring_add(&r, "e", seed, 31), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "e", seed, 33), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "e", seed, 32), 0);
	crypto_sign_ed25519_seed_keypair(pk, sk, seed);
	ck_assert_mem_eq(r.keys[0].pk, pk, sizeof(pk));
	ck_assert_mem_eq(r.keys[0].sk, sk, sizeof(sk));
	ck_assert_mem_eq(r.keys[0].secret, seed, 32);
	jwt_keyring_wipe(&r);
}
END_TEST

START_TEST(test_keyring_wipe)
{
	const unsigned char	*p = (const unsigned char *)hs.keys;
	size_t			 i;

	jwt_keyring_wipe(&hs);
	jwt_keyring_wipe(NULL);
	ck_assert_uint_eq(hs.nkeys, 0);
	ck_assert_uint_eq(hs.current, 0);
	ck_assert_int_eq(hs.alg, JWT_HS256);
	for (i = 0; i < sizeof(hs.keys); i++)
		ck_assert_msg(p[i] == 0, "byte %zu left", i);
	jwt_keyring_wipe(&ed);
	p = (const unsigned char *)ed.keys;
	for (i = 0; i < sizeof(ed.keys); i++)
		ck_assert_msg(p[i] == 0, "byte %zu left", i);
}
END_TEST

/* Parse "s" as JSON and return its "keys" array (borrowed from *doc). */
static struct json_object *
jwks_keys(const char *s, struct json_object **doc)
{
	struct json_object	*keys;

	*doc = json_tokener_parse(s);
	ck_assert_ptr_nonnull(*doc);
	ck_assert(json_object_is_type(*doc, json_type_object));
	ck_assert_int_eq(json_object_object_length(*doc), 1);
	ck_assert(json_object_object_get_ex(*doc, "keys", &keys));
	ck_assert(json_object_is_type(keys, json_type_array));
	return keys;
}

START_TEST(test_jwks_ed)
{
	struct json_object	*doc, *keys, *k, *x;
	unsigned char		 pk[64];
	char			*s;
	size_t			 i;

	s = jwt_jwks(&ed);
	ck_assert_ptr_nonnull(s);
	keys = jwks_keys(s, &doc);
	ck_assert_uint_eq(json_object_array_length(keys), 2);
	for (i = 0; i < 2; i++) {
		k = json_object_array_get_idx(keys, i);
		ck_assert(json_object_is_type(k, json_type_object));
		ck_assert_int_eq(json_object_object_length(k), 6);
		assert_strmember(k, "kty", "OKP");
		assert_strmember(k, "crv", "Ed25519");
		assert_strmember(k, "alg", "EdDSA");
		assert_strmember(k, "use", "sig");
		assert_strmember(k, "kid", ed.keys[i].kid);
		ck_assert(!json_object_object_get_ex(k, "d", NULL));
		ck_assert(json_object_object_get_ex(k, "x", &x));
		ck_assert(json_object_is_type(x, json_type_string));
		ck_assert_int_eq(b64url_decode(json_object_get_string(x),
		    (size_t)json_object_get_string_len(x), pk, sizeof(pk)),
		    32);
		ck_assert_mem_eq(pk, ed.keys[i].pk, 32);
	}
	json_object_put(doc);
	free(s);
}
END_TEST

START_TEST(test_jwks_hs)
{
	struct json_object	*doc, *keys;
	char			*s, secret[64];

	s = jwt_jwks(&hs);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "{\"keys\":[]}");
	keys = jwks_keys(s, &doc);
	ck_assert_uint_eq(json_object_array_length(keys), 0);
	json_object_put(doc);
	b64url_encode(hskey[0], 32, secret, sizeof(secret));
	ck_assert_ptr_null(strstr(s, secret));
	free(s);

	/* An EdDSA ring without keys has none to publish. */
	jwt_keyring_wipe(&ed);
	s = jwt_jwks(&ed);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "{\"keys\":[]}");
	free(s);
	ck_assert_ptr_null(jwt_jwks(NULL));
}
END_TEST

START_TEST(test_strerror)
{
	const char	*s[JWT__MAX];
	int		 i, j;

	for (i = 0; i < JWT__MAX; i++) {
		s[i] = jwt_strerror((enum jwt_result)i);
		ck_assert_ptr_nonnull(s[i]);
		ck_assert_uint_gt(strlen(s[i]), 0);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(s[i], s[j]);
	}
	ck_assert_ptr_nonnull(jwt_strerror(JWT__MAX));
	ck_assert_ptr_nonnull(jwt_strerror((enum jwt_result)-1));
}
END_TEST

void
jwt_tcase_sign(Suite *s)
{
	TCase	*tc = jwt_tcase(s, "sign");

	tcase_add_test(tc, test_roundtrip_hs);
	tcase_add_test(tc, test_roundtrip_ed);
	tcase_add_test(tc, test_sign_claim_types);
	tcase_add_test(tc, test_sign_jti);
	tcase_add_test(tc, test_sign_small);
	tcase_add_test(tc, test_sign_bad_ring);
	tcase_add_test(tc, test_verify_expect);
}

void
jwt_tcase_keyring(Suite *s)
{
	TCase	*tc = jwt_tcase(s, "keyring");

	tcase_add_loop_test(tc, test_rotation, 0, 2);
	tcase_add_test(tc, test_keyring_add);
	tcase_add_test(tc, test_keyring_ed);
	tcase_add_test(tc, test_keyring_wipe);
	tcase_add_test(tc, test_jwks_ed);
	tcase_add_test(tc, test_jwks_hs);
	tcase_add_test(tc, test_strerror);
}
