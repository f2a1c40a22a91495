/*
 * Unit tests of common/crypto/webauthn*.c: registration and assertion
 * responses recorded from Chromium's virtual authenticator
 * (tests/fixtures/webauthn/, written by tests/browser/capture-webauthn.js)
 * verify, and each way of spoiling one gets its own verdict.  Mutations
 * are made on the decoded buffers, so they reach the verifier exactly as
 * a hostile client's bytes would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cbor.h>
#include <check.h>
#include <json-c/json.h>

#include "token.h"
#include "unit.h"
#include "webauthn.h"

/* A fixture file: its JSON, its relying party, its registration. */
struct fx {
	struct json_object		*root;
	const char			*origin;
	struct webauthn_rp		 rp;
	unsigned char			 challenge[WEBAUTHN_CHALLENGE_LEN];
	struct webauthn_response	 resp;
};

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object	*v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no %s", key);
	return v;
}

static void
challenge_decode(struct json_object *o,
    unsigned char out[WEBAUTHN_CHALLENGE_LEN])
{
	const char	*s = json_object_get_string(jget(o, "challenge"));

	ck_assert_int_eq(b64url_decode(s, strlen(s), out,
	    WEBAUTHN_CHALLENGE_LEN), WEBAUTHN_CHALLENGE_LEN);
}

/* Load tests/fixtures/webauthn/"name".json and read its registration. */
static void
fx_load(struct fx *f, const char *name, int uv_required)
{
	char	 path[1024];

	memset(f, 0, sizeof(*f));
	snprintf(path, sizeof(path), "%s/tests/fixtures/webauthn/%s.json",
	    unit_srcdir(), name);
	f->root = json_object_from_file(path);
	ck_assert_msg(f->root != NULL, "cannot read %s", path);
	f->origin = json_object_get_string(jget(f->root, "origin"));
	f->rp.id = json_object_get_string(jget(f->root, "rp_id"));
	f->rp.origins = &f->origin;
	f->rp.norigins = 1;
	f->rp.uv_required = uv_required;
	challenge_decode(jget(f->root, "create"), f->challenge);
	ck_assert_int_eq(webauthn_read(jget(jget(f->root, "create"),
	    "credential"), 0, &f->resp), WA_OK);
}

static void
fx_free(struct fx *f)
{

	webauthn_response_free(&f->resp);
	json_object_put(f->root);
}

/* The "i"th assertion of "f", read, with its challenge. */
static void
fx_get(struct fx *f, size_t i, struct webauthn_response *r,
    unsigned char challenge[WEBAUTHN_CHALLENGE_LEN])
{
	struct json_object	*g;

	g = json_object_array_get_idx(jget(f->root, "get"), i);
	ck_assert_ptr_nonnull(g);
	challenge_decode(g, challenge);
	ck_assert_int_eq(webauthn_read(jget(g, "credential"), 1, r), WA_OK);
}

/* Register "f" and hand its key out (pointing into "c"). */
static void
fx_register(struct fx *f, struct webauthn_cred *c, struct webauthn_key *k)
{

	ck_assert_str_eq(webauthn_verdict_name(webauthn_register(&f->rp,
	    f->challenge, &f->resp, c)), "ok");
	k->alg = c->alg;
	k->pk = c->pk;
	k->pk_len = c->pk_len;
	k->count = c->count;
}

/* Where authData sits inside the attestation object. */
static size_t
authdata_offset(const struct fx *f)
{
	struct json_object	*resp;
	unsigned char		 ad[1024];
	const char		*s;
	const unsigned char	*p;
	int			 n;

	resp = jget(jget(jget(f->root, "create"), "credential"), "response");
	s = json_object_get_string(jget(resp, "authenticatorData"));
	n = b64url_decode(s, strlen(s), ad, sizeof(ad));
	ck_assert_int_gt(n, 37);
	p = memmem(f->resp.attestation, f->resp.attestation_len, ad,
	    (size_t)n);
	ck_assert_ptr_nonnull(p);
	return (size_t)(p - f->resp.attestation);
}

/* Replace the attestation object of "f" by "len" bytes of "p". */
static void
set_attestation(struct fx *f, const void *p, size_t len)
{

	free(f->resp.attestation);
	f->resp.attestation = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(f->resp.attestation);
	memcpy(f->resp.attestation, p, len);
	f->resp.attestation_len = len;
}

