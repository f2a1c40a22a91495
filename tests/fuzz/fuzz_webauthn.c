/*
 * libFuzzer target: the passkey verifier (common/crypto/webauthn*.c),
 * the attestation/assertion parsing path.
 *
 * The first byte of the input picks what the rest is:
 *  0  a posted credential (PublicKeyCredential.toJSON()): read as a
 *     registration, then as an assertion, each verified against the
 *     challenge its own clientDataJSON carries (so that mutations get
 *     past the challenge check) with the key of the recorded ES256
 *     credential;
 *  1  an attestation object, behind the recorded valid clientDataJSON;
 *  2  authenticatorData (its length in the second byte) then a
 *     signature, behind the recorded valid clientDataJSON of a get;
 *  3  a clientDataJSON, in front of the recorded attestation object.
 * The recorded pieces are from tests/fixtures/webauthn/es256.json.
 *
 * Invariants: every verdict is one of the enum; a refused registration
 * leaves "out" cleared, an accepted one has a supported algorithm, a
 * key and an id within bounds and equal to the response's rawId; an
 * accepted assertion moved the counter forward (or both are 0) and a
 * refused one leaves count and UV at 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "fuzz.h"
#include "token.h"
#include "webauthn.h"

#define MAXIN	16384

/* From tests/fixtures/webauthn/es256.json. */
static const char rec_origin[] = "http://localhost:20100";
static const char rec_create_challenge[] =
    "cn2Ik56ptL_K1eDr9gEMFyItOENOWWRveoWQm6axvMc";
static const char rec_create_cdata[] =
    "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiY24ySWs1NnB0TF9L"
    "MWVEcjlnRU1GeUl0T0VOT1dXUnZlb1dRbTZheHZNYyIsIm9yaWdpbiI6Imh0dHA6Ly9s"
    "b2NhbGhvc3Q6MjAxMDAiLCJjcm9zc09yaWdpbiI6ZmFsc2V9";
static const char rec_attobj[] =
    "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVikSZYN5YgOjGh0NBcPZHZgW4_krrmi"
    "hjLHmVzzuoMdl2NFAAAAAQECAwQFBgcIAQIDBAUGBwgAIN_PFR1FMmCKlaIBXJt3QPi-"
    "-OCGOjSoszArbOk7f7ATpQECAyYgASFYIBa75U2Hc2D_7m4DXKoRKpUNKkgoQySy5i5X"
    "EcI4pcg-Ilgg0PtTLKQtqYV4EIqXBfn8QgJCKD8FdLmd_BPFeWiTX6c";
static const char rec_id[] = "388VHUUyYIqVogFcm3dA-L744IY6NKizMCts6Tt_sBM";
static const char rec_get_challenge[] =
    "l6KtuMPO2eTv-gUQGyYxPEdSXWhzfomUn6q1wMvW4ew";
static const char rec_get_cdata[] =
    "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoibDZLdHVNUE8yZVR2LWdV"
    "UUd5WXhQRWRTWFdoemZvbVVuNnExd012VzRldyIsIm9yaWdpbiI6Imh0dHA6Ly9sb2Nh"
    "bGhvc3Q6MjAxMDAiLCJjcm9zc09yaWdpbiI6ZmFsc2UsIm90aGVyX2tleXNfY2FuX2Jl"
    "X2FkZGVkX2hlcmUiOiJkbyBub3QgY29tcGFyZSBjbGllbnREYXRhSlNPTiBhZ2FpbnN0"
    "IGEgdGVtcGxhdGUuIFNlZSBodHRwczovL2dvby5nbC95YWJQZXgifQ";

static const char *const origins[] = { rec_origin };
static struct webauthn_rp rp = { "localhost", origins, 1, 0 };

/* Decoded once. */
static unsigned char create_ch[WEBAUTHN_CHALLENGE_LEN];
static unsigned char get_ch[WEBAUTHN_CHALLENGE_LEN];
static unsigned char create_cd[512], attobj[512], cred_id[64], get_cd[512];
static size_t create_cd_len, attobj_len, cred_id_len, get_cd_len;
static struct webauthn_cred rec_cred;
static struct webauthn_key rec_key;

static size_t
dec(const char *s, unsigned char *out, size_t outsz)
{
	int	 n = b64url_decode(s, strlen(s), out, outsz);

	FUZZ_ASSERT(n > 0);
	return (size_t)n;
}

