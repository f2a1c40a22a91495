/*
 * passkey: the ceremonies' rules.  See passkey.h.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "db.h"
#include "mail.h"
#include "mfa.h"
#include "passkey.h"
#include "passkeys.h"
#include "users.h"
#include "utf8.h"
#include "webauthn.h"
#include "webauthn_challenges.h"

_Static_assert(WEBAUTHN_ID_MAX == PASSKEYS_ID_MAX &&
    WEBAUTHN_PK_MAX == PASSKEYS_PK_MAX, "verifier and columns agree");
_Static_assert(WA_CHALLENGE_DIGEST == crypto_hash_sha256_BYTES,
    "challenge digests are SHA-256");

enum passkey_verdict
passkey_of_webauthn(enum webauthn_verdict v)
{
	switch (v) {
	case WA_OK:
		return PASSKEY_OK;
	case WA_MALFORMED:
		return PASSKEY_MALFORMED;
	case WA_TYPE:
		return PASSKEY_TYPE;
	case WA_CHALLENGE:
		return PASSKEY_CHALLENGE;
	case WA_ORIGIN:
		return PASSKEY_ORIGIN;
	case WA_RP_ID:
		return PASSKEY_RP_ID;
	case WA_NO_UP:
		return PASSKEY_NO_UP;
	case WA_NO_UV:
		return PASSKEY_NO_UV;
	case WA_SIGNATURE:
		return PASSKEY_SIGNATURE;
	case WA_ALGORITHM:
		return PASSKEY_ALGORITHM;
	case WA_ATTESTATION:
		return PASSKEY_ATTESTATION;
	case WA_COUNTER:
		return PASSKEY_COUNTER;
	case WA_ERROR:
	default:
		return PASSKEY_ERROR;
	}
}

int
passkey_available(const struct config *cfg)
{
	return cfg->webauthn_rp_id != NULL && cfg->webauthn_rp_id[0] != '\0' &&
	    cfg->webauthn_norigins > 0;
}

const char *
passkey_uv_name(const struct config *cfg)
{
	switch (cfg->webauthn_uv) {
	case CONFIG_UV_REQUIRED:
		return "required";
	case CONFIG_UV_DISCOURAGED:
		return "discouraged";
	default:
		return "preferred";
	}
}

void
passkey_rp(const struct config *cfg, struct webauthn_rp *rp,
    const char *origins[CONFIG_ORIGINS_MAX])
{
	size_t	 i;

	for (i = 0; i < cfg->webauthn_norigins && i < CONFIG_ORIGINS_MAX; i++)
		origins[i] = cfg->webauthn_origin[i];
	rp->id = cfg->webauthn_rp_id;
	rp->origins = origins;
	rp->norigins = i;
	rp->uv_required = cfg->webauthn_uv == CONFIG_UV_REQUIRED;
}

int
passkey_challenge_issue(struct db *db, const struct config *cfg,
    enum wa_purpose purpose, int64_t user_id, int64_t pending_id,
    unsigned char out[WEBAUTHN_CHALLENGE_LEN])
{
	unsigned char	 digest[WA_CHALLENGE_DIGEST];

	randombytes_buf(out, WEBAUTHN_CHALLENGE_LEN);
	crypto_hash_sha256(digest, out, WEBAUTHN_CHALLENGE_LEN);
	return wa_challenges_create(db, digest, purpose, user_id, pending_id,
	    cfg->webauthn_timeout);
}

enum passkey_verdict
passkey_challenge_take(struct db *db, const struct webauthn_response *resp,
    enum wa_purpose *purpose, unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    int64_t *user_id, int64_t *pending_id)
{
	unsigned char	 digest[WA_CHALLENGE_DIGEST];
	enum wa_purpose	 hi;
	int		 rc;

	*user_id = *pending_id = 0;
	if (webauthn_challenge_of(resp, challenge) != WA_OK)
		return PASSKEY_MALFORMED;
	crypto_hash_sha256(digest, challenge, WEBAUTHN_CHALLENGE_LEN);
	hi = *purpose == WA_PURPOSE_SIGNIN ? WA_PURPOSE_SIGNIN_NAMED : *purpose;
	if ((rc = wa_challenges_use(db, digest, *purpose, hi, purpose, user_id,
	    pending_id)) == -1)
		return PASSKEY_ERROR;
	return rc == 1 ? PASSKEY_OK : PASSKEY_CHALLENGE;
}

int
passkey_user_handle(struct db *db, int64_t user_id,
    unsigned char out[PASSKEYS_HANDLE_LEN])
{
	int	 rc, tries;

	for (tries = 0; tries < 3; tries++) {
		if ((rc = passkeys_handle_get(db, user_id, out)) != 0)
			return rc == 1 ? 0 : -1;
		randombytes_buf(out, PASSKEYS_HANDLE_LEN);
		/* 1: a concurrent request made one first; read it */
		if ((rc = passkeys_handle_create(db, user_id, out)) == 0)
			return 0;
		if (rc == -1)
			return -1;
	}
	return -1;
}

/*
 * The key of the stand-in lists: derived from the first signing key,
 * so that it is stable across requests and processes and unknown to
 * clients.
 */
