/*
 * passkey: the rules of the passkey ceremonies (issue 17) around the
 * verifier (common/crypto/webauthn.h) and the store (passkeys.h,
 * webauthn_challenges.h): the relying party of the configuration,
 * challenges issued and taken, the user handle, the deterministic
 * stand-in credential list of an unknown login, and one verdict per
 * way a ceremony fails.  Verdicts only: the handlers
 * (cgi-bin/profile_passkeys.c, auth_passkey.c) answer them, with the
 * codes of result_passkey.c.
 */
#ifndef FCAUTH_PASSKEY_H
#define FCAUTH_PASSKEY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "passkeys.h"
#include "webauthn.h"
#include "webauthn_challenges.h"

struct db;
struct user;

enum passkey_verdict {
	PASSKEY_OK,
	PASSKEY_MALFORMED,	/* the credential JSON could not be read */
	PASSKEY_TYPE,		/* clientDataJSON of another ceremony */
	PASSKEY_CHALLENGE,	/* unknown, expired, used, other purpose */
	PASSKEY_ORIGIN,
	PASSKEY_RP_ID,
	PASSKEY_NO_UP,
	PASSKEY_NO_UV,
	PASSKEY_ALGORITHM,
	PASSKEY_ATTESTATION,
	PASSKEY_SIGNATURE,
	PASSKEY_COUNTER,	/* a cloned authenticator */
	PASSKEY_UNKNOWN,	/* no such credential (for this sign-in) */
	PASSKEY_EXISTS,		/* the credential id is stored already */
	PASSKEY_LIMIT,		/* the account holds PASSKEYS_MAX already */
	PASSKEY_ERROR,		/* database, memory, library */
};

/* The verifier's verdict as ours. */
enum passkey_verdict passkey_of_webauthn(enum webauthn_verdict v);

/* Whether [webauthn] rp_id is set: 1 or 0. */
int	 passkey_available(const struct config *cfg);

/* "required", "preferred" or "discouraged": [webauthn] user_verification. */
const char *passkey_uv_name(const struct config *cfg);

/* The relying party of "cfg"; "origins" (CONFIG_ORIGINS_MAX) is the
 * room for its origin list and must live as long as "rp". */
void	 passkey_rp(const struct config *cfg, struct webauthn_rp *rp,
	    const char *origins[CONFIG_ORIGINS_MAX]);

/*
 * Issue a challenge of "purpose" for "user_id" and "pending_id" (0:
 * none): 32 random bytes into "out", stored as their digest for
 * [webauthn] timeout seconds.  0 or -1.
 */
int	 passkey_challenge_issue(struct db *db, const struct config *cfg,
	    enum wa_purpose purpose, int64_t user_id, int64_t pending_id,
	    unsigned char out[WEBAUTHN_CHALLENGE_LEN]);

/*
 * Take the challenge "resp" answers: it must be live, unused and of
 * "*purpose" (WA_PURPOSE_SIGNIN: either sign-in purpose, the one it
 * was issued for out); it is used from now on, whatever the ceremony's
 * outcome (an autocommitted UPDATE: call it outside a transaction).
 * PASSKEY_OK with the challenge, its account and pending sign-in (0:
 * none) out; PASSKEY_MALFORMED, PASSKEY_CHALLENGE or PASSKEY_ERROR.
 */
enum passkey_verdict passkey_challenge_take(struct db *db,
	    const struct webauthn_response *resp, enum wa_purpose *purpose,
	    unsigned char challenge[WEBAUTHN_CHALLENGE_LEN], int64_t *user_id,
	    int64_t *pending_id);

/* The user handle of "user_id", made on first use.  0 or -1. */
int	 passkey_user_handle(struct db *db, int64_t user_id,
	    unsigned char out[PASSKEYS_HANDLE_LEN]);

/*
 * The credentials a sign-in options request for an account without
 * passkeys (or none at all) lists: one or two made-up ids, a keyed
 * digest of the login "login", so that the same login always gets the
 * same list and nothing shows whether the account exists.
 */
void	 passkey_fake_list(const struct config *cfg, const char *login,
	    struct passkey_row *rows, size_t *n);

/*
 * Verify registration "resp" of "user_id" against "challenge" and fill
 * "out" (named "name", "" for none) to be stored.
 */
enum passkey_verdict passkey_verify_registration(const struct config *cfg,
	    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
	    const struct webauthn_response *resp, int64_t user_id,
	    const char *name, struct passkey *out);

/*
 * Verify assertion "resp" against "challenge" and the stored
 * credential "pk": PASSKEY_OK with the new counter in "*count".
 */
enum passkey_verdict passkey_verify_assertion(const struct config *cfg,
	    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
	    const struct webauthn_response *resp, const struct passkey *pk,
	    uint32_t *count);

/*
 * Whether "name" may name a passkey: valid UTF-8, at most
 * PASSKEYS_NAME_MAX characters, no control characters.  1 or 0.
 */
int	 passkey_name_ok(const char *name);

/*
 * Add MFA_F_PASSKEY to "*factors" when account "u" has a passkey (its
 * row's count) and passkeys are on: the mfa_required step may be
 * completed with one.
 */
void	 passkey_signin_factor(const struct config *cfg,
	    const struct user *u, unsigned *factors);

/* The notices of a passkey added or removed, named "name" (mail). */
int	 passkey_notice(struct db *db, const struct config *cfg,
	    const struct user *u, int added, const char *name);

#endif /* FCAUTH_PASSKEY_H */
