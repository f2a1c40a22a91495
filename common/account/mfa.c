/*
 * mfa: the second factor's rules (mfa.h).  The secret is opened only
 * for the moment a code is checked and wiped after; what is stored is
 * sealed (seal.c) or a digest (recovery.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "mfa.h"
#include "mfa_factors.h"
#include "qr.h"
#include "recovery.h"
#include "seal.h"
#include "totp.h"
#include "users.h"

_Static_assert(MFA_SECRET_B32_MAX >= TOTP_B32_MAX &&
    MFA_RECOVERY_LEN == RECOVERY_STRLEN &&
    MFA_SEALED_MAX >= TOTP_SECRET_LEN + SEAL_MAC &&
    MFA_NONCE_LEN == SEAL_NONCE && CONFIG_MFA_KEY_LEN == SEAL_KEY,
    "mfa sizes");

int
mfa_available(const struct config *cfg)
{

	return cfg->mfa_enabled && cfg->mfa_has_key;
}

unsigned
mfa_factors_of(const struct user *u)
{
	unsigned	 f = 0;

	if (u->mfa_totp)
		f |= MFA_F_TOTP;
	if (u->mfa_recovery_left > 0)
		f |= MFA_F_RECOVERY;
	return f;
}

int
mfa_user_factors(struct db *db, int64_t user_id, unsigned *factors)
{
	int	 totp = 0, left = 0, rc;

	*factors = 0;
	if ((rc = mfa_store_flags(db, user_id, &totp, &left)) == -1)
		return -1;
	if (rc == 1 && totp)
		*factors |= MFA_F_TOTP;
	if (rc == 1 && left > 0)
		*factors |= MFA_F_RECOVERY;
	return 0;
}

/*
 * The TOTP row of "user_id" and its secret opened into "key": 1, 0 no
 * row, -1 database error or a row the key does not open (logged).
 */
static int
mfa_secret(struct db *db, const struct config *cfg, int64_t user_id,
    int lock, struct mfa_totp_row *row, unsigned char key[TOTP_SECRET_LEN])
{
	int	 rc;

	if ((rc = mfa_store_totp(db, user_id, lock, row)) != 1)
		return rc;
	if (row->nonce_len != SEAL_NONCE ||
	    seal_open(cfg->mfa_key, row->sealed, row->sealed_len, row->nonce,
	    key, TOTP_SECRET_LEN) != TOTP_SECRET_LEN) {
		sodium_memzero(key, TOTP_SECRET_LEN);
		log_err("mfa: the TOTP secret of user %lld does not open "
		    "with the [mfa] key", (long long)user_id);
		return -1;
	}
	return 1;
}

/*
 * Check "code" against the factor of "user_id" and use its step;
 * "confirm": the factor must be unconfirmed and is confirmed by it.
 */
static enum mfa_verdict
mfa_totp_step(struct db *db, const struct config *cfg, int64_t user_id,
    const char *code, time_t now, int confirm)
{
	struct mfa_totp_row	 row;
	unsigned char		 key[TOTP_SECRET_LEN];
	int64_t			 step = 0;
	int			 rc;

	if (!cfg->mfa_has_key)
		return MFA_ERROR;
	if ((rc = mfa_secret(db, cfg, user_id, 0, &row, key)) == -1)
		return MFA_ERROR;
	if (rc == 0 || row.confirmed == confirm) {
		sodium_memzero(key, sizeof(key));
		return MFA_NONE;
	}
	rc = totp_verify(key, sizeof(key), code, now, &step);
	sodium_memzero(key, sizeof(key));
	if (rc != 1)
		return rc == 0 ? MFA_WRONG : MFA_ERROR;
	/* the UPDATE decides: a step at or below the last one is a replay */
	if ((rc = mfa_store_use_step(db, user_id, step, confirm)) == -1)
		return MFA_ERROR;
	return rc == 1 ? MFA_OK : MFA_REPLAY;
}

enum mfa_verdict
mfa_check_totp(struct db *db, const struct config *cfg, int64_t user_id,
    const char *code, time_t now)
{

	return mfa_totp_step(db, cfg, user_id, code, now, 0);
}

/* Ten new codes into "out", their digests stored for "user_id". */
static int
mfa_codes_store(struct db *db, const struct config *cfg, int64_t user_id,
    struct mfa_codes *out)
{
	unsigned char	 d[MFA_RECOVERY_CODES][32];
	size_t		 i;
	int		 rc;

	for (i = 0; i < MFA_RECOVERY_CODES; i++) {
		recovery_new(out->code[i]);
		if (recovery_digest(cfg->mfa_key, out->code[i], d[i]) == -1) {
			mfa_codes_wipe(out);
			return -1;
		}
	}
	rc = mfa_store_codes(db, user_id, (const unsigned char (*)[32])d,
	    MFA_RECOVERY_CODES);
	sodium_memzero(d, sizeof(d));
	if (rc == -1)
		mfa_codes_wipe(out);
	return rc;
}

