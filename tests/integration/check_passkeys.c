/*
 * check_passkeys: the passkeys of issue 17 through the real web server,
 * with a software authenticator in this file (an OpenSSL EC P-256 or
 * Ed25519 key, libcbor for the "none" attestation object and the COSE key; the
 * signatures are OpenSSL's): full registration and sign-in ceremonies
 * in the standard JSON forms; a reused challenge and one of the other
 * ceremony refused; a regressed counter refused and audited
 * (passkey_cloned); an unregistered credential refused; the options
 * for a login answer the same stand-in list for an unknown login
 * every time, shaped as a real one; a passkey completes the
 * mfa_required step of a password sign-in and shows among its
 * factors; list, rename and delete, another account's passkey as
 * unknown as none; wrong origin, relying party, flags and signature
 * each with their code, counted by the login throttle; hostile
 * credentials a 4xx.
 *
 * Environment (scripts/test): FCAUTH_TEST_URL (unset = skip),
 * FCAUTH_TEST_CONFIG (its [webauthn] origins: the origin the
 * authenticator writes), FCAUTH_TEST_ADMIN_CONFIG, FCAUTH_TEST_URL_COOKIE
 * (cookie_mode = yes, on the same database).  Needs oathtool
 * (the TOTP code of the mfa step).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cbor.h>
#include <check.h>
#include <json-c/json.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sodium.h>

#include "client.h"
#include "config.h"
#include "db.h"
#include "fixture.h"
#include "token.h"

#define LOGIN		"/api/v1/auth/login"
#define PK_OPTIONS	"/api/v1/profile/passkeys/options"
#define PASSKEYS	"/api/v1/profile/passkeys"
#define AUTH_OPTIONS	"/api/v1/auth/passkey/options"
#define AUTH_LOGIN	"/api/v1/auth/passkey/login"
#define TOTP		"/api/v1/profile/mfa/totp"
#define TOTP_CONFIRM	"/api/v1/profile/mfa/totp/confirm"

#define PW		"Tr0ub4dor & 3 horses!"

#define F_UP		0x01
#define F_UV		0x04
#define F_AT		0x40

/* A software authenticator holding one credential. */
struct authr {
	EVP_PKEY	*key;
	unsigned char	 id[32];
	char		 id_b64[64];
	unsigned char	 handle[64];	/* the user handle it was given */
	size_t		 handle_len;
	uint32_t	 count;
};

/* What a ceremony varies from a good one. */
struct bend {
	const char	*origin;	/* NULL: the configured one */
	const char	*rp_id;		/* NULL: the configured one */
	const char	*type;		/* NULL: the ceremony's */
	int		 flags;		/* 0: UP | UV (| AT) */
	int		 bad_sig;	/* flip a bit of the signature */
	int		 no_handle;	/* leave userHandle out */
};

static char	 origin[CONFIG_ORIGIN_MAX];
static char	 rp_id[256];

/* ---------------------------------------------------------------- */
/* encodings                                                        */
/* ---------------------------------------------------------------- */

static void
b64(const unsigned char *p, size_t n, char *out, size_t outsz)
{
	ck_assert_int_ge(b64url_encode(p, n, out, outsz), 0);
}

/* base64url "s" into "out": its length. */
static size_t
unb64(const char *s, unsigned char *out, size_t outsz)
{
	int	 n;

	ck_assert_int_ge(n = b64url_decode(s, strlen(s), out, outsz), 0);
	return (size_t)n;
}

/* The CBOR bytes of "item" into "out" (malloc'ed): their length. */
static size_t
cbor_bytes(cbor_item_t *item, unsigned char **out)
{
	size_t	 sz = 0, n;

	n = cbor_serialize_alloc(item, out, &sz);
	ck_assert_uint_gt(n, 0);
	cbor_decref(&item);
	return n;
}

static void
map_add(cbor_item_t *m, cbor_item_t *k, cbor_item_t *v)
{
	ck_assert(cbor_map_add(m, (struct cbor_pair){
	    .key = cbor_move(k), .value = cbor_move(v) }));
}

static cbor_item_t *
cbor_int(int v)
{
	return v >= 0 ? cbor_build_uint8((uint8_t)v) :
	    cbor_build_negint8((uint8_t)(-1 - v));
}

/* The COSE_Key of "a"'s public key: OKP Ed25519 (EdDSA), or EC2
 * P-256 (ES256). */
static size_t
cose_key(const struct authr *a, unsigned char **out)
{
	unsigned char	 x[32], y[32];
	BIGNUM		*bx = NULL, *by = NULL;
	cbor_item_t	*m;
	size_t		 xl = sizeof(x);

	if (EVP_PKEY_get_base_id(a->key) == EVP_PKEY_ED25519) {
		ck_assert(EVP_PKEY_get_raw_public_key(a->key, x, &xl));
		m = cbor_new_definite_map(4);
		map_add(m, cbor_int(1), cbor_int(1));	/* kty: OKP */
		map_add(m, cbor_int(3), cbor_int(-8));	/* alg: EdDSA */
		map_add(m, cbor_int(-1), cbor_int(6));	/* crv: Ed25519 */
		map_add(m, cbor_int(-2), cbor_build_bytestring(x, xl));
		return cbor_bytes(m, out);
	}
	m = cbor_new_definite_map(5);

	ck_assert(EVP_PKEY_get_bn_param(a->key, OSSL_PKEY_PARAM_EC_PUB_X,
	    &bx));
	ck_assert(EVP_PKEY_get_bn_param(a->key, OSSL_PKEY_PARAM_EC_PUB_Y,
	    &by));
	ck_assert_int_eq(BN_bn2binpad(bx, x, 32), 32);
	ck_assert_int_eq(BN_bn2binpad(by, y, 32), 32);
	BN_free(bx);
	BN_free(by);
	map_add(m, cbor_int(1), cbor_int(2));		/* kty: EC2 */
	map_add(m, cbor_int(3), cbor_int(-7));		/* alg: ES256 */
	map_add(m, cbor_int(-1), cbor_int(1));		/* crv: P-256 */
	map_add(m, cbor_int(-2), cbor_build_bytestring(x, 32));
	map_add(m, cbor_int(-3), cbor_build_bytestring(y, 32));
	return cbor_bytes(m, out);
}