static enum webauthn_verdict
reg(struct fx *f)
{
	struct webauthn_cred	 c;

	return webauthn_register(&f->rp, f->challenge, &f->resp, &c);
}

/* ----- registration ----- */

static const struct good {
	const char	*name;
	int		 alg;
	size_t		 pk_len;
	const char	*fmt;
	int		 uv;
} goods[] = {
	{ "es256", WEBAUTHN_ES256, 64, "none", 1 },
	{ "eddsa", WEBAUTHN_EDDSA, 32, "none", 1 },
	{ "rs256", WEBAUTHN_RS256, 259, "none", 1 },
	{ "es256-packed", WEBAUTHN_ES256, 64, "packed", 1 },
	{ "es256-nouv", WEBAUTHN_ES256, 64, "none", 0 },
};

START_TEST(test_register_ok)
{
	const struct good	*g = &goods[_i];
	struct fx		 f;
	struct webauthn_cred	 c;

	fx_load(&f, g->name, g->uv);
	ck_assert_int_eq(webauthn_register(&f.rp, f.challenge, &f.resp, &c),
	    WA_OK);
	ck_assert_int_eq(c.alg, g->alg);
	ck_assert_uint_eq(c.pk_len, g->pk_len);
	ck_assert_str_eq(c.fmt, g->fmt);
	ck_assert_int_eq(c.uv, g->uv);
	ck_assert_uint_eq(c.count, 1);
	ck_assert_uint_eq(c.id_len, f.resp.id_len);
	ck_assert_mem_eq(c.id, f.resp.id, c.id_len);
	ck_assert_str_eq(f.resp.transports, "internal");
	fx_free(&f);
}
END_TEST

START_TEST(test_challenge_of)
{
	struct fx	 f;
	unsigned char	 got[WEBAUTHN_CHALLENGE_LEN];

	fx_load(&f, "es256", 1);
	ck_assert_int_eq(webauthn_challenge_of(&f.resp, got), WA_OK);
	ck_assert_mem_eq(got, f.challenge, sizeof(got));
	f.resp.client_data_len = 5;
	ck_assert_int_eq(webauthn_challenge_of(&f.resp, got), WA_MALFORMED);
	fx_free(&f);
}
END_TEST

START_TEST(test_register_challenge)
{
	struct fx	 f;

	fx_load(&f, "es256", 1);
	f.challenge[7] ^= 0x01;
	ck_assert_int_eq(reg(&f), WA_CHALLENGE);
	fx_free(&f);
}
END_TEST

START_TEST(test_register_origin)
{
	static const char *const others[] = {
		"http://localhost:20101", "https://localhost:20100",
		"http://localhost", "http://example.org:20100",
	};
	struct fx	 f;
	size_t		 i;

	fx_load(&f, "es256", 1);
	for (i = 0; i < NELEM(others); i++) {
		f.rp.origins = &others[i];
		ck_assert_int_eq(reg(&f), WA_ORIGIN);
	}
	f.rp.norigins = 0;
	ck_assert_int_eq(reg(&f), WA_ORIGIN);
	fx_free(&f);
}
END_TEST

/* clientDataJSON of an assertion posted as a registration. */
START_TEST(test_register_type)
{
	struct fx			 f;
	struct webauthn_response	 g;
	unsigned char			 ch[WEBAUTHN_CHALLENGE_LEN];
	unsigned char			*t;

	fx_load(&f, "es256", 1);
	fx_get(&f, 0, &g, ch);
	t = f.resp.client_data;
	f.resp.client_data = g.client_data;
	f.resp.client_data_len = g.client_data_len;
	g.client_data = t;
	ck_assert_int_eq(reg(&f), WA_TYPE);
	webauthn_response_free(&g);
	fx_free(&f);
}
END_TEST

START_TEST(test_register_rp_id)
{
	struct fx	 f;

	fx_load(&f, "es256", 1);
	f.rp.id = "example.org";
	ck_assert_int_eq(reg(&f), WA_RP_ID);
	f.rp.id = "localhost";
	f.resp.attestation[authdata_offset(&f) + 3] ^= 0x80;
	ck_assert_int_eq(reg(&f), WA_RP_ID);
	fx_free(&f);
}
END_TEST

