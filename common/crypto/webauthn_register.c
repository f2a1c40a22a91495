/*
 * webauthn_register: the registration ceremony.  The attestation object
 * is read with libcbor (after the bounded walk), the attested
 * credential's COSE key and the attestation statement go to libfido2,
 * which turns the key into the form stored and verifies "packed" (and
 * "fido-u2f") statements; "none" carries nothing to verify.
 */
#include <stdlib.h>
#include <string.h>

#include <cbor.h>
#include <fido.h>

#include "webauthn_private.h"

#define AAGUID_LEN	16

/* The attestation object's three members (borrowed from "root"). */
struct attobj {
	cbor_item_t		*root;
	char			 fmt[16];
	cbor_item_t		*stmt;
	const unsigned char	*ad;
	size_t			 ad_len;
};

/* Where the attested credential data of authData is. */
struct attcred {
	const unsigned char	*aaguid;
	const unsigned char	*id;
	size_t			 id_len;
	const unsigned char	*cose;
	size_t			 cose_len;
};

/* The text string "k" equal to "want". */
static int
key_is(cbor_item_t *k, const char *want)
{
	size_t	 n = strlen(want);

	return cbor_isa_string(k) && cbor_string_is_definite(k) &&
	    cbor_string_length(k) == n &&
	    memcmp(cbor_string_handle(k), want, n) == 0;
}

/* One member of the attestation object; -1 if repeated or mistyped. */
static int
attobj_member(struct attobj *a, cbor_item_t *k, cbor_item_t *v)
{
	size_t	 n;

	if (key_is(k, "fmt")) {
		if (a->fmt[0] != '\0' || !cbor_isa_string(v) ||
		    !cbor_string_is_definite(v) ||
		    (n = cbor_string_length(v)) == 0 || n >= sizeof(a->fmt))
			return -1;
		memcpy(a->fmt, cbor_string_handle(v), n);
		a->fmt[n] = '\0';
		return strlen(a->fmt) == n ? 0 : -1;
	}
	if (key_is(k, "attStmt")) {
		if (a->stmt != NULL || !cbor_isa_map(v))
			return -1;
		a->stmt = v;
		return 0;
	}
	if (key_is(k, "authData")) {
		if (a->ad != NULL || !cbor_isa_bytestring(v) ||
		    !cbor_bytestring_is_definite(v))
			return -1;
		a->ad = cbor_bytestring_handle(v);
		a->ad_len = cbor_bytestring_length(v);
		return a->ad == NULL ? -1 : 0;
	}
	return -1;
}

/*
 * The attestation object: exactly one CBOR map of fmt, attStmt and
 * authData, nothing after it.  0, or -1 with nothing to free.
 */
static int
attobj_read(const unsigned char *p, size_t len, struct attobj *a)
{
	struct cbor_load_result	 res;
	struct cbor_pair	*pairs;
	size_t			 used = 0, i, n;

	memset(a, 0, sizeof(*a));
	if (len == 0 || len > WA_ATTESTATION_MAX ||
	    wa_cbor_walk(p, len, &used) == -1 || used != len)
		return -1;
	if ((a->root = cbor_load(p, len, &res)) == NULL ||
	    res.error.code != CBOR_ERR_NONE || res.read != len ||
	    !cbor_isa_map(a->root) || !cbor_map_is_definite(a->root))
		goto bad;
	n = cbor_map_size(a->root);
	pairs = cbor_map_handle(a->root);
	for (i = 0; i < n; i++)
		if (attobj_member(a, pairs[i].key, pairs[i].value) == -1)
			goto bad;
	if (a->fmt[0] == '\0' || a->stmt == NULL || a->ad == NULL)
		goto bad;
	return 0;
bad:
	if (a->root != NULL)
		cbor_decref(&a->root);
	memset(a, 0, sizeof(*a));
	return -1;
}

/*
 * The attested credential data after authData's head: AAGUID, the
 * credential id, its COSE key, then the extensions when flagged, and
 * nothing more.  0 or -1.
 */