/*
 * authenticatorData for "rp" with "flags" and counter "count"; with
 * the attested credential data of "a" when "attested".  Its length.
 */
static size_t
auth_data(const struct authr *a, const char *rp, int flags, uint32_t count,
    int attested, unsigned char *out, size_t outsz)
{
	unsigned char	*cose = NULL;
	size_t		 n = 37, clen;

	SHA256((const unsigned char *)rp, strlen(rp), out);
	out[32] = (unsigned char)flags;
	out[33] = (unsigned char)(count >> 24);
	out[34] = (unsigned char)(count >> 16);
	out[35] = (unsigned char)(count >> 8);
	out[36] = (unsigned char)count;
	if (!attested)
		return n;
	clen = cose_key(a, &cose);
	ck_assert_uint_le(n + 18 + sizeof(a->id) + clen, outsz);
	memset(out + n, 0, 16);				/* aaguid */
	n += 16;
	out[n++] = 0;
	out[n++] = sizeof(a->id);
	memcpy(out + n, a->id, sizeof(a->id));
	n += sizeof(a->id);
	memcpy(out + n, cose, clen);
	free(cose);
	return n + clen;
}

/* clientDataJSON of a ceremony "type" answering "challenge" (b64url). */
static void
client_data(const char *type, const char *challenge, const char *orig,
    char *out, size_t outsz)
{
	ck_assert_int_lt(snprintf(out, outsz, "{\"type\":\"%s\","
	    "\"challenge\":\"%s\",\"origin\":\"%s\",\"crossOrigin\":false}",
	    type, challenge, orig), (int)outsz);
}

/* A fresh authenticator with a new key and credential id. */
static void
authr_new(struct authr *a)
{
	memset(a, 0, sizeof(*a));
	ck_assert_ptr_nonnull(a->key = EVP_EC_gen("P-256"));
	randombytes_buf(a->id, sizeof(a->id));
	b64(a->id, sizeof(a->id), a->id_b64, sizeof(a->id_b64));
}

static void
authr_free(struct authr *a)
{
	EVP_PKEY_free(a->key);
	a->key = NULL;
}

/* ---------------------------------------------------------------- */
/* ceremonies                                                       */
/* ---------------------------------------------------------------- */

/*
 * The registration response of "a" to the creation options "opts"
 * (their data), as PublicKeyCredential.toJSON() with "extra" members
 * (JSON text after a comma, or ""), into "out".
 */
static void
attest(struct authr *a, struct json_object *opts, const struct bend *b,
    const char *extra, char *out, size_t outsz)
{
	unsigned char	 ad[1024], *att = NULL;
	char		 cd[512], cd64[1024], *att64;
	const char	*ch, *uid;
	cbor_item_t	*m;
	size_t		 adlen, attlen;

	ck_assert_ptr_nonnull(ch = fx_jstr(opts, "challenge"));
	/* sign-in options (a wrong purpose) have no user */
	if ((uid = fx_jstr(fx_jget(opts, "user"), "id")) != NULL)
		a->handle_len = unb64(uid, a->handle, sizeof(a->handle));
	client_data(b->type != NULL ? b->type : "webauthn.create", ch,
	    b->origin != NULL ? b->origin : origin, cd, sizeof(cd));
	b64((unsigned char *)cd, strlen(cd), cd64, sizeof(cd64));
	adlen = auth_data(a, b->rp_id != NULL ? b->rp_id : rp_id,
	    b->flags != 0 ? b->flags : F_UP | F_UV | F_AT, a->count, 1, ad,
	    sizeof(ad));
	m = cbor_new_definite_map(3);
	map_add(m, cbor_build_string("fmt"), cbor_build_string("none"));
	map_add(m, cbor_build_string("attStmt"), cbor_new_definite_map(0));
	map_add(m, cbor_build_string("authData"),
	    cbor_build_bytestring(ad, adlen));
	attlen = cbor_bytes(m, &att);
	ck_assert_ptr_nonnull(att64 = malloc(attlen * 2 + 4));
	b64(att, attlen, att64, attlen * 2 + 4);
	free(att);
	ck_assert_int_lt(snprintf(out, outsz, "{\"id\":\"%s\",\"rawId\":\"%s\","
	    "\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"%s\","
	    "\"attestationObject\":\"%s\",\"transports\":[\"internal\","
	    "\"hybrid\"]},\"clientExtensionResults\":{},"
	    "\"authenticatorAttachment\":\"platform\"%s%s}", a->id_b64,
	    a->id_b64, cd64, att64, extra[0] != '\0' ? "," : "", extra),
	    (int)outsz);
	free(att64);
}

/*
 * The assertion of "a" (counter "count") for the request options
 * "opts", as PublicKeyCredential.toJSON() plus "extra", into "out".
 */