START_TEST(test_register_no_up)
{
	struct fx	 f;

	fx_load(&f, "es256", 0);
	f.resp.attestation[authdata_offset(&f) + 32] &= (unsigned char)~0x01;
	ck_assert_int_eq(reg(&f), WA_NO_UP);
	fx_free(&f);
}
END_TEST

/* Backed up (BS) without being backup eligible (BE). */
START_TEST(test_register_bs_without_be)
{
	struct fx	 f;

	fx_load(&f, "es256", 1);
	ck_assert_int_eq(f.resp.attestation[authdata_offset(&f) + 32] & 0x18,
	    0);
	f.resp.attestation[authdata_offset(&f) + 32] |= 0x10;
	ck_assert_int_eq(reg(&f), WA_MALFORMED);
	fx_free(&f);
}
END_TEST

/* Recorded without user verification: refused only when required. */
START_TEST(test_register_no_uv)
{
	struct fx	 f;

	fx_load(&f, "es256-nouv", 1);
	ck_assert_int_eq(reg(&f), WA_NO_UV);
	f.rp.uv_required = 0;
	ck_assert_int_eq(reg(&f), WA_OK);
	fx_free(&f);
}
END_TEST

START_TEST(test_register_truncated)
{
	struct fx	 f;
	size_t		 len, cut;

	fx_load(&f, _i ? "es256-packed" : "es256", 1);
	len = f.resp.attestation_len;
	for (cut = 0; cut < len; cut++) {
		f.resp.attestation_len = cut;
		ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	}
	f.resp.attestation_len = len;
	ck_assert_int_eq(reg(&f), WA_OK);
	fx_free(&f);
}
END_TEST

/* Not CBOR, not the attestation map, or more than one item. */
static const struct blob {
	const char	*bytes;
	size_t		 len;
} notcbor[] = {
	{ "not cbor at all", 15 },
	{ "{\"fmt\":\"none\"}", 14 },
	{ "\xff", 1 },
	{ "\x1c", 1 },				/* reserved additional info */
	{ "\xa0", 1 },				/* empty map */
	{ "\x80", 1 },				/* empty array */
	{ "\x63" "fmt", 4 },			/* a text string */
	{ "\xa1\x63" "fmt\x64none", 10 },	/* fmt alone */
	/* 2^32 members claimed in nine bytes: refused before allocating */
	{ "\x9b\x00\x00\x00\x01\x00\x00\x00\x00", 9 },
	{ "\xbb\x00\x00\x00\x01\x00\x00\x00\x00", 9 },
	{ "\x5b\x7f\xff\xff\xff\xff\xff\xff\xff", 9 },
	{ "\x9f\x01\xff", 3 },			/* indefinite length */
	{ "\xa1\x63" "fmt\x7f\x61x\xff", 9 },
	{ "\xc1\x01", 2 },			/* a tag */
};

START_TEST(test_register_not_cbor)
{
	struct fx	 f;

	fx_load(&f, "es256", 1);
	set_attestation(&f, notcbor[_i].bytes, notcbor[_i].len);
	ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	fx_free(&f);
}
END_TEST

/* Nesting far past the limit, and a long flat array of tiny items. */
START_TEST(test_register_cbor_bomb)
{
	struct fx	 f;
	unsigned char	*b;
	size_t		 n = 6000, i;
	clock_t		 t0 = clock();

	fx_load(&f, "es256", 1);
	ck_assert_ptr_nonnull(b = malloc(n + 3));
	memset(b, 0x81, n);			/* [[[[ ... */
	b[n] = 0x00;
	set_attestation(&f, b, n + 1);
	ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	b[0] = 0x99;				/* array(5997) of 0 */
	b[1] = (unsigned char)((n - 3) >> 8);
	b[2] = (unsigned char)(n - 3);
	memset(b + 3, 0x00, n - 3);
	set_attestation(&f, b, n);
	ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	/* Cheap: a dozen refusals well under a second of CPU. */
	ck_assert_int_lt(clock() - t0, CLOCKS_PER_SEC);
	free(b);
	fx_free(&f);
}
END_TEST

START_TEST(test_register_trailing)
{
	struct fx	 f;
	unsigned char	 buf[1024];

	fx_load(&f, "es256", 1);
	memcpy(buf, f.resp.attestation, f.resp.attestation_len);
	buf[f.resp.attestation_len] = 0x00;
	set_attestation(&f, buf, f.resp.attestation_len + 1);
	ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	fx_free(&f);
}
END_TEST