static int
attcred_read(const struct wa_authdata *h, struct attcred *c)
{
	const unsigned char	*p = h->rest;
	size_t			 left = h->rest_len, used = 0;

	memset(c, 0, sizeof(*c));
	if (!(h->flags & WA_FLAG_AT) || left < AAGUID_LEN + 2)
		return -1;
	c->aaguid = p;
	c->id_len = (size_t)p[AAGUID_LEN] << 8 | p[AAGUID_LEN + 1];
	p += AAGUID_LEN + 2;
	left -= AAGUID_LEN + 2;
	if (c->id_len == 0 || c->id_len > WEBAUTHN_ID_MAX || c->id_len > left)
		return -1;
	c->id = p;
	p += c->id_len;
	left -= c->id_len;
	if (wa_cbor_walk(p, left, &used) == -1)
		return -1;
	c->cose = p;
	c->cose_len = used;
	p += used;
	left -= used;
	if (h->flags & WA_FLAG_ED) {
		if (wa_cbor_walk(p, left, &used) == -1)
			return -1;
		left -= used;
	}
	return left == 0 ? 0 : -1;
}

/*
 * The COSE key's "alg" (label 3) into "alg": 0, or -1 when the key is no
 * map or has no integer alg.
 */
static int
cose_alg(const struct attcred *c, int *alg)
{
	struct cbor_load_result	 res;
	struct cbor_pair	*pairs;
	cbor_item_t		*key, *k, *v;
	uint64_t		 x;
	size_t			 i, n, found = 0;
	int			 rc = -1;

	*alg = 0;
	if ((key = cbor_load(c->cose, c->cose_len, &res)) == NULL)
		return -1;
	if (!cbor_isa_map(key))
		goto out;
	n = cbor_map_size(key);
	pairs = cbor_map_handle(key);
	for (i = 0; i < n; i++) {
		k = pairs[i].key;
		v = pairs[i].value;
		if (!cbor_isa_uint(k) || cbor_get_int(k) != 3)
			continue;
		if (found++ > 0)
			goto out;			/* twice */
		if (cbor_isa_negint(v) && (x = cbor_get_int(v)) < 65536)
			*alg = -1 - (int)x;
		else if (cbor_isa_uint(v) && (x = cbor_get_int(v)) < 65536)
			*alg = (int)x;
		else
			goto out;
	}
	rc = found == 1 ? 0 : -1;
out:
	cbor_decref(&key);
	return rc;
}

/*
 * The attestation statement: "none" must be empty; "packed" and
 * "fido-u2f" go to libfido2 (self attestation when packed has no x5c).
 */
static enum webauthn_verdict
attstmt_verify(fido_cred_t *fc, const struct attobj *a)
{
	struct cbor_pair	*pairs;
	unsigned char		*buf = NULL;
	size_t			 buflen, bufsz = 0, i, n;
	int			 x5c = 0, rc;

	n = cbor_map_size(a->stmt);
	if (strcmp(a->fmt, "none") == 0)
		return n == 0 ? WA_OK : WA_ATTESTATION;
	if (strcmp(a->fmt, "packed") != 0 && strcmp(a->fmt, "fido-u2f") != 0)
		return WA_ATTESTATION;
	pairs = cbor_map_handle(a->stmt);
	for (i = 0; i < n; i++)
		if (key_is(pairs[i].key, "x5c"))
			x5c = 1;
	/* The size written, not the size allocated ("bufsz"). */
	if ((buflen = cbor_serialize_alloc(a->stmt, &buf, &bufsz)) == 0)
		return WA_ERROR;
	rc = fido_cred_set_fmt(fc, a->fmt) == FIDO_OK &&
	    fido_cred_set_attstmt(fc, buf, buflen) == FIDO_OK &&
	    (x5c ? fido_cred_verify(fc) :
	    fido_cred_verify_self(fc)) == FIDO_OK;
	free(buf);
	return rc ? WA_OK : WA_ATTESTATION;
}

/* The verified credential, as the caller stores it. */
static enum webauthn_verdict
cred_out(const fido_cred_t *fc, const struct attobj *a,
    const struct wa_authdata *h, const struct attcred *c, int alg,
    struct webauthn_cred *out)
{
	size_t	 pklen = fido_cred_pubkey_len(fc);

