/*
 * devices: trusted devices, the browsers and apps a user let skip the
 * second factor (sql/006_mfa_login.sql).  All SQL of the
 * trusted_devices table lives here.
 */
#ifndef FCAUTH_DEVICES_H
#define FCAUTH_DEVICES_H

#include <stddef.h>
#include <stdint.h>

#include "token.h"

struct config;
struct db;

/*
 * Trust a device of "user_id" whose token has "digest" for "ttl"
 * seconds.  0 with its id in "*id", or -1.
 */
int	 devices_create(struct db *db, int64_t user_id,
	    const unsigned char digest[TOKEN_DIGEST], unsigned ttl,
	    const char *ip, const char *user_agent, int64_t *id);

/*
 * Whether "digest" is the token of a live trusted device of
 * "user_id", noting its use: one UPDATE, so that a device of another
 * account, an expired one or a revoked one (deleted) is never found.
 * 1 yes, 0 no, -1 error.
 */
int	 devices_use(struct db *db, int64_t user_id,
	    const unsigned char digest[TOKEN_DIGEST]);

/* One trusted device, as the device list shows it. */
struct device_row {
	int64_t		 id;
	char		 created_at[32];
	char		 last_used_at[32];
	char		 expires_at[32];
	char		 ip[65];
	char		 user_agent[256];
};

/*
 * The live trusted devices of "user_id", most recently used first,
 * into "rows" (room for DEVICES_LIST_MAX).  0 with their number in
 * "*n", or -1.
 */
#define DEVICES_LIST_MAX	100
int	 devices_list(struct db *db, int64_t user_id, struct device_row *rows,
	    size_t *n);

/*
 * Revoke device "id" if it belongs to "user_id".  The number revoked
 * (0 or 1), or -1.
 */
long long devices_revoke(struct db *db, int64_t id, int64_t user_id);

/*
 * Revoke every trusted device of "user_id": sessions_revoke_except
 * and sessions_revoke_all call it in their transaction, so that
 * whatever ends the account's sessions (password change or reset, log
 * out everywhere, the factor removed, an administrator) ends its
 * trusted devices too.  The number revoked, or -1.
 */
long long devices_revoke_all(struct db *db, int64_t user_id);

/*
 * Delete the devices that expired more than "grace" seconds ago.  In
 * batches (db_purge).  The number removed, or -1.
 */
long long devices_purge(struct db *db, const struct config *cfg,
	    unsigned grace);

#endif /* FCAUTH_DEVICES_H */