START_TEST(test_register_unknown_fmt)
{
	struct fx	 f;
	unsigned char	*p;

	fx_load(&f, "es256", 1);
	p = memmem(f.resp.attestation, f.resp.attestation_len, "none", 4);
	ck_assert_ptr_nonnull(p);
	memcpy(p, "nope", 4);
	ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	fx_free(&f);
}
END_TEST

/* A packed statement whose signature does not verify. */
START_TEST(test_register_packed_bad)
{
	struct fx		 f;
	struct cbor_load_result	 res;
	cbor_item_t		*root, *stmt = NULL;
	struct cbor_pair	*pairs;
	unsigned char		*p;
	size_t			 i;

	fx_load(&f, "es256-packed", 1);
	root = cbor_load(f.resp.attestation, f.resp.attestation_len, &res);
	ck_assert_ptr_nonnull(root);
	pairs = cbor_map_handle(root);
	for (i = 0; i < cbor_map_size(root); i++)
		if (cbor_string_length(pairs[i].key) == 7 &&
		    !memcmp(cbor_string_handle(pairs[i].key), "attStmt", 7))
			stmt = pairs[i].value;
	ck_assert_ptr_nonnull(stmt);
	pairs = cbor_map_handle(stmt);
	for (i = 0; i < cbor_map_size(stmt); i++)
		if (cbor_string_length(pairs[i].key) == 3 &&
		    memcmp(cbor_string_handle(pairs[i].key), "sig", 3) == 0)
			break;
	ck_assert_uint_lt(i, cbor_map_size(stmt));
	p = memmem(f.resp.attestation, f.resp.attestation_len,
	    cbor_bytestring_handle(pairs[i].value),
	    cbor_bytestring_length(pairs[i].value));
	ck_assert_ptr_nonnull(p);
	p[cbor_bytestring_length(pairs[i].value) - 1] ^= 0x01;
	cbor_decref(&root);
	ck_assert_int_eq(reg(&f), WA_ATTESTATION);
	fx_free(&f);
}
END_TEST

/*
 * The recorded attestation object rebuilt with libcbor, its COSE key
 * claiming ES384 (-35): not one of the three algorithms.  ("none"
 * attestation signs nothing, so the verdict can only come from the
 * algorithm check.)
 */
START_TEST(test_register_algorithm)
{
	struct fx		 f;
	struct cbor_load_result	 res;
	cbor_item_t		*root, *key, *nad;
	struct cbor_pair	*pairs, *kp;
	unsigned char		*out = NULL, *keybuf = NULL, ad[1024];
	size_t			 i, adlen = 0, idlen, klen = 0, outlen = 0;
	size_t			 keyoff, cap = 0, j;

	fx_load(&f, "es256", 1);
	root = cbor_load(f.resp.attestation, f.resp.attestation_len, &res);
	ck_assert_ptr_nonnull(root);
	pairs = cbor_map_handle(root);
	for (i = 0; i < cbor_map_size(root); i++)
		if (cbor_string_length(pairs[i].key) == 8)
			break;
	ck_assert_uint_lt(i, cbor_map_size(root));
	adlen = cbor_bytestring_length(pairs[i].value);
	memcpy(ad, cbor_bytestring_handle(pairs[i].value), adlen);
	idlen = (size_t)ad[37 + 16] << 8 | ad[37 + 17];
	keyoff = 37 + 18 + idlen;
	key = cbor_load(ad + keyoff, adlen - keyoff, &res);
	ck_assert_ptr_nonnull(key);
	ck_assert_uint_eq(res.read, adlen - keyoff);
	kp = cbor_map_handle(key);
	for (j = 0; j < cbor_map_size(key); j++)
		if (cbor_isa_uint(kp[j].key) && cbor_get_int(kp[j].key) == 3) {
			cbor_decref(&kp[j].value);
			kp[j].value = cbor_build_negint8(34);	/* -35 */
		}
	ck_assert_uint_gt(klen = cbor_serialize_alloc(key, &keybuf, &cap), 0);
	memcpy(ad + keyoff, keybuf, klen);
	nad = cbor_build_bytestring(ad, keyoff + klen);
	cbor_decref(&pairs[i].value);
	pairs[i].value = nad;
	ck_assert_uint_gt(outlen = cbor_serialize_alloc(root, &out, &i), 0);
	set_attestation(&f, out, outlen);
	ck_assert_int_eq(reg(&f), WA_ALGORITHM);
	free(out);
	free(keybuf);
	cbor_decref(&key);
	cbor_decref(&root);
	fx_free(&f);
}
END_TEST

