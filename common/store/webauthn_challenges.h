/*
 * webauthn_challenges: the challenges the passkey options routes issue
 * (sql/008_passkeys.sql), stored only as SHA-256 digests, single use
 * and short-lived.  All SQL of the webauthn_challenges table lives
 * here.
 */
#ifndef FCAUTH_WEBAUTHN_CHALLENGES_H
#define FCAUTH_WEBAUTHN_CHALLENGES_H

#include <stdint.h>

struct config;
struct db;

#define WA_CHALLENGE_DIGEST	32	/* SHA-256 of the challenge */

/* What a challenge was issued for: a ceremony answers only its own. */
enum wa_purpose {
	WA_PURPOSE_REGISTER = 1,	/* /profile/passkeys/options */
	WA_PURPOSE_SIGNIN = 2,		/* /auth/passkey/options */
	WA_PURPOSE_SIGNIN_NAMED = 3,	/* the same, for a login typed */
};

/*
 * Store a challenge of "purpose" with "digest", for account "user_id"
 * (0: none, usernameless) and pending sign-in "pending_id" (0: none),
 * valid "ttl" seconds.  0 or -1.
 */
int	 wa_challenges_create(struct db *db,
	    const unsigned char digest[WA_CHALLENGE_DIGEST],
	    enum wa_purpose purpose, int64_t user_id, int64_t pending_id,
	    unsigned ttl);

/*
 * Use the live, unused challenge with "digest" whose purpose is
 * between "lo" and "hi": one UPDATE ... WHERE used_at IS NULL, so that
 * of two ceremonies sending it one wins.  1 used, with its purpose,
 * account and pending sign-in (0 for none) out; 0 none such (unknown,
 * expired, used, or of another purpose); -1 error.
 */
int	 wa_challenges_use(struct db *db,
	    const unsigned char digest[WA_CHALLENGE_DIGEST],
	    enum wa_purpose lo, enum wa_purpose hi, enum wa_purpose *purpose,
	    int64_t *user_id, int64_t *pending_id);

/*
 * Delete the challenges that expired more than "grace" seconds ago.
 * In batches (db_purge).  The number removed, or -1.
 */
long long wa_challenges_purge(struct db *db, const struct config *cfg,
	    unsigned grace);

#endif /* FCAUTH_WEBAUTHN_CHALLENGES_H */