static void
init(void)
{
	static int			 done;
	struct webauthn_response	 r;

	if (done)
		return;
	FUZZ_ASSERT(sodium_init() >= 0);
	FUZZ_ASSERT(dec(rec_create_challenge, create_ch, sizeof(create_ch)) ==
	    WEBAUTHN_CHALLENGE_LEN);
	FUZZ_ASSERT(dec(rec_get_challenge, get_ch, sizeof(get_ch)) ==
	    WEBAUTHN_CHALLENGE_LEN);
	create_cd_len = dec(rec_create_cdata, create_cd, sizeof(create_cd));
	attobj_len = dec(rec_attobj, attobj, sizeof(attobj));
	cred_id_len = dec(rec_id, cred_id, sizeof(cred_id));
	get_cd_len = dec(rec_get_cdata, get_cd, sizeof(get_cd));
	memset(&r, 0, sizeof(r));
	r.id = cred_id;
	r.id_len = cred_id_len;
	r.client_data = create_cd;
	r.client_data_len = create_cd_len;
	r.attestation = attobj;
	r.attestation_len = attobj_len;
	FUZZ_ASSERT(webauthn_register(&rp, create_ch, &r, &rec_cred) == WA_OK);
	rec_key.alg = rec_cred.alg;
	rec_key.pk = rec_cred.pk;
	rec_key.pk_len = rec_cred.pk_len;
	rec_key.count = rec_cred.count;
	done = 1;
}

static void
check_verdict(enum webauthn_verdict v)
{

	FUZZ_ASSERT(v >= WA_OK && v <= WA_ERROR);
	FUZZ_ASSERT(webauthn_verdict_name(v) != NULL);
}

static void
do_register(const unsigned char ch[WEBAUTHN_CHALLENGE_LEN],
    const struct webauthn_response *r)
{
	static const struct webauthn_cred	 zero;
	struct webauthn_cred			 c;
	enum webauthn_verdict			 v;

	memset(&c, 0x5a, sizeof(c));
	v = webauthn_register(&rp, ch, r, &c);
	check_verdict(v);
	if (v != WA_OK) {
		FUZZ_ASSERT(memcmp(&c, &zero, sizeof(c)) == 0);
		return;
	}
	FUZZ_ASSERT(c.alg == WEBAUTHN_ES256 || c.alg == WEBAUTHN_EDDSA ||
	    c.alg == WEBAUTHN_RS256);
	FUZZ_ASSERT(c.pk_len > 0 && c.pk_len <= WEBAUTHN_PK_MAX);
	FUZZ_ASSERT(c.id_len > 0 && c.id_len <= WEBAUTHN_ID_MAX);
	FUZZ_ASSERT(c.id_len == r->id_len &&
	    memcmp(c.id, r->id, c.id_len) == 0);
	FUZZ_ASSERT(memchr(c.fmt, '\0', sizeof(c.fmt)) != NULL);
}

static void
do_assert(const unsigned char ch[WEBAUTHN_CHALLENGE_LEN],
    const struct webauthn_response *r)
{
	enum webauthn_verdict	 v;
	uint32_t		 count = 77;
	int			 uv = 77;

	v = webauthn_assert(&rp, ch, r, &rec_key, &count, &uv);
	check_verdict(v);
	if (v == WA_OK)
		FUZZ_ASSERT(count > rec_key.count ||
		    (count == 0 && rec_key.count == 0));
	else
		FUZZ_ASSERT(count == 0 && uv == 0);
}

/* Mode 0: a posted credential, both ways. */
static void
posted(const uint8_t *p, size_t len)
{
	struct json_tokener		*tok;
	struct json_object		*o;
	struct webauthn_response	 r;
	unsigned char			 ch[WEBAUTHN_CHALLENGE_LEN];
	int				 assertion;

	if ((tok = json_tokener_new_ex(16)) == NULL)
		return;
	o = json_tokener_parse_ex(tok, (const char *)p, (int)len);
	json_tokener_free(tok);
	if (o == NULL)
		return;
	for (assertion = 0; assertion <= 1; assertion++) {
		check_verdict(webauthn_read(o, assertion, &r));
		if (webauthn_challenge_of(&r, ch) == WA_OK) {
			if (assertion)
				do_assert(ch, &r);
			else
				do_register(ch, &r);
		} else
			FUZZ_ASSERT(sodium_is_zero(ch, sizeof(ch)));
		webauthn_response_free(&r);
		webauthn_response_free(&r);	/* harmless twice */
	}
	json_object_put(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct webauthn_response	 r;
	unsigned char			 buf[MAXIN];
	size_t				 n;

	init();
	if (size < 1 || size > MAXIN)
		return 0;
	memcpy(buf, data + 1, size - 1);	/* no const for the struct */
	memset(&r, 0, sizeof(r));
	r.id = cred_id;
	r.id_len = cred_id_len;
	switch (data[0] % 4) {
	case 0:
		posted(data + 1, size - 1);
		break;
	case 1:
		r.client_data = create_cd;
		r.client_data_len = create_cd_len;
		r.attestation = buf;
		r.attestation_len = size - 1;
		do_register(create_ch, &r);
		break;
	case 2:
		if (size < 2)
			break;
		n = data[1];
		if (n > size - 2)
			n = size - 2;
		r.client_data = get_cd;
		r.client_data_len = get_cd_len;
		r.auth_data = buf + 1;
		r.auth_data_len = n;
		r.signature = buf + 1 + n;
		r.signature_len = size - 2 - n;
		do_assert(get_ch, &r);
		break;
	case 3:
		r.client_data = buf;
		r.client_data_len = size - 1;
		r.attestation = attobj;
		r.attestation_len = attobj_len;
		do_register(create_ch, &r);
		break;
	}
	return 0;
}