static void
fake_key(const struct config *cfg, unsigned char key[crypto_generichash_KEYBYTES])
{
	static const char	 ctx[] = "fcauth passkey stand-in list";
	const unsigned char	*k = NULL;
	size_t			 klen = 0;

	if (cfg->mfa_has_key) {
		k = cfg->mfa_key;
		klen = sizeof(cfg->mfa_key);
	} else if (cfg->nkeys > 0) {
		k = cfg->keys[0].secret;
		klen = cfg->keys[0].secretlen;
	}
	crypto_generichash(key, crypto_generichash_KEYBYTES,
	    (const unsigned char *)ctx, sizeof(ctx) - 1, k, klen);
}

void
passkey_fake_list(const struct config *cfg, const char *login,
    struct passkey_row *rows, size_t *n)
{
	unsigned char	 key[crypto_generichash_KEYBYTES];
	unsigned char	 d[64];
	size_t		 i;

	fake_key(cfg, key);
	crypto_generichash(d, sizeof(d), (const unsigned char *)login,
	    strlen(login), key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	/* one or two credentials of 16 or 32 bytes, as platform and
	   security-key authenticators make them */
	*n = (d[0] & 1) + 1;
	for (i = 0; i < *n; i++) {
		memset(&rows[i], 0, sizeof(rows[i]));
		rows[i].cred_id_len = (d[1 + i] & 1) ? 32 : 16;
		memcpy(rows[i].cred_id, d + 16 + 16 * i, 16);
		if (rows[i].cred_id_len == 32)
			crypto_generichash(rows[i].cred_id, 32, d + 16 * i,
			    16, NULL, 0);
		(void)snprintf(rows[i].transports, sizeof(rows[i].transports),
		    "%s", (d[3 + i] & 1) ? "internal,hybrid" : "usb,nfc");
	}
}

enum passkey_verdict
passkey_verify_registration(const struct config *cfg,
    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    const struct webauthn_response *resp, int64_t user_id, const char *name,
    struct passkey *out)
{
	struct webauthn_rp	 rp;
	struct webauthn_cred	 c;
	const char		*origins[CONFIG_ORIGINS_MAX];
	enum webauthn_verdict	 v;

	memset(out, 0, sizeof(*out));
	passkey_rp(cfg, &rp, origins);
	memset(&c, 0, sizeof(c));
	if ((v = webauthn_register(&rp, challenge, resp, &c)) != WA_OK)
		return passkey_of_webauthn(v);
	if (c.id_len == 0 || c.id_len > sizeof(out->cred_id) ||
	    c.pk_len == 0 || c.pk_len > sizeof(out->pk))
		return PASSKEY_MALFORMED;
	out->user_id = user_id;
	memcpy(out->cred_id, c.id, c.id_len);
	out->cred_id_len = c.id_len;
	memcpy(out->pk, c.pk, c.pk_len);
	out->pk_len = c.pk_len;
	out->alg = c.alg;
	out->sign_count = c.count;
	(void)snprintf(out->transports, sizeof(out->transports), "%s",
	    resp->transports);
	out->backup_eligible = c.backup_eligible;
	out->backed_up = c.backed_up;
	memcpy(out->aaguid, c.aaguid, sizeof(out->aaguid));
	(void)snprintf(out->fmt, sizeof(out->fmt), "%.*s",
	    (int)strnlen(c.fmt, sizeof(c.fmt)), c.fmt);
	(void)snprintf(out->name, sizeof(out->name), "%s", name);
	return PASSKEY_OK;
}

enum passkey_verdict
passkey_verify_assertion(const struct config *cfg,
    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    const struct webauthn_response *resp, const struct passkey *pk,
    uint32_t *count)
{
	struct webauthn_rp	 rp;
	struct webauthn_key	 k;
	const char		*origins[CONFIG_ORIGINS_MAX];
	int			 uv = 0;

	passkey_rp(cfg, &rp, origins);
	k.alg = pk->alg;
	k.pk = pk->pk;
	k.pk_len = pk->pk_len;
	k.count = pk->sign_count;
	*count = pk->sign_count;
	return passkey_of_webauthn(webauthn_assert(&rp, challenge, resp, &k,
	    count, &uv));
}

int
passkey_name_ok(const char *name)
{
	const unsigned char	*p = (const unsigned char *)name;
	uint32_t		 cp;
	size_t			 n = 0;

	if (!utf8_valid(name, strlen(name)))
		return 0;
	while (*p != '\0') {
		if (utf8_next(&p, &cp) == -1 || utf8_is_control(cp) ||
		    ++n > PASSKEYS_NAME_MAX)
			return 0;
	}
	return 1;
}

void
passkey_signin_factor(const struct config *cfg, const struct user *u,
    unsigned *factors)
{
	if (passkey_available(cfg) && u->passkeys > 0)
		*factors |= MFA_F_PASSKEY;
}

int
passkey_notice(struct db *db, const struct config *cfg, const struct user *u,
    int added, const char *name)
{
	struct mail_var	 v = { "name", name };

	return mail_enqueue(db, cfg, u->id, u->email, added ?
	    MAIL_PASSKEY_ADDED : MAIL_PASSKEY_REMOVED, &v, 1);
}