static void
assert_with(struct authr *a, struct json_object *opts, uint32_t count,
    const struct bend *b, const char *extra, char *out, size_t outsz)
{
	unsigned char	 ad[64], msg[64 + 32], sig[128];
	char		 cd[512], cd64[1024], ad64[128], sig64[256], uh64[128];
	const char	*ch;
	EVP_MD_CTX	*ctx;
	size_t		 adlen, siglen = sizeof(sig);

	ck_assert_ptr_nonnull(ch = fx_jstr(opts, "challenge"));
	client_data(b->type != NULL ? b->type : "webauthn.get", ch,
	    b->origin != NULL ? b->origin : origin, cd, sizeof(cd));
	b64((unsigned char *)cd, strlen(cd), cd64, sizeof(cd64));
	adlen = auth_data(a, b->rp_id != NULL ? b->rp_id : rp_id,
	    b->flags != 0 ? b->flags : F_UP | F_UV, count, 0, ad, sizeof(ad));
	b64(ad, adlen, ad64, sizeof(ad64));
	memcpy(msg, ad, adlen);
	SHA256((const unsigned char *)cd, strlen(cd), msg + adlen);
	ck_assert_ptr_nonnull(ctx = EVP_MD_CTX_new());
	/* Ed25519 signs the message itself, ECDSA its SHA-256 */
	ck_assert_int_eq(EVP_DigestSignInit(ctx, NULL,
	    EVP_PKEY_get_base_id(a->key) == EVP_PKEY_ED25519 ? NULL :
	    EVP_sha256(), NULL, a->key), 1);
	ck_assert_int_eq(EVP_DigestSign(ctx, sig, &siglen, msg, adlen + 32),
	    1);
	EVP_MD_CTX_free(ctx);
	if (b->bad_sig)
		sig[siglen - 3] ^= 0x01;
	b64(sig, siglen, sig64, sizeof(sig64));
	uh64[0] = '\0';
	if (a->handle_len > 0 && !b->no_handle)
		b64(a->handle, a->handle_len, uh64, sizeof(uh64));
	ck_assert_int_lt(snprintf(out, outsz, "{\"id\":\"%s\",\"rawId\":\"%s\","
	    "\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"%s\","
	    "\"authenticatorData\":\"%s\",\"signature\":\"%s\"%s%s%s},"
	    "\"clientExtensionResults\":{}%s%s}", a->id_b64, a->id_b64, cd64,
	    ad64, sig64, uh64[0] != '\0' ? ",\"userHandle\":\"" : "", uh64,
	    uh64[0] != '\0' ? "\"" : "", extra[0] != '\0' ? "," : "", extra),
	    (int)outsz);
}

static const struct bend good = { NULL, NULL, NULL, 0, 0, 0 };

/* POST "body" to "path" with bearer "tok" (may be NULL). */
static void
post(const char *path, const char *tok, const char *body, struct resp *r)
{
	fx_call("POST", path, tok, NULL, body, r);
}

/* The creation options of account "a" (its data, a new reference). */
static struct json_object *
reg_options(const struct fx_account *a)
{
	struct resp		 r;
	struct json_object	*d;

	post(PK_OPTIONS, a->access, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 200, "ok", "registration options");
	d = json_object_get(resp_data(&r));
	resp_free(&r);
	return d;
}

/* The request options for "body" (its data, a new reference). */
static struct json_object *
login_options(const char *body)
{
	struct resp		 r;
	struct json_object	*d;

	post(AUTH_OPTIONS, NULL, body, &r);
	fx_expect(&r, 200, "ok", "sign-in options");
	d = json_object_get(resp_data(&r));
	resp_free(&r);
	return d;
}

/* Register authenticator "a" for "acct" named "name": the passkey id. */
static int64_t
enrol(const struct fx_account *acct, struct authr *a, const char *name)
{
	struct json_object	*o;
	struct resp		 r;
	char			 body[8192], extra[128];
	int64_t			 id;

	o = reg_options(acct);
	snprintf(extra, sizeof(extra), "\"name\":\"%s\"", name);
	attest(a, o, &good, extra, body, sizeof(body));
	json_object_put(o);
	post(PASSKEYS, acct->access, body, &r);
	fx_expect(&r, 201, "ok", "register");
	id = fx_jint(fx_jget(resp_data(&r), "passkey"), "id");
	ck_assert_str_eq(fx_jstr(fx_jget(resp_data(&r), "passkey"), "name"),
	    name);
	resp_free(&r);
	return id;
}

/* A fresh account, signed in. */
static void
account(struct fx_account *a, const char *prefix)
{
	fx_register(a, prefix, PW, 0, NULL);
	ck_assert_int_eq(fx_login("email", a->email, PW, a), 200);
}

/* Sign in with "a" (counter "count") after options "obody": the reply. */
static void
sign_in(struct authr *a, const char *obody, uint32_t count,
    const struct bend *b, const char *extra, struct resp *r)
{
	struct json_object	*o;
	char			 body[4096];

	o = login_options(obody);
	assert_with(a, o, count, b, extra, body, sizeof(body));
	json_object_put(o);
	post(AUTH_LOGIN, NULL, body, r);
}

static long long
audit_count(int64_t uid, const char *event)
{
	static const char sql[] = "SELECT COUNT(*) FROM audit_log "
	    "WHERE user_id = ? AND event = ?";

	return fx_db_int(sql, FX_ARGS(DBV_INT(uid), DBV_STR(event)));
}

/* ---------------------------------------------------------------- */
/* tests                                                            */
/* ---------------------------------------------------------------- */

/* The creation options have exactly the standard members. */
START_TEST(test_creation_options)
{
	static const char *const members[] = {
		"rp", "user", "challenge", "pubKeyCredParams", "timeout",
		"excludeCredentials", "authenticatorSelection", "attestation",
	};
	struct fx_account	 a;
	struct json_object	*o, *p;
	struct resp		 r;
	unsigned char		 buf[64];
	size_t			 i;

	account(&a, "pkopt");
	o = reg_options(&a);
	ck_assert_int_eq(json_object_object_length(o), 8);
	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		ck_assert_msg(fx_jhas(o, members[i]), "no %s", members[i]);
	ck_assert_str_eq(fx_jstr(fx_jget(o, "rp"), "id"), rp_id);
	ck_assert_str_eq(fx_jstr(fx_jget(o, "user"), "name"), a.email);
	/* the handle is random, never the address or the id */
	ck_assert_uint_eq(unb64(fx_jstr(fx_jget(o, "user"), "id"), buf,
	    sizeof(buf)), 32);
	ck_assert_uint_eq(unb64(fx_jstr(o, "challenge"), buf, sizeof(buf)),
	    32);
	p = fx_jget(o, "pubKeyCredParams");
	ck_assert_uint_eq(json_object_array_length(p), 3);
	ck_assert_int_eq(fx_jint(json_object_array_get_idx(p, 0), "alg"), -8);
	ck_assert_int_eq(fx_jint(json_object_array_get_idx(p, 1), "alg"), -7);
	ck_assert_int_eq(fx_jint(json_object_array_get_idx(p, 2), "alg"),
	    -257);
	ck_assert_int_eq(fx_jint(o, "timeout"), 300000);
	ck_assert_str_eq(fx_jstr(fx_jget(o, "authenticatorSelection"),
	    "residentKey"), "preferred");
	ck_assert_str_eq(fx_jstr(o, "attestation"), "none");
	ck_assert_uint_eq(json_object_array_length(fx_jget(o,
	    "excludeCredentials")), 0);
	json_object_put(o);

	/* a wrong password: the password routes' answer */
	post(PK_OPTIONS, a.access, "{\"password\":\"wrong password!\"}", &r);
	fx_expect(&r, 401, "invalid_credentials", "wrong password");
	resp_free(&r);
	post(PK_OPTIONS, a.access, "{}", &r);
	fx_expect(&r, 400, "validation_failed", "no password");
	resp_free(&r);
	post(PK_OPTIONS, NULL, "{\"password\":\"" PW "\"}", &r);
	ck_assert_int_eq(r.status, 401);
	resp_free(&r);
}
END_TEST

