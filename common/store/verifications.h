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

struct config;
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

/*
 * verif_create for an account created in the caller's transaction: no
 * earlier verification can exist, and none is looked for (that lookup
 * locks where concurrent registrations insert and made them deadlock).
 */
int	 verif_create_new(struct db *db, int64_t user_id,
	    enum verif_purpose purpose, const char *email, unsigned digits,
	    unsigned ttl, struct verif_secrets *sec);

/* One verification as read back; never holds a secret. */
struct verif {
	int64_t		 id;
	char		 public_id[TOKEN_STRLEN + 1];
	int64_t		 user_id;
	enum verif_purpose purpose;
	char		 email[256];
	unsigned char	 code_digest[TOKEN_DIGEST];
	int		 has_code;
	unsigned	 attempts;	/* wrong codes so far */
	int		 consumed;	/* used (verified, reset done) */
	int		 expired;	/* past expires_at (or retired) */
	long long	 expires_in;	/* seconds from now; <= 0 when past */
	long long	 age;		/* seconds since it was created */
};

enum verif_state {
	VERIF_OPEN,		/* usable */
	VERIF_USED,		/* consumed: 410 */
	VERIF_DEAD,		/* expired or out of tries: 410 */
};

/*
 * By public id ("verification_id"), or by link token (its digest is
 * looked up; a malformed token is simply not found).  With "lock", the
 * row is read FOR UPDATE: call inside a transaction.  1 found, 0 not
 * found, -1 database error.
 */
int	 verif_by_public(struct db *db, const char *public_id, int lock,
	    struct verif *v);
int	 verif_by_link(struct db *db, const char *token, int lock,
	    struct verif *v);

/*
 * The newest verification of "user_id" and "purpose" (for the resend
 * cooldown): 1, 0 none, -1.
 */
int	 verif_latest(struct db *db, int64_t user_id, enum verif_purpose purpose,
	    struct verif *v);

/*
 * End every open verification of "user_id", of any purpose (email
 * change, confirmation, reset), in the caller's transaction: what a
 * password reset or change, "log out everywhere", an email change and
 * a disable do, so that no code or link issued before them outlives
 * them.  Call it before creating the one the event itself makes.
 * 0 or -1.
 */
int	 verif_retire_all(struct db *db, int64_t user_id);

/*
 * Whether "v" is the newest verification of its account and purpose
 * (only that one may be resent): 1 yes, 0 no, -1 database error.
 */
int	 verif_is_latest(struct db *db, const struct verif *v);

/* Whether "v" can still be used, given "max_attempts" wrong tries. */
enum verif_state verif_state(const struct verif *v, unsigned max_attempts);

/* Whether "code" is the code of "v", compared in constant time: 1 or 0. */
int	 verif_code_matches(const struct verif *v, const char *code);

/* Count one wrong code.  0 or -1. */
int	 verif_add_attempt(struct db *db, int64_t id);

/* Mark "id" used.  0 or -1. */
int	 verif_consume(struct db *db, int64_t id);

/*
 * Delete the verifications consumed, or expired, more than "grace"
 * seconds ago (until then verify answers verification_expired; after,
 * not_found).  In batches (db_purge).  The number removed, or -1.
 */
long long verif_purge(struct db *db, const struct config *cfg,
	    unsigned grace);

/*
 * The work of verif_create for an account that does not exist (password
 * forgot): the same random draws and digests and the same retiring
 * UPDATE (matching no row), so that both paths cost about the same.
 * 0 or -1.
 */
int	 verif_dummy(struct db *db, enum verif_purpose purpose);

/* "confirm", "reset", "email_change". */
const char *verif_purpose_name(enum verif_purpose purpose);

#endif /* FCAUTH_VERIFICATIONS_H */
