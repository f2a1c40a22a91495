/*
 * passwd_kinds: the kinds of password hashes (method and cost, see
 * passwd.h) that imported accounts still have, from the password_kinds
 * table (sql/002_password_kinds.sql), so that every login spends the
 * same hash work whatever the account and its kind.
 */
#ifndef FCAUTH_PASSWD_KINDS_H
#define FCAUTH_PASSWD_KINDS_H

struct config;
struct db;

/*
 * Note the kind of "hash", an imported account's, in password_kinds
 * with a dummy hash of it (computed here, once per kind), before the
 * account is stored.  1 noted, 0 known already, -1 a hash of no kind
 * we tell, or a database or libcrypt error.
 */
int	 passwd_kinds_add(struct db *db, const char *hash);

/*
 * Verify "pw" against "hash" (NULL for an account that does not exist)
 * as passwd_verify_kinds does, with the kinds accounts still have.
 * They are read again at most every cfg->kinds_refresh seconds, and at
 * most once a second when "hash" is of a kind not yet read; a database
 * error keeps the kinds read last (and is logged).  1 match, 0 no
 * match, -1 error.
 */
int	 passwd_kinds_verify(struct db *db, const struct config *cfg,
	    const char *pw, const char *hash);

#endif /* FCAUTH_PASSWD_KINDS_H */