/* Register, list, then sign in usernameless and with the login. */
START_TEST(test_register_and_sign_in)
{
	struct fx_account	 a;
	struct authr		 k;
	struct json_object	*o, *l;
	struct resp		 r;
	char			 body[512];

	account(&a, "pkreg");
	authr_new(&k);
	enrol(&a, &k, "Laptop");
	ck_assert_int_eq(audit_count(a.id, "passkey_added"), 1);

	fx_call("GET", PASSKEYS, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "list");
	l = fx_jget(resp_data(&r), "passkeys");
	ck_assert_uint_eq(json_object_array_length(l), 1);
	o = json_object_array_get_idx(l, 0);
	ck_assert_str_eq(fx_jstr(o, "name"), "Laptop");
	ck_assert(fx_jhas(o, "created_at") && fx_jhas(o, "last_used_at"));
	ck_assert_ptr_null(fx_jget(o, "last_used_at"));
	ck_assert_uint_eq(json_object_array_length(fx_jget(o,
	    "transports")), 2);
	resp_free(&r);

	/* the new one is excluded from a second registration */
	o = reg_options(&a);
	l = fx_jget(o, "excludeCredentials");
	ck_assert_uint_eq(json_object_array_length(l), 1);
	ck_assert_str_eq(fx_jstr(json_object_array_get_idx(l, 0), "id"),
	    k.id_b64);
	json_object_put(o);

	/* usernameless: no allowCredentials */
	o = login_options("{}");
	ck_assert_uint_eq(json_object_array_length(fx_jget(o,
	    "allowCredentials")), 0);
	ck_assert_str_eq(fx_jstr(o, "rpId"), rp_id);
	json_object_put(o);
	sign_in(&k, "{}", 1, &good, "", &r);
	fx_expect(&r, 200, "ok", "usernameless sign-in");
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "access_token"));
	ck_assert_int_eq(fx_jint(fx_jget(resp_data(&r), "user"), "id"), a.id);
	resp_free(&r);

	/* with the login: its credential offered */
	snprintf(body, sizeof(body), "{\"login\":\"%s\"}", a.email);
	o = login_options(body);
	l = fx_jget(o, "allowCredentials");
	ck_assert_uint_eq(json_object_array_length(l), 1);
	ck_assert_str_eq(fx_jstr(json_object_array_get_idx(l, 0), "id"),
	    k.id_b64);
	json_object_put(o);
	sign_in(&k, body, 2, &good, "\"remember\":true", &r);
	fx_expect(&r, 200, "ok", "sign-in with the login");
	resp_free(&r);
	ck_assert_int_ge(audit_count(a.id, "login_passkey"), 2);
	authr_free(&k);
}
END_TEST

/* A challenge works once, for its own ceremony only. */
START_TEST(test_challenge_single_use)
{
	struct fx_account	 a;
	struct authr		 k, k2;
	struct json_object	*o;
	struct resp		 r;
	char			 body[8192];

	account(&a, "pkonce");
	authr_new(&k);
	authr_new(&k2);
	o = reg_options(&a);
	attest(&k, o, &good, "", body, sizeof(body));
	json_object_put(o);
	post(PASSKEYS, a.access, body, &r);
	fx_expect(&r, 201, "ok", "register");
	resp_free(&r);
	post(PASSKEYS, a.access, body, &r);
	fx_expect(&r, 400, "passkey_challenge_invalid", "reused");
	resp_free(&r);

	o = login_options("{}");
	assert_with(&k, o, 1, &good, "", body, sizeof(body));
	json_object_put(o);
	post(AUTH_LOGIN, NULL, body, &r);
	fx_expect(&r, 200, "ok", "sign-in");
	resp_free(&r);
	post(AUTH_LOGIN, NULL, body, &r);
	fx_expect(&r, 400, "passkey_challenge_invalid", "reused assertion");
	resp_free(&r);

	/* a sign-in challenge registers nothing, and the other way round */
	o = login_options("{}");
	attest(&k2, o, &good, "", body, sizeof(body));
	json_object_put(o);
	post(PASSKEYS, a.access, body, &r);
	fx_expect(&r, 400, "passkey_challenge_invalid", "wrong purpose");
	resp_free(&r);
	o = reg_options(&a);
	assert_with(&k, o, 5, &good, "", body, sizeof(body));
	json_object_put(o);
	post(AUTH_LOGIN, NULL, body, &r);
	fx_expect(&r, 400, "passkey_challenge_invalid", "wrong purpose");
	resp_free(&r);

	/* a challenge never issued */
	o = json_tokener_parse("{\"challenge\":"
	    "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}");
	assert_with(&k, o, 6, &good, "", body, sizeof(body));
	json_object_put(o);
	post(AUTH_LOGIN, NULL, body, &r);
	fx_expect(&r, 400, "passkey_challenge_invalid", "unknown");
	resp_free(&r);

	/* the same credential twice */
	o = reg_options(&a);
	attest(&k, o, &good, "", body, sizeof(body));
	json_object_put(o);
	post(PASSKEYS, a.access, body, &r);
	fx_expect(&r, 409, "passkey_exists", "registered twice");
	resp_free(&r);
	authr_free(&k);
	authr_free(&k2);
}
END_TEST

