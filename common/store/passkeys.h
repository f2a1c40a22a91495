/*
 * passkeys: the WebAuthn credentials of the accounts and their user
 * handles (sql/008_passkeys.sql).  All SQL of the passkeys and
 * webauthn_handles tables lives here; what a credential means is the
 * verifier's (common/crypto/webauthn.h) and the account layer's
 * (common/account/passkey.h).
 */
#ifndef FCAUTH_PASSKEYS_H
#define FCAUTH_PASSKEYS_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct db;

#define PASSKEYS_ID_MAX		256	/* credential id bytes (column) */
#define PASSKEYS_PK_MAX		1024	/* public key bytes (column) */
#define PASSKEYS_NAME_MAX	64	/* characters of a name */
#define PASSKEYS_TRANSPORTS_MAX	64	/* "internal,hybrid" */
#define PASSKEYS_HANDLE_LEN	32	/* bytes of a user handle */
#define PASSKEYS_LIST_MAX	50	/* credentials listed per account */
#define PASSKEYS_MAX		PASSKEYS_LIST_MAX	/* held per account: all
					   of them fit excludeCredentials */

/* A credential as stored, for a sign-in or a registration. */
struct passkey {
	int64_t		 id;		/* the public id the list shows */
	int64_t		 user_id;
	unsigned char	 cred_id[PASSKEYS_ID_MAX];
	size_t		 cred_id_len;
	unsigned char	 pk[PASSKEYS_PK_MAX];
	size_t		 pk_len;
	int		 alg;		/* COSE algorithm */
	uint32_t	 sign_count;
	char		 transports[PASSKEYS_TRANSPORTS_MAX + 1];
	int		 backup_eligible;
	int		 backed_up;
	unsigned char	 aaguid[16];
	char		 fmt[17];
	char		 name[PASSKEYS_NAME_MAX * 4 + 1];	/* UTF-8 */
};

/* One credential of the list, and of excludeCredentials and
 * allowCredentials. */
struct passkey_row {
	int64_t		 id;
	unsigned char	 cred_id[PASSKEYS_ID_MAX];
	size_t		 cred_id_len;
	char		 name[PASSKEYS_NAME_MAX * 4 + 1];
	char		 transports[PASSKEYS_TRANSPORTS_MAX + 1];
	int		 backed_up;
	char		 created_at[32];
	char		 last_used_at[32];	/* "" = never */
};

/*
 * Store credential "p" for p->user_id and count it in users.passkeys
 * (call it inside a transaction).  0 with its id in "*id"; 1 when its
 * credential id is stored already (any account); -1 error.
 */
int	 passkeys_add(struct db *db, const struct passkey *p, int64_t *id);

/*
 * The credentials of "user_id", newest first, into "rows" (room for
 * PASSKEYS_LIST_MAX).  0 with their number in "*n", or -1.
 */
int	 passkeys_list(struct db *db, int64_t user_id,
	    struct passkey_row *rows, size_t *n);

/*
 * The number of credentials of "user_id" (users.passkeys) into "*n",
 * its users row locked for the caller's transaction, so that two
 * registrations of one account count one after the other (the cap
 * holds under concurrency).  0 or -1.
 */
int	 passkeys_held_locked(struct db *db, int64_t user_id, long long *n);

/*
 * The credential whose credential id is "cred_id" ("len" bytes),
 * locked for the caller's transaction (its counter is about to move).
 * 1 found into "*out", 0 none, -1 error.
 */
int	 passkeys_by_cred(struct db *db, const unsigned char *cred_id,
	    size_t len, struct passkey *out);

/*
 * A sign-in with credential "id": its new counter and backup state,
 * and the time.  0 or -1.
 */
int	 passkeys_used(struct db *db, int64_t id, uint32_t sign_count,
	    int backed_up);

/*
 * Rename or delete credential "id" if it belongs to "user_id" (a delete
 * also uncounts it in users.passkeys: call it inside a transaction).
 * The number changed (0 or 1: the connection counts matched rows, so a
 * rename to the same name is 1), or -1.
 */
long long passkeys_rename(struct db *db, int64_t id, int64_t user_id,
	    const char *name);
long long passkeys_delete(struct db *db, int64_t id, int64_t user_id);

/*
 * The user handle of "user_id" into "handle": 1 found, 0 none yet, -1
 * error.  passkeys_handle_create stores a new one (0, 1 when the
 * account has one already or the handle is taken, -1 error);
 * passkeys_handle_user finds the account of a handle (1, 0, -1).
 */
int	 passkeys_handle_get(struct db *db, int64_t user_id,
	    unsigned char handle[PASSKEYS_HANDLE_LEN]);
int	 passkeys_handle_create(struct db *db, int64_t user_id,
	    const unsigned char handle[PASSKEYS_HANDLE_LEN]);
int	 passkeys_handle_user(struct db *db, const unsigned char *handle,
	    size_t len, int64_t *user_id);

#endif /* FCAUTH_PASSKEYS_H */
