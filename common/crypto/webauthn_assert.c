/*
 * webauthn_assert: the sign-in ceremony against a stored credential.
 * libfido2 verifies the signature over authenticatorData and the
 * SHA-256 of clientDataJSON with the stored key; the counter check
 * comes last so that a cloned authenticator is told apart from a bad
 * signature.
 */
#include <string.h>

#include <fido.h>
#include <fido/eddsa.h>
#include <fido/es256.h>
#include <fido/rs256.h>

#include "webauthn_private.h"

/*
 * An assertion's authData: the head, then the extensions when flagged,
 * nothing else (attested credential data has no place here).  0 or -1.
 */
static int
authdata_read(const struct webauthn_response *r, struct wa_authdata *h)
{
	size_t	 used = 0;

	if (wa_authdata_head(r->auth_data, r->auth_data_len, h) == -1 ||
	    (h->flags & WA_FLAG_AT))
		return -1;
	if (!(h->flags & WA_FLAG_ED))
		return h->rest_len == 0 ? 0 : -1;
	if (wa_cbor_walk(h->rest, h->rest_len, &used) == -1)
		return -1;
	return used == h->rest_len ? 0 : -1;
}

/* libfido2's signature check with the stored key of "k->alg". */
static enum webauthn_verdict
sig_verify(const fido_assert_t *fa, const struct webauthn_key *k)
{
	es256_pk_t		*es = NULL;
	eddsa_pk_t		*ed = NULL;
	rs256_pk_t		*rs = NULL;
	const void		*pk = NULL;
	enum webauthn_verdict	 vd = WA_ERROR;

	switch (k->alg) {
	case WEBAUTHN_ES256:
		if ((es = es256_pk_new()) != NULL &&
		    es256_pk_from_ptr(es, k->pk, k->pk_len) == FIDO_OK)
			pk = es;
		break;
	case WEBAUTHN_EDDSA:
		if ((ed = eddsa_pk_new()) != NULL &&
		    eddsa_pk_from_ptr(ed, k->pk, k->pk_len) == FIDO_OK)
			pk = ed;
		break;
	case WEBAUTHN_RS256:
		if ((rs = rs256_pk_new()) != NULL &&
		    rs256_pk_from_ptr(rs, k->pk, k->pk_len) == FIDO_OK)
			pk = rs;
		break;
	default:
		return WA_ALGORITHM;
	}
	if (pk != NULL)
		vd = fido_assert_verify(fa, 0, k->alg, pk) == FIDO_OK ?
		    WA_OK : WA_SIGNATURE;
	es256_pk_free(&es);
	eddsa_pk_free(&ed);
	rs256_pk_free(&rs);
	return vd;
}

/* The assertion as libfido2 sees it, then its signature. */
static enum webauthn_verdict
assert_verify(const struct webauthn_rp *rp, const struct webauthn_response *r,
    const struct webauthn_key *k)
{
	fido_assert_t		*fa;
	unsigned char		 cdh[32];
	enum webauthn_verdict	 vd = WA_ERROR;

	if ((fa = fido_assert_new()) == NULL)
		return WA_ERROR;
	wa_sha256(r->client_data, r->client_data_len, cdh);
	if (fido_assert_set_count(fa, 1) != FIDO_OK ||
	    fido_assert_set_rp(fa, rp->id) != FIDO_OK ||
	    fido_assert_set_clientdata_hash(fa, cdh, sizeof(cdh)) != FIDO_OK ||
	    fido_assert_set_up(fa, FIDO_OPT_TRUE) != FIDO_OK ||
	    fido_assert_set_uv(fa, rp->uv_required ? FIDO_OPT_TRUE :
	    FIDO_OPT_OMIT) != FIDO_OK)
		goto out;
	if (fido_assert_set_authdata_raw(fa, 0, r->auth_data,
	    r->auth_data_len) != FIDO_OK) {
		vd = WA_MALFORMED;
		goto out;
	}
	if (fido_assert_set_sig(fa, 0, r->signature,
	    r->signature_len) != FIDO_OK) {
		vd = WA_SIGNATURE;
		goto out;
	}
	vd = sig_verify(fa, k);
out:
	fido_assert_free(&fa);
	return vd;
}

enum webauthn_verdict
webauthn_assert(const struct webauthn_rp *rp,
    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    const struct webauthn_response *r, const struct webauthn_key *k,
    uint32_t *count_out, int *uv_out)
{
	struct wa_authdata	 h;
	enum webauthn_verdict	 vd;

	*count_out = 0;
	*uv_out = 0;
	if (rp == NULL || rp->id == NULL || challenge == NULL || k == NULL)
		return WA_ERROR;
	if (r == NULL || r->auth_data == NULL || r->signature == NULL ||
	    r->signature_len == 0)
		return WA_MALFORMED;
	if ((vd = wa_client_data(rp, "webauthn.get", challenge, r)) != WA_OK)
		return vd;
	if (authdata_read(r, &h) == -1)
		return WA_MALFORMED;
	if ((vd = wa_rp_flags(rp, &h)) != WA_OK)
		return vd;
	if (!wa_alg_ok(k->alg))
		return WA_ALGORITHM;
	if (k->pk == NULL || k->pk_len == 0 || k->pk_len > WEBAUTHN_PK_MAX)
		return WA_ERROR;
	if ((vd = assert_verify(rp, r, k)) != WA_OK)
		return vd;
	/* Both 0: an authenticator without a counter. */
	if ((h.count != 0 || k->count != 0) && h.count <= k->count)
		return WA_COUNTER;
	*count_out = h.count;
	*uv_out = (h.flags & WA_FLAG_UV) != 0;
	return WA_OK;
}