/* A counter that goes back is a cloned authenticator. */
START_TEST(test_counter_regression)
{
	struct fx_account	 a;
	struct authr		 k;
	struct resp		 r;

	account(&a, "pkclone");
	authr_new(&k);
	enrol(&a, &k, "Key");
	sign_in(&k, "{}", 5, &good, "", &r);
	fx_expect(&r, 200, "ok", "count 5");
	resp_free(&r);
	sign_in(&k, "{}", 3, &good, "", &r);
	fx_expect(&r, 401, "passkey_counter_regressed", "count 3");
	resp_free(&r);
	sign_in(&k, "{}", 5, &good, "", &r);
	fx_expect(&r, 401, "passkey_counter_regressed", "count 5 again");
	resp_free(&r);
	ck_assert_int_eq(audit_count(a.id, "passkey_cloned"), 2);
	sign_in(&k, "{}", 6, &good, "", &r);
	fx_expect(&r, 200, "ok", "count 6");
	resp_free(&r);
	authr_free(&k);
}
END_TEST

/* Each bent part of an assertion has its own code. */
START_TEST(test_refusals)
{
	struct fx_account	 a;
	struct authr		 k, stranger;
	struct resp		 r;
	struct bend		 b;
	uint32_t		 n = 1;

	account(&a, "pkbad");
	authr_new(&k);
	enrol(&a, &k, "Phone");

	b = good;
	b.origin = "https://evil.example";
	sign_in(&k, "{}", n++, &b, "", &r);
	fx_expect(&r, 400, "passkey_origin_invalid", "origin");
	resp_free(&r);
	b = good;
	b.rp_id = "evil.example";
	sign_in(&k, "{}", n++, &b, "", &r);
	fx_expect(&r, 400, "passkey_rp_invalid", "rp id");
	resp_free(&r);
	b = good;
	b.flags = F_UV;
	sign_in(&k, "{}", n++, &b, "", &r);
	fx_expect(&r, 400, "passkey_flags_invalid", "no UP");
	resp_free(&r);
	b = good;
	b.bad_sig = 1;
	sign_in(&k, "{}", n++, &b, "", &r);
	fx_expect(&r, 401, "passkey_signature_invalid", "signature");
	resp_free(&r);
	b = good;
	b.type = "webauthn.create";
	sign_in(&k, "{}", n++, &b, "", &r);
	fx_expect(&r, 400, "passkey_malformed", "type");
	resp_free(&r);
	ck_assert_int_ge(audit_count(a.id, "passkey_failed"), 4);

	/* a credential never registered */
	authr_new(&stranger);
	sign_in(&stranger, "{}", 1, &good, "", &r);
	fx_expect(&r, 401, "passkey_unknown", "unknown credential");
	resp_free(&r);
	authr_free(&stranger);

	/* five failures count as five wrong passwords: the login
	   throttle holds even the good assertion back now */
	sign_in(&k, "{}", n++, &good, "", &r);
	fx_expect(&r, 429, "rate_limited", "throttled");
	ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
	resp_free(&r);
	authr_free(&k);
}
END_TEST

/* Options for a login tell nothing about the account. */
START_TEST(test_enumeration)
{
	struct fx_account	 a, bare;
	struct authr		 k;
	struct json_object	*o1, *o2, *o3, *l1, *l3, *c;
	char			 body[512], mail[CLIENT_EMAIL_MAX];
	size_t			 i;

	client_unique_email("pknobody", mail);
	snprintf(body, sizeof(body), "{\"login\":\"%s\"}", mail);
	o1 = login_options(body);
	o2 = login_options(body);
	l1 = fx_jget(o1, "allowCredentials");
	ck_assert_uint_ge(json_object_array_length(l1), 1);
	/* the same stand-in list every time, not the same challenge */
	ck_assert_str_eq(json_object_to_json_string(l1),
	    json_object_to_json_string(fx_jget(o2, "allowCredentials")));
	ck_assert_str_ne(fx_jstr(o1, "challenge"), fx_jstr(o2, "challenge"));
	ck_assert_int_eq(json_object_object_length(o1), 5);

	/* an account with a passkey: the same shape */
	account(&a, "pkenum");
	authr_new(&k);
	enrol(&a, &k, "Mine");
	snprintf(body, sizeof(body), "{\"login\":\"%s\"}", a.email);
	o3 = login_options(body);
	l3 = fx_jget(o3, "allowCredentials");
	ck_assert_int_eq(json_object_object_length(o3), 5);
	c = json_object_array_get_idx(l3, 0);
	for (i = 0; i < json_object_array_length(l1); i++) {
		struct json_object *f = json_object_array_get_idx(l1, i);

		ck_assert_int_eq(json_object_object_length(f),
		    json_object_object_length(c));
		ck_assert_str_eq(fx_jstr(f, "type"), "public-key");
		ck_assert(json_object_is_type(fx_jget(f, "transports"),
		    json_type_array));
	}
	json_object_put(o1);
	json_object_put(o2);
	json_object_put(o3);

	/* an assertion of a stand-in id answers as a bad signature of a
	   real one does: nothing tells the two lists apart */
	{
		struct authr	 fake;
		struct bend	 bad = good;
		struct resp	 r;
		char		 mbody[512];

		bad.bad_sig = 1;
		authr_new(&fake);
		snprintf(mbody, sizeof(mbody), "{\"login\":\"%s\"}", mail);
		o1 = login_options(mbody);
		snprintf(fake.id_b64, sizeof(fake.id_b64), "%s",
		    fx_jstr(json_object_array_get_idx(fx_jget(o1,
		    "allowCredentials"), 0), "id"));
		json_object_put(o1);
		sign_in(&fake, mbody, 1, &good, "", &r);
		fx_expect(&r, 401, "passkey_signature_invalid", "stand-in id");
		resp_free(&r);
		sign_in(&k, body, 1, &bad, "", &r);
		fx_expect(&r, 401, "passkey_signature_invalid", "real id");
		resp_free(&r);
		authr_free(&fake);
	}

	/* an account without passkeys gets a stand-in list too */
	account(&bare, "pkbare");
	snprintf(body, sizeof(body), "{\"login\":\"%s\"}", bare.email);
	o1 = login_options(body);
	ck_assert_uint_ge(json_object_array_length(fx_jget(o1,
	    "allowCredentials")), 1);
	json_object_put(o1);
	authr_free(&k);
}
END_TEST

