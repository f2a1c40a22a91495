/*
 * mfa: the second factor of an account, as rules and verdicts.  A TOTP
 * factor (RFC 6238, authenticator apps) is started, confirmed with a
 * first code and removed; ten single-use recovery codes come with the
 * confirmation and can be replaced.  The secret is sealed at rest with
 * the [mfa] key; recovery codes are kept only as keyed digests.  The
 * sign-in step (mfa-login) calls mfa_check_totp and mfa_use_recovery;
 * the enrolment routes of the profile program call the rest.  Callers
 * run these in their transaction and write the audit event; the notice
 * mails are queued by mfa_notice.
 */
#ifndef FCAUTH_MFA_H
#define FCAUTH_MFA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct config;
struct db;
struct user;

#define MFA_F_TOTP		0x1u	/* a confirmed TOTP factor */
#define MFA_F_RECOVERY		0x2u	/* unused recovery codes left */
#define MFA_F_PASSKEY		0x4u	/* a passkey (issue 17): the
					   sign-in step only, never read
					   from the users row */

#define MFA_RECOVERY_CODES	10	/* codes in one set */
#define MFA_RECOVERY_LEN	11	/* "xxxxx-xxxxx" */
#define MFA_SECRET_B32_MAX	64	/* base32 of the 20-byte secret + NUL */
#define MFA_URI_MAX		1024	/* otpauth:// URI + NUL */

enum mfa_verdict {
	MFA_OK,			/* the code is right (and now used) */
	MFA_WRONG,		/* wrong, malformed or out of the window */
	MFA_REPLAY,		/* right, but its step was accepted before */
	MFA_NONE,		/* no such factor (or no codes left) */
	MFA_ERROR,		/* database error, or no [mfa] key */
};

/*
 * The factors of "user_id" as MFA_F_* bits into "*factors", read from
 * the users row.  0, or -1 on a database error.
 */
int	 mfa_user_factors(struct db *db, int64_t user_id, unsigned *factors);

/* The same from a user already read (no query). */
unsigned mfa_factors_of(const struct user *u);

/*
 * Check a 6-digit TOTP "code" of "user_id" at "now" (±1 step).  A
 * step is accepted at most once per account: the update of
 * last_used_step only succeeds for a later step (atomic), else
 * MFA_REPLAY.
 */
enum mfa_verdict mfa_check_totp(struct db *db, const struct config *cfg,
	    int64_t user_id, const char *code, time_t now);

/*
 * Consume the recovery code "code" of "user_id" (case, spaces and the
 * dash do not matter).  MFA_OK with the number still unused in
 * "*left" (may be NULL); MFA_WRONG for an unknown or used code.
 */
enum mfa_verdict mfa_use_recovery(struct db *db, const struct config *cfg,
	    int64_t user_id, const char *code, int *left);

/*
 * Remove the TOTP factor and all recovery codes of "user_id" and clear
 * the user's flags.  0, or -1.  The caller audits, mails (mfa_notice)
 * and ends the sessions.
 */
int	 mfa_remove(struct db *db, int64_t user_id);

/* A started enrolment: what the reply shows once. */
struct mfa_enrolment {
	char	 secret[MFA_SECRET_B32_MAX];	/* base32, no padding */
	char	 uri[MFA_URI_MAX];		/* otpauth://totp/... */
	char	*qr_svg;			/* malloc'd inline SVG */
};

enum mfa_start {
	MFA_START_OK,
	MFA_START_ACTIVE,	/* a confirmed factor exists already */
	MFA_START_ERROR,	/* database, key or out of memory */
};

/*
 * Start (or restart) the TOTP enrolment of "u": a new secret, sealed
 * and stored unconfirmed, replacing an earlier unconfirmed one.  Free
 * "out" with mfa_enrolment_wipe.
 */
enum mfa_start mfa_start_totp(struct db *db, const struct config *cfg,
	    const struct user *u, struct mfa_enrolment *out);

void	 mfa_enrolment_wipe(struct mfa_enrolment *e);

/* A set of fresh recovery codes, shown once. */
struct mfa_codes {
	char	 code[MFA_RECOVERY_CODES][MFA_RECOVERY_LEN + 1];
};

/*
 * Confirm the pending enrolment of "user_id" with its first "code":
 * MFA_OK with ten recovery codes in "out" (the step is used, the
 * user's flags set); MFA_NONE with nothing pending (or already on),
 * MFA_WRONG, MFA_ERROR.
 */
enum mfa_verdict mfa_confirm_totp(struct db *db, const struct config *cfg,
	    int64_t user_id, const char *code, time_t now,
	    struct mfa_codes *out);

/*
 * Replace the recovery codes of "user_id" (who has a confirmed
 * factor): MFA_OK with the new set, MFA_NONE without a factor.
 */
enum mfa_verdict mfa_new_recovery(struct db *db, const struct config *cfg,
	    int64_t user_id, struct mfa_codes *out);

void	 mfa_codes_wipe(struct mfa_codes *c);

/* Whether enrolment can work: [mfa] enabled and a key set. */
int	 mfa_available(const struct config *cfg);

enum mfa_notice {
	MFA_NOTICE_ENABLED,		/* mfa_enabled.txt */
	MFA_NOTICE_DISABLED,		/* mfa_disabled.txt */
	MFA_NOTICE_RECOVERY_USED,	/* mfa_recovery_used.txt */
	MFA_NOTICE_RECOVERY_NEW,	/* mfa_recovery_new.txt */
	MFA_NOTICE_RESET,		/* mfa_reset.txt: by an admin */
};

/*
 * Queue the notice mail "n" to "u" in the caller's transaction; "left"
 * is the number of recovery codes left (RECOVERY_USED only).  0 or -1.
 */
int	 mfa_notice(struct db *db, const struct config *cfg,
	    const struct user *u, enum mfa_notice n, int left);

/* The notice of a recovery code used at sign-in (mfa-login). */
int	 mfa_notice_recovery_used(struct db *db, const struct config *cfg,
	    const struct user *u, int left);

#endif /* FCAUTH_MFA_H */
