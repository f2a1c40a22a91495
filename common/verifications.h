/*
 * verifications: email confirmation, password reset and email change.
 * Each row has a public id (the verification_id clients see), the
 * digest of a numeric code and of a link token, a try counter and an
 * expiry.  All SQL about verifications lives here.
 */
#ifndef FCAUTH_VERIFICATIONS_H
#define FCAUTH_VERIFICATIONS_H

#include <stdint.h>

#include "token.h"

struct db;

enum verif_purpose {
	VERIF_CONFIRM,		/* "confirm": a new account's address */
	VERIF_RESET,		/* "reset": password reset */
	VERIF_EMAIL_CHANGE,	/* "email_change": a new address */
	VERIF__MAX
};

/* The secrets of a new verification, to be mailed; never stored. */
struct verif_secrets {
	char		 public_id[TOKEN_STRLEN + 1];
	char		 code[TOKEN_CODE_MAX + 1];	/* "" when none */
	char		 link[TOKEN_STRLEN + 1];
};

/*
 * Create a verification of "purpose" for "user_id" and "email" valid
 * for "ttl" seconds, with a numeric code of "digits" digits (0 = no
 * code) and a link token.  Earlier open verifications of the same user
 * and purpose stop working.  Fills "sec".  1 or -1.
 */
int	 verif_create(struct db *db, int64_t user_id, enum verif_purpose purpose,
	    const char *email, unsigned digits, unsigned ttl,
	    struct verif_secrets *sec);

#endif /* FCAUTH_VERIFICATIONS_H */