/* The TOTP code of base32 "secret" now, by oathtool. */
static void
totp(const char *secret, char *out)
{
	char	 cmd[512], line[64];
	FILE	*p;

	snprintf(cmd, sizeof(cmd), "oathtool --totp -b '%s'", secret);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_int_eq(pclose(p), 0);
	line[strcspn(line, "\r\n")] = '\0';
	memcpy(out, line, 7);
}

/* A passkey completes the mfa_required step of a password sign-in. */
START_TEST(test_mfa_step)
{
	struct fx_account	 a;
	struct authr		 k;
	struct json_object	*f, *o, *l;
	struct resp		 r;
	char			 secret[128], code[8], body[512], tok[256];
	char			 extra[512], abody[4096];
	size_t			 i;
	int			 has = 0;

	account(&a, "pkmfa");
	fx_call("POST", TOTP, a.access, NULL, "{\"password\":\"" PW "\"}",
	    &r);
	fx_expect(&r, 200, "ok", "enrol");
	fx_jcopy(resp_data(&r), "secret", secret, sizeof(secret));
	resp_free(&r);
	totp(secret, code);
	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", code);
	fx_call("POST", TOTP_CONFIRM, a.access, NULL, body, &r);
	fx_expect(&r, 200, "ok", "confirm");
	resp_free(&r);
	authr_new(&k);
	enrol(&a, &k, "Second factor");

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    a.email, PW);
	post(LOGIN, NULL, body, &r);
	fx_expect(&r, 200, "mfa_required", "password");
	f = fx_jget(resp_data(&r), "factors");
	for (i = 0; i < json_object_array_length(f); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(f,
		    i)), "passkey") == 0)
			has = 1;
	ck_assert_msg(has, "no passkey factor: %s", r.body);
	fx_jcopy(resp_data(&r), "mfa_token", tok, sizeof(tok));
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"mfa_token\":\"%s\"}", tok);
	o = login_options(body);
	l = fx_jget(o, "allowCredentials");
	ck_assert_uint_eq(json_object_array_length(l), 1);
	ck_assert_str_eq(fx_jstr(json_object_array_get_idx(l, 0), "id"),
	    k.id_b64);
	/* without the mfa_token this challenge signs nobody in */
	assert_with(&k, o, 1, &good, "", abody, sizeof(abody));
	post(AUTH_LOGIN, NULL, abody, &r);
	fx_expect(&r, 400, "passkey_challenge_invalid", "unbound");
	resp_free(&r);
	json_object_put(o);

	o = login_options(body);
	snprintf(extra, sizeof(extra), "\"mfa_token\":\"%s\","
	    "\"remember_device\":true", tok);
	assert_with(&k, o, 2, &good, extra, abody, sizeof(abody));
	json_object_put(o);
	post(AUTH_LOGIN, NULL, abody, &r);
	fx_expect(&r, 200, "ok", "second factor");
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "access_token"));
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "device_token"));
	resp_free(&r);
	/* the pending sign-in is used */
	post(AUTH_OPTIONS, NULL, body, &r);
	fx_expect(&r, 401, "mfa_token_invalid", "used token");
	resp_free(&r);
	post(AUTH_OPTIONS, NULL, "{\"mfa_token\":\"nope\",\"login\":\"x\"}",
	    &r);
	fx_expect(&r, 400, "validation_failed", "both");
	resp_free(&r);

	/* a passkey alone signs in without the code: it is two factors */
	sign_in(&k, "{}", 3, &good, "", &r);
	fx_expect(&r, 200, "ok", "passkey of a TOTP account");
	resp_free(&r);
	authr_free(&k);
}
END_TEST

/* Rename and delete, the account's own only. */
/* How many passkeys the user object of "acct" counts (GET /profile). */
static int64_t
profile_passkeys(const struct fx_account *acct)
{
	struct resp	 r;
	int64_t		 n;

	fx_call("GET", "/api/v1/profile", acct->access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "GET /profile");
	n = fx_jint(fx_jget(resp_data(&r), "mfa"), "passkeys");
	resp_free(&r);
	return n;
}

START_TEST(test_rename_delete)
{
	struct fx_account	 a, b;
	struct authr		 k;
	struct resp		 r;
	char			 path[128];
	int64_t			 id;

	account(&a, "pkmine");
	account(&b, "pkother");
	authr_new(&k);
	ck_assert_int_eq(profile_passkeys(&a), 0);
	id = enrol(&a, &k, "Old name");
	snprintf(path, sizeof(path), PASSKEYS "/%lld", (long long)id);
	/* the user object counts it among the factors; not another's */
	ck_assert_int_eq(profile_passkeys(&a), 1);
	ck_assert_int_eq(profile_passkeys(&b), 0);

	fx_call("PATCH", path, a.access, NULL, "{\"name\":\"New name\"}", &r);
	fx_expect(&r, 200, "ok", "rename");
	ck_assert_str_eq(fx_jstr(fx_jget(resp_data(&r), "passkey"), "name"),
	    "New name");
	resp_free(&r);
	ck_assert_int_eq(audit_count(a.id, "passkey_renamed"), 1);
	fx_call("PATCH", path, a.access, NULL, "{\"name\":\""
	    "12345678901234567890123456789012345678901234567890123456789012345"
	    "\"}", &r);
	fx_expect(&r, 400, "validation_failed", "long name");
	resp_free(&r);
	fx_call("PATCH", path, a.access, NULL, "{\"name\":[1]}", &r);
	fx_expect(&r, 400, "validation_failed", "array name");
	resp_free(&r);
	fx_call("PATCH", path, b.access, NULL, "{\"name\":\"Mine now\"}", &r);
	fx_expect(&r, 404, "not_found", "another's");
	resp_free(&r);
	fx_call("DELETE", path, b.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "another's");
	resp_free(&r);
	fx_call("DELETE", PASSKEYS "/abc", a.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "not a number");
	resp_free(&r);

	fx_call("DELETE", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "delete");
	resp_free(&r);
	ck_assert_int_eq(audit_count(a.id, "passkey_removed"), 1);
	ck_assert_int_eq(profile_passkeys(&a), 0);
	fx_call("DELETE", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "deleted");
	resp_free(&r);
	/* gone: it signs nobody in */
	sign_in(&k, "{}", 1, &good, "", &r);
	fx_expect(&r, 401, "passkey_unknown", "deleted credential");
	resp_free(&r);
	authr_free(&k);
}
END_TEST

