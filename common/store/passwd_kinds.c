/*
 * passwd_kinds: every statement about the password_kinds table, and
 * the per-process list of the kinds still stored.
 *
 * The list is read by each process at most once per kinds_refresh
 * seconds (one SELECT of the table and one indexed prefix query per
 * kind), never per request.  The programs are single-threaded; the
 * list is static and not thread-safe.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "passwd.h"
#include "passwd_kinds.h"

#define KINDS_MAX	16	/* further kinds a login spends a hash on */
#define MISS_REFRESH	1	/* seconds between reads for an unread kind */

enum kinds_stmt {
	KINDS_LIST,
	KINDS_STORED,
	KINDS_KNOWN,
	KINDS_ADD,
	KINDS__MAX
};

static const char *const kinds_sql[KINDS__MAX] = {
	"SELECT kind, dummy_hash FROM password_kinds "
	    "ORDER BY kind", /* KINDS_LIST */
	/* the _ci collation may match more than the kind, never less:
	 * at worst a kind costs a little longer */
	"SELECT 1 FROM users WHERE password_hash LIKE ? "
	    "LIMIT 1", /* KINDS_STORED */
	"SELECT COUNT(*) FROM password_kinds WHERE kind = ?", /* KINDS_KNOWN */
	"INSERT IGNORE INTO password_kinds (kind, dummy_hash, created_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP())", /* KINDS_ADD */
};

/* The kinds still stored, other than the configured one. */
static struct {
	int		 read;		/* once read at all */
	time_t		 at;		/* when, monotonic seconds */
	size_t		 n;
	char		 kind[KINDS_MAX][PASSWD_KIND_MAX];
	char		 dummy[KINDS_MAX][PASSWD_HASH_MAX];
	const char	*dummies[KINDS_MAX];	/* into dummy[] */
} kinds;

/* Kinds this process has noted (fcauthctl import-users). */
static struct {
	size_t		 n;
	char		 kind[KINDS_MAX][PASSWD_KIND_MAX];
} noted;

static time_t
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Whether accounts still have hashes of "kind": 1, 0, -1 error. */
static int
kind_stored(struct db *db, const char *kind)
{
	char		 like[PASSWD_KIND_MAX + 1];
	long long	 one = 0;
	struct db_val	 v;
	struct db_col	 c = DBC_INT(&one);

	/* kinds hold no '%', '_' or '\': nothing to escape */
	snprintf(like, sizeof(like), "%s%%", kind);
	v = DBV_STR(like);
	return db_row(db, kinds_sql[KINDS_STORED], &v, 1, &c, 1);
}

/*
 * Read the kinds into "kinds": every kind of the table that is not the
 * configured one and that accounts still have.  0, or -1 (the list
 * stays as it was).
 */
static int
kinds_read(struct db *db)
{
	static char	 kind[KINDS_MAX][PASSWD_KIND_MAX];
	static char	 dummy[KINDS_MAX][PASSWD_HASH_MAX];
	char		 k[PASSWD_KIND_MAX], d[PASSWD_HASH_MAX];
	struct db_col	 c[2] = { DBC_STR(k), DBC_STR(d) };
	size_t		 n = 0, i;
	int		 rc, stored[KINDS_MAX];

	if (db_query(db, kinds_sql[KINDS_LIST], NULL, 0, c, 2) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		/* the configured kind costs anyway */
		if (!passwd_needs_rehash(k))
			continue;
		if (n == KINDS_MAX) {
			log_warn("password_kinds: more than %d kinds, %s "
			    "and later ones are not spent", KINDS_MAX, k);
			break;
		}
		memcpy(kind[n], k, sizeof(k));
		memcpy(dummy[n], d, sizeof(d));
		n++;
	}
	db_done(db);
	if (rc == -1)
		return -1;
	for (i = 0; i < n; i++)
		if ((stored[i] = kind_stored(db, kind[i])) == -1)
			return -1;
	kinds.n = 0;
	for (i = 0; i < n; i++) {
		if (!stored[i])
			continue;
		memcpy(kinds.kind[kinds.n], kind[i], sizeof(kind[i]));
		memcpy(kinds.dummy[kinds.n], dummy[i], sizeof(dummy[i]));
		kinds.dummies[kinds.n] = kinds.dummy[kinds.n];
		kinds.n++;
	}
	return 0;
}

/* Whether the list lacks the kind of "hash" (not the configured one,
 * not read yet): 1 or 0. */
static int
kind_unread(const char *hash)
{
	char	 k[PASSWD_KIND_MAX];
	size_t	 i;

	if (hash == NULL || !passwd_needs_rehash(hash) ||
	    !passwd_kind(hash, k, sizeof(k)))
		return 0;
	for (i = 0; i < kinds.n; i++)
		if (strcmp(kinds.kind[i], k) == 0)
			return 0;
	return 1;
}

int
passwd_kinds_verify(struct db *db, const struct config *cfg,
    const char *pw, const char *hash)
{
	time_t	 t = now(), age = t - kinds.at;

	if (!kinds.read || age >= (time_t)cfg->kinds_refresh ||
	    (age >= MISS_REFRESH && kind_unread(hash))) {
		kinds.read = 1;
		kinds.at = t;
		if (kinds_read(db) == -1)
			log_warn("password_kinds: cannot read: %s (kept %zu "
			    "kinds)", db_strerror(db), kinds.n);
	}
	return passwd_verify_kinds(pw, hash, kinds.dummies, kinds.n);
}

/* Whether this process noted "kind" already: 1 or 0. */
static int
kind_noted(const char *kind)
{
	size_t	 i;

	for (i = 0; i < noted.n; i++)
		if (strcmp(noted.kind[i], kind) == 0)
			return 1;
	return 0;
}

int
passwd_kinds_add(struct db *db, const char *hash)
{
	char		 k[PASSWD_KIND_MAX], d[PASSWD_HASH_MAX];
	long long	 seen = 0;
	struct db_val	 v[2];
	struct db_col	 c = DBC_INT(&seen);
	long long	 added;

	if (!passwd_kind(hash, k, sizeof(k)))
		return -1;
	if (kind_noted(k))
		return 0;
	v[0] = DBV_STR(k);
	if (db_row(db, kinds_sql[KINDS_KNOWN], v, 1, &c, 1) == -1)
		return -1;
	added = 0;
	if (seen == 0) {
		if (passwd_kind_dummy(k, d, sizeof(d)) == -1)
			return -1;
		v[1] = DBV_STR(d);
		if ((added = db_exec(db, kinds_sql[KINDS_ADD], v, 2)) == -1)
			return -1;
	}
	if (noted.n < KINDS_MAX)
		memcpy(noted.kind[noted.n++], k, sizeof(k));
	return added > 0;
}