	if (pklen == 0 || pklen > sizeof(out->pk) ||
	    fido_cred_pubkey_ptr(fc) == NULL)
		return WA_ERROR;
	memcpy(out->id, c->id, c->id_len);
	out->id_len = c->id_len;
	out->alg = alg;
	memcpy(out->pk, fido_cred_pubkey_ptr(fc), pklen);
	out->pk_len = pklen;
	out->count = h->count;
	out->uv = (h->flags & WA_FLAG_UV) != 0;
	out->backup_eligible = (h->flags & WA_FLAG_BE) != 0;
	out->backed_up = (h->flags & WA_FLAG_BS) != 0;
	memcpy(out->aaguid, c->aaguid, AAGUID_LEN);
	memcpy(out->fmt, a->fmt, sizeof(out->fmt));
	return WA_OK;
}

/*
 * libfido2's view of the credential: the COSE key parsed for "alg",
 * the rp id and the clientDataJSON hash that a statement signs.
 */
static enum webauthn_verdict
cred_verify(const struct webauthn_rp *rp, const struct webauthn_response *r,
    const struct attobj *a, const struct wa_authdata *h,
    const struct attcred *c, int alg, struct webauthn_cred *out)
{
	fido_cred_t		*fc;
	unsigned char		 cdh[32];
	enum webauthn_verdict	 vd = WA_ATTESTATION;

	if ((fc = fido_cred_new()) == NULL)
		return WA_ERROR;
	wa_sha256(r->client_data, r->client_data_len, cdh);
	if (fido_cred_set_type(fc, alg) != FIDO_OK ||
	    fido_cred_set_rp(fc, rp->id, NULL) != FIDO_OK ||
	    fido_cred_set_clientdata_hash(fc, cdh, sizeof(cdh)) != FIDO_OK) {
		vd = WA_ERROR;
		goto out;
	}
	/* A key libfido2 cannot read (curve, RSA size) for its alg. */
	if (fido_cred_set_authdata_raw(fc, a->ad, a->ad_len) != FIDO_OK)
		goto out;
	if ((vd = attstmt_verify(fc, a)) == WA_OK)
		vd = cred_out(fc, a, h, c, alg, out);
out:
	fido_cred_free(&fc);
	return vd;
}

enum webauthn_verdict
webauthn_register(const struct webauthn_rp *rp,
    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    const struct webauthn_response *r, struct webauthn_cred *out)
{
	struct attobj		 a;
	struct wa_authdata	 h;
	struct attcred		 c;
	enum webauthn_verdict	 vd;
	int			 alg = 0;

	memset(out, 0, sizeof(*out));
	if (rp == NULL || rp->id == NULL || challenge == NULL)
		return WA_ERROR;
	if (r == NULL || r->attestation == NULL || r->id == NULL)
		return WA_MALFORMED;
	vd = wa_client_data(rp, "webauthn.create", challenge, r);
	if (vd != WA_OK)
		return vd;
	if (attobj_read(r->attestation, r->attestation_len, &a) == -1)
		return WA_ATTESTATION;
	if (wa_authdata_head(a.ad, a.ad_len, &h) == -1) {
		vd = WA_ATTESTATION;
		goto out;
	}
	if ((vd = wa_rp_flags(rp, &h)) != WA_OK)
		goto out;
	if (attcred_read(&h, &c) == -1 || cose_alg(&c, &alg) == -1) {
		vd = WA_ATTESTATION;
		goto out;
	}
	if (c.id_len != r->id_len || memcmp(c.id, r->id, c.id_len) != 0) {
		vd = WA_MALFORMED;
		goto out;
	}
	if (!wa_alg_ok(alg)) {
		vd = WA_ALGORITHM;
		goto out;
	}
	vd = cred_verify(rp, r, &a, &h, &c, alg, out);
out:
	cbor_decref(&a.root);
	if (vd != WA_OK)
		memset(out, 0, sizeof(*out));
	return vd;
}