/*
 * An account holds at most 50 passkeys (all of them fit the options'
 * excludeCredentials): with 50 stored, the options refuse to start a
 * ceremony and a registration answering one started before is refused
 * too; one fewer, and the next goes through.
 */
START_TEST(test_limit)
{
	static const char	 fill[] = "INSERT INTO passkeys (user_id, "
	    "cred_id, public_key, alg, aaguid, name, created_at) "
	    "VALUES (?, ?, 'k', -7, ?, 'filler', UTC_TIMESTAMP())";
	static const char	 drop[] = "DELETE FROM passkeys "
	    "WHERE user_id = ? ORDER BY id LIMIT 1";
	/* rows made here, not by the store: their count too */
	static const char	 recount[] = "UPDATE users SET passkeys = "
	    "(SELECT COUNT(*) FROM passkeys WHERE user_id = ?) WHERE id = ?";
	static const unsigned char aaguid[16];
	struct fx_account	 a;
	struct authr		 k;
	struct json_object	*o;
	struct resp		 r;
	char			 body[8192], cred[64];
	int			 i;

	account(&a, "pklimit");
	authr_new(&k);
	o = reg_options(&a);
	attest(&k, o, &good, "", body, sizeof(body));
	json_object_put(o);
	for (i = 0; i < 50; i++) {
		snprintf(cred, sizeof(cred), "filler-%lld-%d",
		    (long long)a.id, i);
		fx_db_exec(fill, FX_ARGS(DBV_INT(a.id),
		    DBV_BLOB(cred, strlen(cred)),
		    DBV_BLOB(aaguid, sizeof(aaguid))));
	}
	fx_db_exec(recount, FX_ARGS(DBV_INT(a.id), DBV_INT(a.id)));
	ck_assert_int_eq(profile_passkeys(&a), 50);
	post(PK_OPTIONS, a.access, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 409, "passkey_limit", "options with 50 held");
	resp_free(&r);
	post(PASSKEYS, a.access, body, &r);
	fx_expect(&r, 409, "passkey_limit", "registration with 50 held");
	resp_free(&r);
	ck_assert_int_eq(profile_passkeys(&a), 50);
	ck_assert_int_eq(audit_count(a.id, "passkey_added"), 0);

	fx_db_exec(drop, FX_ARGS(DBV_INT(a.id)));
	fx_db_exec(recount, FX_ARGS(DBV_INT(a.id), DBV_INT(a.id)));
	(void)enrol(&a, &k, "The fiftieth");
	ck_assert_int_eq(profile_passkeys(&a), 50);
	authr_free(&k);
}
END_TEST

/*
 * A registration answering a live challenge of "acct" whose
 * attestationObject is "att64" (base64url): its answer must be 400
 * passkey_attestation_invalid (the parser refused it), or
 * passkey_malformed when it is over the verifier's size cap.
 */
static void
attestation_refused(const struct fx_account *acct, const char *what,
    const char *att64)
{
	struct json_object	*o;
	struct resp		 r;
	char			 cd[512], cd64[1024], *body;
	size_t			 n;

	o = reg_options(acct);
	client_data("webauthn.create", fx_jstr(o, "challenge"), origin, cd,
	    sizeof(cd));
	json_object_put(o);
	b64((unsigned char *)cd, strlen(cd), cd64, sizeof(cd64));
	n = strlen(att64) + 2048;
	ck_assert_ptr_nonnull(body = malloc(n));
	snprintf(body, n, "{\"id\":\"AAAA\",\"rawId\":\"AAAA\","
	    "\"type\":\"public-key\",\"response\":{\"clientDataJSON\":"
	    "\"%s\",\"attestationObject\":\"%s\"}}", cd64, att64);
	post(PASSKEYS, acct->access, body, &r);
	free(body);
	ck_assert_msg(r.status == 400 && resp_code(&r) != NULL &&
	    (strcmp(resp_code(&r), "passkey_attestation_invalid") == 0 ||
	    (strlen(att64) > 1024 &&
	    strcmp(resp_code(&r), "passkey_malformed") == 0)),
	    "%s: %ld %s", what, r.status, r.body);
	resp_free(&r);
}

/* In cookie mode a passkey sign-in sets the session cookies. */
START_TEST(test_cookie_mode)
{
	struct fx_account	 a;
	struct authr		 k;
	struct resp		 r;
	const char		*c;
	size_t			 i;
	int			 refresh = 0;

	account(&a, "pkcookie");
	authr_new(&k);
	enrol(&a, &k, "Cookie");
	fx_use_instance("FCAUTH_TEST_URL_COOKIE");
	sign_in(&k, "{}", 1, &good, "", &r);
	fx_use_main();
	fx_expect(&r, 200, "ok", "cookie-mode sign-in");
	for (i = 0; (c = resp_header_nth(&r, "Set-Cookie", i)) != NULL; i++)
		if (strstr(c, "HttpOnly") != NULL)
			refresh = 1;
	ck_assert_msg(refresh, "no HttpOnly session cookie: %s", r.body);
	resp_free(&r);
	authr_free(&k);
}
END_TEST

