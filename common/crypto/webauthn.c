/*
 * webauthn: what both ceremonies check the same way -- clientDataJSON
 * (type, challenge, origin), the head of authenticatorData (rpIdHash,
 * flags, counter) -- and the verdict names.  The ceremonies themselves
 * are in webauthn_register.c and webauthn_assert.c, the decoding of the
 * posted JSON in webauthn_read.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "token.h"
#include "utf8.h"
#include "webauthn_private.h"

static const char *const verdict_names[] = {
	"ok",			/* WA_OK */
	"malformed",		/* WA_MALFORMED */
	"type",			/* WA_TYPE */
	"challenge",		/* WA_CHALLENGE */
	"origin",		/* WA_ORIGIN */
	"rp_id",		/* WA_RP_ID */
	"no_up",		/* WA_NO_UP */
	"no_uv",		/* WA_NO_UV */
	"signature",		/* WA_SIGNATURE */
	"algorithm",		/* WA_ALGORITHM */
	"attestation",		/* WA_ATTESTATION */
	"counter",		/* WA_COUNTER */
	"error",		/* WA_ERROR */
};

const char *
webauthn_verdict_name(enum webauthn_verdict v)
{

	if ((size_t)v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
		return "unknown";
	return verdict_names[v];
}

void
wa_sha256(const unsigned char *p, size_t len, unsigned char out[32])
{

	crypto_hash_sha256(out, p, len);
}

int
wa_alg_ok(int alg)
{

	return alg == WEBAUTHN_ES256 || alg == WEBAUTHN_EDDSA ||
	    alg == WEBAUTHN_RS256;
}

int
wa_authdata_head(const unsigned char *ad, size_t len, struct wa_authdata *out)
{

	memset(out, 0, sizeof(*out));
	if (ad == NULL || len < WA_AUTHDATA_MIN)
		return -1;
	out->rp_id_hash = ad;
	out->flags = ad[32];
	out->count = (uint32_t)ad[33] << 24 | (uint32_t)ad[34] << 16 |
	    (uint32_t)ad[35] << 8 | (uint32_t)ad[36];
	out->rest = ad + WA_AUTHDATA_MIN;
	out->rest_len = len - WA_AUTHDATA_MIN;
	return 0;
}

/*
 * clientDataJSON as a JSON object (strict, bounded depth, UTF-8, nothing
 * after it), or NULL.  The caller puts the object.
 */
static struct json_object *
client_data_parse(const struct webauthn_response *r)
{
	struct json_tokener	*tok = NULL;
	struct json_object	*o = NULL;

	if (r->client_data == NULL || r->client_data_len == 0 ||
	    r->client_data_len > WA_CLIENT_DATA_MAX ||
	    !utf8_valid((const char *)r->client_data, r->client_data_len))
		return NULL;
	if ((tok = json_tokener_new_ex(WA_JSON_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, (const char *)r->client_data,
	    (int)r->client_data_len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != r->client_data_len ||
	    !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* The string member "key" of "o", or NULL. */
static const char *
member_string(struct json_object *o, const char *key, size_t *len)
{
	struct json_object	*v = NULL;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	*len = (size_t)json_object_get_string_len(v);
	return json_object_get_string(v);
}

/* The challenge member decoded: exactly WEBAUTHN_CHALLENGE_LEN bytes. */
static int
challenge_decode(struct json_object *o,
    unsigned char out[WEBAUTHN_CHALLENGE_LEN])
{
	unsigned char	 buf[WEBAUTHN_CHALLENGE_LEN + 3];
	const char	*s;
	size_t		 len = 0;

	if ((s = member_string(o, "challenge", &len)) == NULL ||
	    b64url_decode(s, len, buf, sizeof(buf)) != WEBAUTHN_CHALLENGE_LEN)
		return -1;
	memcpy(out, buf, WEBAUTHN_CHALLENGE_LEN);
	return 0;
}

enum webauthn_verdict
webauthn_challenge_of(const struct webauthn_response *r,
    unsigned char out[WEBAUTHN_CHALLENGE_LEN])
{
	struct json_object	*o;
	int			 rc;

	memset(out, 0, WEBAUTHN_CHALLENGE_LEN);
	if (r == NULL || (o = client_data_parse(r)) == NULL)
		return WA_MALFORMED;
	rc = challenge_decode(o, out);
	json_object_put(o);
	return rc == 0 ? WA_OK : WA_MALFORMED;
}

/* Whether "origin" is one of the relying party's, exactly. */
static int
origin_allowed(const struct webauthn_rp *rp, const char *origin, size_t len)
{
	size_t	 i;

	for (i = 0; i < rp->norigins; i++)
		if (rp->origins[i] != NULL && strlen(rp->origins[i]) == len &&
		    memcmp(rp->origins[i], origin, len) == 0)
			return 1;
	return 0;
}

enum webauthn_verdict
wa_client_data(const struct webauthn_rp *rp, const char *type,
    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    const struct webauthn_response *r)
{
	struct json_object	*o, *v = NULL;
	unsigned char		 got[WEBAUTHN_CHALLENGE_LEN];
	enum webauthn_verdict	 vd = WA_MALFORMED;
	const char		*s;
	size_t			 len = 0;

	if ((o = client_data_parse(r)) == NULL)
		return WA_MALFORMED;
	if ((s = member_string(o, "type", &len)) == NULL)
		goto out;
	if (len != strlen(type) || memcmp(s, type, len) != 0) {
		vd = WA_TYPE;
		goto out;
	}
	if (challenge_decode(o, got) == -1)
		goto out;
	if (sodium_memcmp(got, challenge, WEBAUTHN_CHALLENGE_LEN) != 0) {
		vd = WA_CHALLENGE;
		goto out;
	}
	if ((s = member_string(o, "origin", &len)) == NULL)
		goto out;
	/* An iframe on another site: never one of ours. */
	if (!origin_allowed(rp, s, len) ||
	    (json_object_object_get_ex(o, "crossOrigin", &v) &&
	    json_object_get_boolean(v))) {
		vd = WA_ORIGIN;
		goto out;
	}
	vd = WA_OK;
out:
	json_object_put(o);
	return vd;
}

enum webauthn_verdict
wa_rp_flags(const struct webauthn_rp *rp, const struct wa_authdata *ad)
{
	unsigned char	 h[WA_RPID_HASH_LEN];

	if (rp->id == NULL)
		return WA_ERROR;
	wa_sha256((const unsigned char *)rp->id, strlen(rp->id), h);
	if (sodium_memcmp(h, ad->rp_id_hash, sizeof(h)) != 0)
		return WA_RP_ID;
	if (!(ad->flags & WA_FLAG_UP))
		return WA_NO_UP;
	if (rp->uv_required && !(ad->flags & WA_FLAG_UV))
		return WA_NO_UV;
	/* Backed up but not backup eligible: no authenticator says that. */
	if ((ad->flags & WA_FLAG_BS) && !(ad->flags & WA_FLAG_BE))
		return WA_MALFORMED;
	return WA_OK;
}
