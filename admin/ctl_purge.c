/*
 * fcauthctl purge [--grace SECONDS]: delete what no request
 * can use any more, for cron.  Prints one line per table with the
 * number of rows removed.
 *
 * - sessions whose idle or absolute expiry passed, or that were
 *   revoked, more than the grace ago (their retired tokens go with
 *   them, ON DELETE CASCADE).  Within the grace such a session's tokens
 *   still get their precise answer (token_expired, token_reused);
 *   after it, token_invalid, as for any unknown token.
 * - verifications consumed, or expired, more than the grace ago (until
 *   then verify answers verification_expired; afterwards not_found).
 * - throttle counters whose window (as configured for their rule, at
 *   least a day) began more than that plus the grace ago and that block
 *   nothing now.
 * - pending two-factor sign-ins expired or used, and trusted devices
 *   expired, more than the grace ago.
 * - idempotency rows (the stored replies of state-changing requests)
 *   made more than a day plus the grace ago; past a day no request
 *   finds them any more.
 *
 * The grace defaults to one day.  Each table is purged in batches of
 * DB_PURGE_BATCH rows, each its own transaction, so a large backlog
 * never holds locks for long.  The statements are the data modules'
 * (sessions_purge, verif_purge, throttle_purge, mfa_pending_purge,
 * devices_purge, idem_purge, wa_challenges_purge).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "ctl.h"
#include "db.h"
#include "devices.h"
#include "idem.h"
#include "mfa_pending.h"
#include "revocations.h"
#include "sessions.h"
#include "throttle.h"
#include "verifications.h"
#include "webauthn_challenges.h"

#define PURGE_GRACE	86400		/* default --grace, seconds */
#define PURGE_GRACE_MAX	31536000	/* a year */

/* What is purged, in this order, and its name in the report. */
static const struct purge {
	const char	*name;
	long long	(*purge)(struct db *, const struct config *, unsigned);
} purges[] = {
	{ "sessions", sessions_purge },
	{ "verifications", verif_purge },
	{ "throttle", throttle_purge },
	{ "revocations", revocations_purge },
	{ "mfa_pending", mfa_pending_purge },
	{ "trusted_devices", devices_purge },
	{ "webauthn_challenges", wa_challenges_purge },
	{ "idempotency", idem_purge },
};

static int
purge_usage(void)
{
	fprintf(stderr, "usage: fcauthctl purge [--grace SECONDS]\n");
	return 2;
}

int
ctl_purge(const char *cfgpath, int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db = NULL;
	char		 err[512], *end;
	unsigned long	 v;
	unsigned	 grace = PURGE_GRACE;
	long long	 n;
	size_t		 j;
	int		 i, rc = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--grace") != 0 || i + 1 >= argc)
			return purge_usage();
		errno = 0;
		v = strtoul(argv[++i], &end, 10);
		if (errno != 0 || end == argv[i] || *end != '\0' ||
		    argv[i][0] == '-' || v > PURGE_GRACE_MAX)
			return purge_usage();
		grace = (unsigned)v;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "fcauthctl: cannot initialise libsodium\n");
		return 1;
	}
	if (config_load(&cfg, config_path(cfgpath), err, sizeof(err)) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", err);
		return 1;
	}
	if ((db = db_open(&cfg)) == NULL) {
		fprintf(stderr, "fcauthctl: out of memory\n");
		goto out;
	}
	if (db_connect(db) == -1) {
		fprintf(stderr, "fcauthctl: cannot connect to the database: "
		    "%s\n", db_strerror(db));
		goto out;
	}
	for (j = 0; j < sizeof(purges) / sizeof(purges[0]); j++) {
		if ((n = purges[j].purge(db, &cfg, grace)) == -1) {
			fprintf(stderr, "fcauthctl: purge %s: %s\n",
			    purges[j].name, db_strerror(db));
			goto out;
		}
		printf("%s: %lld removed\n", purges[j].name, n);
	}
	rc = 0;
out:
	db_close(db);
	config_free(&cfg);
	return rc;
}