/*
 * A clientDataJSON made here: "none" attestation signs nothing, so only
 * its own members decide.  Same origin verifies; crossOrigin does not.
 */
START_TEST(test_register_cross_origin)
{
	struct fx	 f;
	char		 cd[512], ch[64];

	fx_load(&f, "es256", 1);
	ck_assert_int_gt(b64url_encode(f.challenge, sizeof(f.challenge), ch,
	    sizeof(ch)), 0);
	snprintf(cd, sizeof(cd), "{\"type\":\"webauthn.create\","
	    "\"challenge\":\"%s\",\"origin\":\"%s\",\"crossOrigin\":%s}",
	    ch, f.origin, _i ? "true" : "false");
	free(f.resp.client_data);
	f.resp.client_data = (unsigned char *)strdup(cd);
	f.resp.client_data_len = strlen(cd);
	ck_assert_int_eq(reg(&f), _i ? WA_ORIGIN : WA_OK);
	fx_free(&f);
}
END_TEST

/* clientDataJSON nested past the limit, or not JSON at all. */
START_TEST(test_register_client_data)
{
	static const char *const bad[] = {
		"[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
		"{\"type\":\"webauthn.create\",\"x\":[[[[[[[[[[1]]]]]]]]]]}",
		"{\"type\":\"webauthn.create\"",
		"{\"type\":\"webauthn.create\"} {}",
		"{\"type\":\"webauthn.create\",\"challenge\":\"AAAA\"}",
		"{\"type\":\"webauthn.create\",\"challenge\":7}",
		"\"webauthn.create\"",
	};
	struct fx	 f;
	size_t		 i;

	fx_load(&f, "es256", 1);
	for (i = 0; i < NELEM(bad); i++) {
		free(f.resp.client_data);
		f.resp.client_data = (unsigned char *)strdup(bad[i]);
		f.resp.client_data_len = strlen(bad[i]);
		ck_assert_int_eq(reg(&f), WA_MALFORMED);
	}
	fx_free(&f);
}
END_TEST

/* ----- webauthn_read ----- */

/* A credential of rawId AAAA, and its response with clientDataJSON {}. */
#define CRED(type, id) "{\"id\":\"" id "\",\"rawId\":\"AAAA\"," \
	"\"type\":\"" type "\","
#define RESP(rest) "\"response\":{\"clientDataJSON\":\"e30\"," rest "}}"

