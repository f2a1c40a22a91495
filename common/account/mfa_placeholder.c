/*
 * mfa: PLACEHOLDER of mfa-login until branch mfa-core's mfa.c
 * lands: what the sign-in step calls, without a factor.
 */
#include "mfa.h"
#include "users.h"

unsigned
mfa_factors_of(const struct user *u)
{
	return (u->mfa_totp ? MFA_F_TOTP : 0) |
	    (u->mfa_recovery_left > 0 ? MFA_F_RECOVERY : 0);
}

int
mfa_notice_recovery_used(struct db *db, const struct config *cfg,
    const struct user *u, int left)
{
	(void)db;
	(void)cfg;
	(void)u;
	(void)left;
	return 0;
}

int
mfa_user_factors(struct db *db, int64_t user_id, unsigned *factors)
{
	(void)db;
	(void)user_id;
	*factors = 0;
	return 0;
}

enum mfa_verdict
mfa_check_totp(struct db *db, const struct config *cfg, int64_t user_id,
    const char *code, time_t now)
{
	(void)db;
	(void)cfg;
	(void)user_id;
	(void)code;
	(void)now;
	return MFA_NONE;
}

enum mfa_verdict
mfa_use_recovery(struct db *db, const struct config *cfg, int64_t user_id,
    const char *code, int *left)
{
	(void)db;
	(void)cfg;
	(void)user_id;
	(void)code;
	*left = 0;
	return MFA_NONE;
}

int
mfa_remove(struct db *db, int64_t user_id)
{
	(void)db;
	(void)user_id;
	return 0;
}