enum mfa_verdict
mfa_confirm_totp(struct db *db, const struct config *cfg, int64_t user_id,
    const char *code, time_t now, struct mfa_codes *out)
{
	enum mfa_verdict	 v;

	memset(out, 0, sizeof(*out));
	if ((v = mfa_totp_step(db, cfg, user_id, code, now, 1)) != MFA_OK)
		return v == MFA_REPLAY ? MFA_NONE : v;
	return mfa_codes_store(db, cfg, user_id, out) == -1 ?
	    MFA_ERROR : MFA_OK;
}

enum mfa_verdict
mfa_new_recovery(struct db *db, const struct config *cfg, int64_t user_id,
    struct mfa_codes *out)
{
	int	 totp = 0, left = 0, rc;

	memset(out, 0, sizeof(*out));
	if (!cfg->mfa_has_key)
		return MFA_ERROR;
	if ((rc = mfa_store_flags(db, user_id, &totp, &left)) == -1)
		return MFA_ERROR;
	if (rc == 0 || !totp)
		return MFA_NONE;
	return mfa_codes_store(db, cfg, user_id, out) == -1 ?
	    MFA_ERROR : MFA_OK;
}

enum mfa_verdict
mfa_use_recovery(struct db *db, const struct config *cfg, int64_t user_id,
    const char *code, int *left)
{
	unsigned char	 d[RECOVERY_DIGEST];
	int		 n = 0, rc;

	if (left != NULL)
		*left = 0;
	if (!cfg->mfa_has_key)
		return MFA_ERROR;
	if (recovery_digest(cfg->mfa_key, code, d) == -1)
		return MFA_WRONG;
	rc = mfa_store_use_code(db, user_id, d, &n);
	sodium_memzero(d, sizeof(d));
	if (rc == -1)
		return MFA_ERROR;
	if (rc == 0)
		return MFA_WRONG;
	if (left != NULL)
		*left = n;
	return MFA_OK;
}

int
mfa_remove(struct db *db, int64_t user_id)
{

	return mfa_store_remove(db, user_id);
}

enum mfa_start
mfa_start_totp(struct db *db, const struct config *cfg, const struct user *u,
    struct mfa_enrolment *out)
{
	unsigned char	 key[TOTP_SECRET_LEN], sealed[MFA_SEALED_MAX];
	unsigned char	 nonce[SEAL_NONCE];
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (!cfg->mfa_has_key)
		return MFA_START_ERROR;
	totp_secret_new(key);
	if (seal_box(cfg->mfa_key, key, sizeof(key), nonce, sealed,
	    sizeof(sealed)) == -1 ||
	    totp_base32(key, sizeof(key), out->secret,
	    sizeof(out->secret)) == -1) {
		sodium_memzero(key, sizeof(key));
		mfa_enrolment_wipe(out);
		return MFA_START_ERROR;
	}
	sodium_memzero(key, sizeof(key));
	rc = mfa_store_pending(db, u->id, sealed, TOTP_SECRET_LEN + SEAL_MAC,
	    nonce);
	if (rc != 1) {
		mfa_enrolment_wipe(out);
		return rc == 0 ? MFA_START_ACTIVE : MFA_START_ERROR;
	}
	if (totp_uri(config_mfa_issuer(cfg), u->email, out->secret, out->uri,
	    sizeof(out->uri)) == -1 || (out->qr_svg = qr_svg(out->uri)) == NULL) {
		log_err("mfa: cannot make the otpauth URI or its QR code");
		mfa_enrolment_wipe(out);
		return MFA_START_ERROR;
	}
	return MFA_START_OK;
}

void
mfa_enrolment_wipe(struct mfa_enrolment *e)
{

	if (e->qr_svg != NULL) {
		sodium_memzero(e->qr_svg, strlen(e->qr_svg));
		free(e->qr_svg);
	}
	sodium_memzero(e, sizeof(*e));
}

void
mfa_codes_wipe(struct mfa_codes *c)
{

	sodium_memzero(c, sizeof(*c));
}

static const enum mail_template notice_mail[] = {
	MAIL_MFA_ENABLED,		/* MFA_NOTICE_ENABLED */
	MAIL_MFA_DISABLED,		/* MFA_NOTICE_DISABLED */
	MAIL_MFA_RECOVERY_USED,		/* MFA_NOTICE_RECOVERY_USED */
	MAIL_MFA_RECOVERY_NEW,		/* MFA_NOTICE_RECOVERY_NEW */
	MAIL_MFA_RESET,			/* MFA_NOTICE_RESET */
};

int
mfa_notice(struct db *db, const struct config *cfg, const struct user *u,
    enum mfa_notice n, int left)
{
	char		 num[16];
	struct mail_var	 v = { "left", num };

	if ((size_t)n >= sizeof(notice_mail) / sizeof(notice_mail[0]))
		return -1;
	(void)snprintf(num, sizeof(num), "%d", left);
	return mail_enqueue(db, cfg, u->id, u->email, notice_mail[n], &v, 1);
}

int
mfa_notice_recovery_used(struct db *db, const struct config *cfg,
    const struct user *u, int left)
{

	return mfa_notice(db, cfg, u, MFA_NOTICE_RECOVERY_USED, left);
}