static const struct badjson {
	const char	*json;
	int		 assertion;
} badjsons[] = {
	{ "[]", 0 },
	{ "{}", 0 },
	{ CRED("public-key", "AAAA") "\"x\":1}", 0 },
	{ CRED("public-key", "AAAA") "\"response\":[]}", 0 },
	/* type */
	{ CRED("password", "AAAA") RESP("\"attestationObject\":\"oA\""), 0 },
	{ "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":[\"public-key\"],"
	  RESP("\"attestationObject\":\"oA\""), 0 },
	/* id != rawId */
	{ CRED("public-key", "AAAB") RESP("\"attestationObject\":\"oA\""), 0 },
	/* not base64url */
	{ CRED("public-key", "AA+A") RESP("\"attestationObject\":\"oA\""), 0 },
	{ CRED("public-key", "AAAA")
	  RESP("\"attestationObject\":\"oA==\""), 0 },
	{ CRED("public-key", "AAAA")
	  RESP("\"attestationObject\":\"o A\""), 0 },
	{ CRED("public-key", "AAAA") RESP("\"attestationObject\":7"), 0 },
	/* no attestationObject on a registration */
	{ CRED("public-key", "AAAA") RESP("\"authenticatorData\":\"oA\","
	  "\"signature\":\"oA\""), 0 },
	/* no signature on an assertion, a user handle not base64url */
	{ CRED("public-key", "AAAA") RESP("\"authenticatorData\":\"oA\""), 1 },
	{ CRED("public-key", "AAAA") RESP("\"authenticatorData\":\"oA\","
	  "\"signature\":\"oA\",\"userHandle\":\"*\""), 1 },
};

START_TEST(test_read_malformed)
{
	struct json_object		*o;
	struct webauthn_response	 r;

	o = json_tokener_parse(badjsons[_i].json);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(webauthn_read(o, badjsons[_i].assertion, &r),
	    WA_MALFORMED);
	ck_assert_ptr_null(r.id);
	webauthn_response_free(&r);
	json_object_put(o);
}
END_TEST

/* An id longer than WEBAUTHN_ID_MAX, an attestation past its limit. */
START_TEST(test_read_huge)
{
	struct json_object		*o, *resp;
	struct webauthn_response	 r;
	char				*big;
	size_t				 n = 400000;

	ck_assert_ptr_nonnull(big = malloc(n + 1));
	memset(big, 'A', n);
	big[n] = '\0';
	o = json_object_new_object();
	resp = json_object_new_object();
	json_object_object_add(o, "type",
	    json_object_new_string("public-key"));
	json_object_object_add(o, "id", json_object_new_string("AAAA"));
	json_object_object_add(o, "rawId", json_object_new_string("AAAA"));
	json_object_object_add(resp, "clientDataJSON",
	    json_object_new_string("e30"));
	json_object_object_add(resp, "attestationObject",
	    json_object_new_string(big));
	json_object_object_add(o, "response", resp);
	ck_assert_int_eq(webauthn_read(o, 0, &r), WA_MALFORMED);
	big[344] = '\0';			/* 258 bytes */
	json_object_object_add(o, "id", json_object_new_string(big));
	json_object_object_add(o, "rawId", json_object_new_string(big));
	json_object_object_add(resp, "attestationObject",
	    json_object_new_string("oA"));
	ck_assert_int_eq(webauthn_read(o, 0, &r), WA_MALFORMED);
	big[340] = '\0';			/* 255 bytes: fine */
	json_object_object_add(o, "id", json_object_new_string(big));
	json_object_object_add(o, "rawId", json_object_new_string(big));
	ck_assert_int_eq(webauthn_read(o, 0, &r), WA_OK);
	ck_assert_uint_eq(r.id_len, 255);
	webauthn_response_free(&r);
	free(big);
	json_object_put(o);
}
END_TEST

/* ----- assertions ----- */

static const char *const asserters[] = { "es256", "eddsa", "rs256",
    "es256-packed" };

/* Each recorded assertion verifies in turn, the counter moving on. */
START_TEST(test_assert_ok)
{
	struct fx			 f;
	struct webauthn_cred		 c;
	struct webauthn_key		 k;
	struct webauthn_response	 g;
	unsigned char			 ch[WEBAUTHN_CHALLENGE_LEN];
	uint32_t			 count = 0;
	size_t				 i, n;
	int				 uv = 0;

	fx_load(&f, asserters[_i], 1);
	fx_register(&f, &c, &k);
	n = json_object_array_length(jget(f.root, "get"));
	for (i = 0; i < n; i++) {
		fx_get(&f, i, &g, ch);
		ck_assert_int_eq(webauthn_assert(&f.rp, ch, &g, &k, &count,
		    &uv), WA_OK);
		ck_assert_uint_eq(count, k.count + 1);
		ck_assert_int_eq(uv, 1);
		ck_assert_uint_gt(g.user_handle_len, 0);
		k.count = count;
		webauthn_response_free(&g);
	}
	fx_free(&f);
}
END_TEST

/* A mutation of an es256 (0) or eddsa (1) assertion, and its verdict. */
enum mut {
	M_CHALLENGE, M_ORIGIN, M_RP_ID, M_RP_HASH, M_NO_UP, M_SIG_BIT,
	M_SIG_LAST, M_COUNTER_EQ, M_COUNTER_BACK, M_ALG, M_OTHER_KEY,
	M_AD_SHORT, M_AD_TRAILING, M_TYPE, M_CLIENT_JSON, M_SIG_EMPTY,
	M__MAX
};

static const enum webauthn_verdict mut_want[M__MAX] = {
	WA_CHALLENGE,		/* M_CHALLENGE */
	WA_ORIGIN,		/* M_ORIGIN */
	WA_RP_ID,		/* M_RP_ID */
	WA_RP_ID,		/* M_RP_HASH */
	WA_NO_UP,		/* M_NO_UP */
	WA_SIGNATURE,		/* M_SIG_BIT */
	WA_SIGNATURE,		/* M_SIG_LAST */
	WA_COUNTER,		/* M_COUNTER_EQ */
	WA_COUNTER,		/* M_COUNTER_BACK */
	WA_ALGORITHM,		/* M_ALG */
	WA_SIGNATURE,		/* M_OTHER_KEY */
	WA_MALFORMED,		/* M_AD_SHORT */
	WA_MALFORMED,		/* M_AD_TRAILING */
	WA_TYPE,		/* M_TYPE */
	WA_MALFORMED,		/* M_CLIENT_JSON */
	WA_MALFORMED,		/* M_SIG_EMPTY */
};

START_TEST(test_assert_mutation)
{
	const char			*name;
	enum mut			 m = (enum mut)(_i % M__MAX);
	struct fx			 f, other;
	struct webauthn_cred		 c, oc;
	struct webauthn_key		 k, ok;
	struct webauthn_response	 g;
	unsigned char			 ch[WEBAUTHN_CHALLENGE_LEN];
	unsigned char			 ad[64];
	static const char		*elsewhere = "http://localhost:20101";
	uint32_t			 count = 7;
	int				 uv = 7;

	name = _i / M__MAX ? "eddsa" : "es256";
	fx_load(&f, name, 1);
	fx_register(&f, &c, &k);
	fx_get(&f, 1, &g, ch);			/* count 3 */
	switch (m) {
	case M_CHALLENGE:
		ch[0] ^= 0x40;
		break;
	case M_ORIGIN:
		f.rp.origins = &elsewhere;
		break;
	case M_RP_ID:
		f.rp.id = "localhost.example.org";
		break;
	case M_RP_HASH:
		g.auth_data[31] ^= 0x01;
		break;
	case M_NO_UP:
		g.auth_data[32] &= (unsigned char)~0x01;
		break;
	case M_SIG_BIT:
		g.signature[g.signature_len / 2] ^= 0x08;
		break;
	case M_SIG_LAST:
		g.signature[g.signature_len - 1] ^= 0x01;
		break;
	case M_COUNTER_EQ:
		k.count = 3;
		break;
	case M_COUNTER_BACK:
		k.count = 1000;
		break;
	case M_ALG:
		k.alg = -35;			/* ES384 */
		break;
	case M_OTHER_KEY:
		/* es256: another recorded key; eddsa: its key altered */
		fx_load(&other, "es256-packed", 1);
		fx_register(&other, &oc, &ok);
		if (k.alg == WEBAUTHN_ES256)
			memcpy(c.pk, oc.pk, oc.pk_len);
		else
			c.pk[0] ^= 0x01;
		fx_free(&other);
		break;
	case M_AD_SHORT:
		g.auth_data_len = 36;
		break;
	case M_AD_TRAILING:
		memcpy(ad, g.auth_data, g.auth_data_len);
		ad[g.auth_data_len] = 0;
		free(g.auth_data);
		g.auth_data = malloc(g.auth_data_len + 1);
		memcpy(g.auth_data, ad, ++g.auth_data_len);
		break;
	case M_TYPE:
		free(g.client_data);
		g.client_data = malloc(f.resp.client_data_len);
		memcpy(g.client_data, f.resp.client_data,
		    f.resp.client_data_len);
		g.client_data_len = f.resp.client_data_len;
		break;
	case M_CLIENT_JSON:
		g.client_data[g.client_data_len - 1] = ' ';
		break;
	case M_SIG_EMPTY:
		g.signature_len = 0;
		break;
	case M__MAX:
		break;
	}
	ck_assert_str_eq(webauthn_verdict_name(webauthn_assert(&f.rp, ch, &g,
	    &k, &count, &uv)), webauthn_verdict_name(mut_want[m]));
	if (mut_want[m] != WA_OK) {
		ck_assert_uint_eq(count, 0);
		ck_assert_int_eq(uv, 0);
	}
	webauthn_response_free(&g);
	fx_free(&f);
}
END_TEST

/*
 * The virtual authenticator's own override bits: UP cleared, a bogus
 * signature, UV cleared (refused only when required).
 */
START_TEST(test_assert_overrides)
{
	struct fx			 f;
	struct webauthn_cred		 c;
	struct webauthn_key		 k;
	struct webauthn_response	 g;
	unsigned char			 ch[WEBAUTHN_CHALLENGE_LEN];
	uint32_t			 count;
	int				 uv;

	fx_load(&f, "es256-overrides", 1);
	fx_register(&f, &c, &k);
	fx_get(&f, 0, &g, ch);
	ck_assert_int_eq(webauthn_assert(&f.rp, ch, &g, &k, &count, &uv),
	    WA_NO_UP);
	webauthn_response_free(&g);
	fx_get(&f, 1, &g, ch);
	ck_assert_int_eq(webauthn_assert(&f.rp, ch, &g, &k, &count, &uv),
	    WA_SIGNATURE);
	webauthn_response_free(&g);
	fx_get(&f, 2, &g, ch);
	ck_assert_int_eq(webauthn_assert(&f.rp, ch, &g, &k, &count, &uv),
	    WA_NO_UV);
	f.rp.uv_required = 0;
	ck_assert_int_eq(webauthn_assert(&f.rp, ch, &g, &k, &count, &uv),
	    WA_OK);
	ck_assert_int_eq(uv, 0);
	ck_assert_uint_eq(count, 4);
	webauthn_response_free(&g);
	fx_free(&f);
}
END_TEST

/* Recorded without user verification: the assertion too. */
START_TEST(test_assert_no_uv)
{
	struct fx			 f;
	struct webauthn_cred		 c;
	struct webauthn_key		 k;
	struct webauthn_response	 g;
	unsigned char			 ch[WEBAUTHN_CHALLENGE_LEN];
	uint32_t			 count;
	int				 uv;

	fx_load(&f, "es256-nouv", 0);
	fx_register(&f, &c, &k);
	fx_get(&f, 0, &g, ch);
	ck_assert_int_eq(webauthn_assert(&f.rp, ch, &g, &k, &count, &uv),
	    WA_OK);
	ck_assert_int_eq(uv, 0);
	f.rp.uv_required = 1;
	ck_assert_int_eq(webauthn_assert(&f.rp, ch, &g, &k, &count, &uv),
	    WA_NO_UV);
	webauthn_response_free(&g);
	fx_free(&f);
}
END_TEST

START_TEST(test_verdict_names)
{
	const char	*seen[WA_ERROR + 1];
	int		 i, j;

	for (i = WA_OK; i <= WA_ERROR; i++) {
		seen[i] = webauthn_verdict_name((enum webauthn_verdict)i);
		ck_assert_ptr_nonnull(seen[i]);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(seen[i], seen[j]);
	}
	ck_assert_str_eq(webauthn_verdict_name(WA_CHALLENGE), "challenge");
	ck_assert_str_eq(webauthn_verdict_name((enum webauthn_verdict)99),
	    "unknown");
}
END_TEST

static Suite *
webauthn_suite(void)
{
	Suite	*s = suite_create("webauthn");
	TCase	*tc;

	tc = unit_tcase(s, "register", NULL, NULL);
	LOOP(tc, test_register_ok, goods);
	tcase_add_test(tc, test_challenge_of);
	tcase_add_test(tc, test_register_challenge);
	tcase_add_test(tc, test_register_origin);
	tcase_add_test(tc, test_register_type);
	tcase_add_test(tc, test_register_client_data);
	tcase_add_loop_test(tc, test_register_cross_origin, 0, 2);
	tcase_add_test(tc, test_register_rp_id);
	tcase_add_test(tc, test_register_no_up);
	tcase_add_test(tc, test_register_no_uv);
	tcase_add_test(tc, test_register_bs_without_be);
	tcase_add_loop_test(tc, test_register_truncated, 0, 2);
	LOOP(tc, test_register_not_cbor, notcbor);
	tcase_add_test(tc, test_register_cbor_bomb);
	tcase_add_test(tc, test_register_trailing);
	tcase_add_test(tc, test_register_unknown_fmt);
	tcase_add_test(tc, test_register_packed_bad);
	tcase_add_test(tc, test_register_algorithm);

	tc = unit_tcase(s, "read", NULL, NULL);
	LOOP(tc, test_read_malformed, badjsons);
	tcase_add_test(tc, test_read_huge);

	tc = unit_tcase(s, "assert", NULL, NULL);
	LOOP(tc, test_assert_ok, asserters);
	tcase_add_loop_test(tc, test_assert_mutation, 0, 2 * M__MAX);
	tcase_add_test(tc, test_assert_overrides);
	tcase_add_test(tc, test_assert_no_uv);
	tcase_add_test(tc, test_verdict_names);
	return s;
}

int
main(void)
{

	return unit_main("check_webauthn", webauthn_suite, UNIT_SODIUM);
}
