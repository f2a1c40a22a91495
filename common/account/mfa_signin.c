/*
 * mfa_signin: the pending sign-in and the trusted devices around the
 * second factor.  See mfa_signin.h.
 */
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "devices.h"
#include "list.h"
#include "mfa.h"
#include "mfa_pending.h"
#include "mfa_signin.h"
#include "token.h"
#include "users.h"

unsigned
mfa_signin_token_ttl(const struct config *cfg)
{
	return cfg->mfa_token_ttl;
}

unsigned
mfa_signin_device_ttl(const struct config *cfg)
{
	return cfg->mfa_trusted_device_ttl;
}

int
mfa_signin_role_required(const struct config *cfg, const char *role)
{
	return list_has(cfg->mfa_required_roles, role, strlen(role));
}

int
mfa_signin_needed(struct db *db, const struct config *cfg,
    const struct user *u, const char *device_token, unsigned *factors)
{
	unsigned char	 digest[TOKEN_DIGEST];
	int		 rc;

	/* the users row knows its factors: no query before the device */
	if (((*factors = mfa_factors_of(u)) & MFA_F_TOTP) == 0)
		return 0;	/* recovery codes alone are no factor */
	/* trusted_device_ttl 0: no device skips the factor */
	if (device_token == NULL || !token_wellformed(device_token) ||
	    mfa_signin_device_ttl(cfg) == 0)
		return 1;
	token_digest(device_token, strlen(device_token), digest);
	if ((rc = devices_use(db, u->id, digest)) == -1)
		return -1;
	return rc == 1 ? 0 : 1;
}

int
mfa_signin_start(struct db *db, const struct config *cfg, int64_t user_id,
    int remember, char *out)
{
	unsigned char	 digest[TOKEN_DIGEST];

	token_new(out);
	token_digest(out, TOKEN_STRLEN, digest);
	return mfa_pending_create(db, user_id, digest, remember,
	    mfa_signin_token_ttl(cfg));
}

enum mfa_verdict
mfa_signin_check(struct db *db, const struct config *cfg, int64_t user_id,
    const char *code, const char *recovery, time_t now, int *left)
{
	*left = -1;
	if (code != NULL)
		return mfa_check_totp(db, cfg, user_id, code, now);
	return mfa_use_recovery(db, cfg, user_id, recovery, left);
}

int
mfa_signin_trust(struct db *db, const struct config *cfg, int64_t user_id,
    const char *ip, const char *user_agent, char *out)
{
	unsigned char	 digest[TOKEN_DIGEST];
	int64_t		 id;

	out[0] = '\0';
	if (mfa_signin_device_ttl(cfg) == 0)
		return 0;	/* trusted devices are off */
	token_new(out);
	token_digest(out, TOKEN_STRLEN, digest);
	return devices_create(db, user_id, digest,
	    mfa_signin_device_ttl(cfg), ip, user_agent, &id);
}
