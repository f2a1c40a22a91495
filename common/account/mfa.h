/*
 * mfa: the second factor's verdicts (issue 16).  PLACEHOLDER of
 * mfa-login until branch mfa-core lands: the declarations of the
 * contract, answering "no factor"; mfa-core's file replaces this one.
 */
#ifndef FCAUTH_MFA_H
#define FCAUTH_MFA_H

#include <stdint.h>
#include <time.h>

struct config;
struct db;

#define MFA_F_TOTP	0x1u
#define MFA_F_RECOVERY	0x2u

enum mfa_verdict { MFA_OK, MFA_WRONG, MFA_REPLAY, MFA_NONE, MFA_ERROR };

int	 mfa_user_factors(struct db *, int64_t user_id, unsigned *factors);
enum mfa_verdict mfa_check_totp(struct db *, const struct config *,
	    int64_t user_id, const char *code, time_t now);
enum mfa_verdict mfa_use_recovery(struct db *, const struct config *,
	    int64_t user_id, const char *code, int *left);
int	 mfa_remove(struct db *, int64_t user_id);

#endif /* FCAUTH_MFA_H */