/* An Ed25519 (EdDSA) authenticator registers and signs in too. */
START_TEST(test_eddsa)
{
	struct fx_account	 a;
	struct authr		 k;
	struct resp		 r;
	struct bend		 bad = good;

	account(&a, "pked");
	authr_new(&k);
	EVP_PKEY_free(k.key);
	ck_assert_ptr_nonnull(k.key = EVP_PKEY_Q_keygen(NULL, NULL,
	    "ED25519"));
	enrol(&a, &k, "Ed25519 key");
	sign_in(&k, "{}", 0, &good, "", &r);
	fx_expect(&r, 200, "ok", "EdDSA sign-in");
	resp_free(&r);
	bad.bad_sig = 1;
	sign_in(&k, "{}", 0, &bad, "", &r);
	fx_expect(&r, 401, "passkey_signature_invalid", "EdDSA bad signature");
	resp_free(&r);
	/* a counter of 0 each time: an authenticator that keeps none */
	sign_in(&k, "{}", 0, &good, "", &r);
	fx_expect(&r, 200, "ok", "EdDSA sign-in again");
	resp_free(&r);
	authr_free(&k);
}
END_TEST

/* CBOR bombs and broken attestation objects, behind a real challenge. */
START_TEST(test_cbor_bombs)
{
	struct fx_account	 a;
	char			*s;
	size_t			 i;

	account(&a, "pkcbor");
	/* 9000 nested definite arrays */
	ck_assert_ptr_nonnull(s = malloc(3000 * 4 + 3));
	for (i = 0; i < 3000; i++)
		memcpy(s + 4 * i, "gYGB", 4);
	memcpy(s + 4 * i, "AA", 3);
	attestation_refused(&a, "nested arrays", s);
	/* indefinite arrays that never end */
	for (i = 0; i < 3000; i++)
		memcpy(s + 4 * i, "n5-f", 4);
	s[4 * i] = '\0';
	attestation_refused(&a, "indefinite arrays", s);
	free(s);
	/* {"fmt": a byte string of 2^64 - 1 bytes} */
	attestation_refused(&a, "huge length", "oWNmbXRb__________8");
	/* authData of 2^31 - 1 bytes announced */
	attestation_refused(&a, "huge authData",
	    "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVp_____");
	/* not CBOR at all, and truncated */
	attestation_refused(&a, "not CBOR", "_____w");
	attestation_refused(&a, "truncated", "o2NmbXRkbm9u");
}
END_TEST

/* Credentials that are not ones are a 4xx, never a 5xx. */
START_TEST(test_hostile)
{
	static const char *const bodies[] = {
		"{}",
		"{\"id\":\"***\",\"rawId\":\"***\",\"type\":\"public-key\","
		    "\"response\":{\"clientDataJSON\":\"***\","
		    "\"authenticatorData\":\"!!\",\"signature\":\"%%\"}}",
		"{\"id\":1,\"rawId\":[],\"type\":\"public-key\","
		    "\"response\":\"x\"}",
		"{\"id\":\"AAAA\",\"rawId\":\"AAAB\",\"type\":\"public-key\","
		    "\"response\":{\"clientDataJSON\":\"e30\","
		    "\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\"}}",
		"{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"password\","
		    "\"response\":{\"clientDataJSON\":\"e30\","
		    "\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\"}}",
		"{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\","
		    "\"response\":{\"clientDataJSON\":\"e30\","
		    "\"attestationObject\":\"oWNmbXRkbm9uZQ\"}}",
	};
	struct fx_account	 a;
	struct resp		 r;
	size_t			 i;

	account(&a, "pkhostile");
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		post(AUTH_LOGIN, NULL, bodies[i], &r);
		ck_assert_msg(r.status >= 400 && r.status < 500,
		    "login %zu: %ld %s", i, r.status, r.body);
		resp_free(&r);
		post(PASSKEYS, a.access, bodies[i], &r);
		ck_assert_msg(r.status >= 400 && r.status < 500,
		    "register %zu: %ld %s", i, r.status, r.body);
		resp_free(&r);
	}
	post(AUTH_OPTIONS, NULL, "{\"login\":[\"a\"]}", &r);
	fx_expect(&r, 400, "validation_failed", "array login");
	resp_free(&r);
	post(AUTH_OPTIONS, NULL, "{\"login\":\"not an address or name!\"}",
	    &r);
	fx_expect(&r, 200, "ok", "odd login: a stand-in list");
	resp_free(&r);
	post(AUTH_OPTIONS, NULL, "{\"mfa_token\":\"x\"}", &r);
	fx_expect(&r, 401, "mfa_token_invalid", "unknown mfa_token");
	resp_free(&r);
}
END_TEST

static Suite *
passkeys_suite(void)
{
	Suite	*s = suite_create("passkeys");
	TCase	*tc = fx_tcase(s, "ceremonies");

	tcase_add_test(tc, test_creation_options);
	tcase_add_test(tc, test_register_and_sign_in);
	tcase_add_test(tc, test_challenge_single_use);
	tcase_add_test(tc, test_counter_regression);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_enumeration);
	tcase_add_test(tc, test_mfa_step);
	tcase_add_test(tc, test_rename_delete);
	tcase_add_test(tc, test_limit);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_cbor_bombs);
	tcase_add_test(tc, test_eddsa);
	tcase_add_test(tc, test_cookie_mode);
	return s;
}

int
main(void)
{
	struct config	 cfg;
	char		 err[512];
	const char	*path;

	fx_init("check_passkeys");
	if ((path = getenv("FCAUTH_TEST_CONFIG")) == NULL ||
	    config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "check_passkeys: no FCAUTH_TEST_CONFIG\n");
		return 1;
	}
	if (cfg.webauthn_rp_id[0] == '\0' || cfg.webauthn_norigins == 0) {
		fprintf(stderr, "check_passkeys: [webauthn] is off in %s: "
		    "skipped\n", path);
		config_free(&cfg);
		return CLIENT_EXIT_SKIP;
	}
	snprintf(rp_id, sizeof(rp_id), "%s", cfg.webauthn_rp_id);
	snprintf(origin, sizeof(origin), "%s", cfg.webauthn_origin[0]);
	config_free(&cfg);
	return fx_run(srunner_create(passkeys_suite()));
}
