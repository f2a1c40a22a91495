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
 * - throttle counters whose window began more than a day plus the grace
 *   ago and that block nothing now.  No configured window is longer
 *   than a day (the hourly caps, 15-minute login windows).
 *
 * The grace defaults to one day.  Each table is purged in batches of
 * PURGE_BATCH rows, each its own transaction, so a large backlog never
 * holds locks for long.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "ctl.h"
#include "db.h"

#define PURGE_GRACE	86400		/* default --grace, seconds */
#define PURGE_GRACE_MAX	31536000	/* a year */
#define PURGE_BATCH	1000		/* rows per DELETE */
#define STR_(x)		#x
#define STR(x)		STR_(x)
#define PURGE_THROTTLE_AGE	86400	/* longest throttle window, and more */

enum purge_stmt {
	PURGE_SESSIONS,
	PURGE_VERIFICATIONS,
	PURGE_THROTTLE,
	PURGE__MAX
};

static const char *const purge_sql[PURGE__MAX] = {
	"DELETE FROM sessions "
	    "WHERE expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "OR absolute_expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "OR revoked_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "LIMIT " STR(PURGE_BATCH), /* PURGE_SESSIONS */
	"DELETE FROM verifications "
	    "WHERE expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "OR consumed_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "LIMIT " STR(PURGE_BATCH), /* PURGE_VERIFICATIONS */
	"DELETE FROM throttle "
	    "WHERE window_start <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "AND (blocked_until IS NULL OR blocked_until <= UTC_TIMESTAMP()) "
	    "LIMIT " STR(PURGE_BATCH), /* PURGE_THROTTLE */
};

/* What each statement removes, for the report. */
static const char *const purge_names[PURGE__MAX] = {
	"sessions",		/* PURGE_SESSIONS */
	"verifications",	/* PURGE_VERIFICATIONS */
	"throttle",		/* PURGE_THROTTLE */
};

/*
 * Run statement "which" in batches until it removes nothing.  The count
 * of rows removed, or -1 (message on stderr).
 */
static long long
purge_table(struct db *db, enum purge_stmt which, unsigned grace)
{
	struct db_val	 args[3];
	size_t		 nargs;
	long long	 n, total = 0;

	args[0] = args[1] = args[2] = DBV_INT(grace);
	nargs = which == PURGE_SESSIONS ? 3 :
	    which == PURGE_VERIFICATIONS ? 2 : 1;
	if (which == PURGE_THROTTLE)
		args[0] = DBV_INT((long long)grace + PURGE_THROTTLE_AGE);
	do {
		if ((n = db_exec(db, purge_sql[which], args, nargs)) == -1) {
			fprintf(stderr, "fcauthctl: purge %s: %s\n",
			    purge_names[which], db_strerror(db));
			return -1;
		}
		total += n;
	} while (n >= PURGE_BATCH);
	return total;
}

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
	for (i = 0; i < PURGE__MAX; i++) {
		if ((n = purge_table(db, (enum purge_stmt)i, grace)) == -1)
			goto out;
		printf("%s: %lld removed\n", purge_names[i], n);
	}
	rc = 0;
out:
	db_close(db);
	config_free(&cfg);
	return rc;
}
