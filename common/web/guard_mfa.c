/*
 * guard_mfa: [mfa] required_roles.  An account whose role must have a
 * second factor and has none yet signs in with its password as before,
 * but its session only reaches the routes that enrol one (and the
 * profile and the session list, to see where it stands); every other
 * bearer route and the authorizer answer 403 forbidden until the
 * factor is confirmed.  The check needs no query: the guard's one row
 * holds the account's factors and role.  Confirming the factor lifts
 * the limit at once, on the same session.
 */
#include <string.h>

#include "config.h"
#include "guard.h"
#include "list.h"
#include "ops.h"

int
guard_mfa_enrol_pending(const struct config *cfg, const struct principal *who)
{
	return who->user.mfa_totp == 0 &&
	    list_has(cfg->mfa_required_roles, who->role, strlen(who->role));
}

int
guard_mfa_enrol_op(enum op op)
{
	switch (op) {
	case OP_PROFILE_GET:
	case OP_SESSIONS:
	case OP_SESSION_DELETE:
	case OP_MFA_TOTP_START:
	case OP_MFA_TOTP_CONFIRM:
		return 1;
	default:
		return 0;
	}
}
