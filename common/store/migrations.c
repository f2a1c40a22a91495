/*
 * migrations: every statement about the schema_migrations table.  The
 * table is made here rather than by a migration, since it must exist
 * before the first one runs.
 */
#include <stddef.h>

#include "db.h"
#include "migrations.h"

enum migrations_stmt {
	MIGRATIONS_LOCK,
	MIGRATIONS_TABLE,
	MIGRATIONS_APPLIED,
	MIGRATIONS_RECORD,
	MIGRATIONS__MAX
};

static const char *const migrations_sql[MIGRATIONS__MAX] = {
	"DO GET_LOCK('fcauth_migrate', 60)", /* MIGRATIONS_LOCK */
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version INT UNSIGNED NOT NULL PRIMARY KEY, name VARCHAR(128) "
	    "NOT NULL, applied_at DATETIME NOT NULL) ENGINE=InnoDB "
	    "DEFAULT CHARSET=utf8mb4 "
	    "COLLATE=utf8mb4_unicode_ci", /* MIGRATIONS_TABLE */
	"SELECT COUNT(*) FROM schema_migrations "
	    "WHERE version = ?", /* MIGRATIONS_APPLIED */
	"INSERT INTO schema_migrations (version, name, applied_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP())", /* MIGRATIONS_RECORD */
};

/* Plain text, not prepared: run once per fcauthctl migrate. */
int
migrations_begin(struct db *db)
{
	if (db_exec_text(db, migrations_sql[MIGRATIONS_LOCK]) == -1 ||
	    db_exec_text(db, migrations_sql[MIGRATIONS_TABLE]) == -1)
		return -1;
	return 0;
}

int
migrations_applied(struct db *db, unsigned version)
{
	long long	 seen = 0;
	struct db_val	 v = DBV_INT(version);
	struct db_col	 c = DBC_INT(&seen);

	if (db_row(db, migrations_sql[MIGRATIONS_APPLIED], &v, 1, &c, 1) == -1)
		return -1;
	return seen > 0;
}

int
migrations_record(struct db *db, unsigned version, const char *name)
{
	struct db_val	 v[2];

	v[0] = DBV_INT(version);
	v[1] = DBV_STR(name);
	return db_exec(db, migrations_sql[MIGRATIONS_RECORD], v, 2) == -1 ?
	    -1 : 0;
}
