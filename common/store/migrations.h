/*
 * migrations: the schema_migrations table, which records the numbered
 * sql/NNN_name.sql files applied to the database (fcauthctl migrate).
 * Reading and running the files themselves is the caller's.
 */
#ifndef FCAUTH_MIGRATIONS_H
#define FCAUTH_MIGRATIONS_H

struct db;

/*
 * Take the migration lock (one migrator at a time; it ends with the
 * connection) and create schema_migrations if it is missing.  0, or -1
 * with db_error() set.
 */
int	 migrations_begin(struct db *db);

/* Whether migration "version" is recorded: 1 yes, 0 no, -1 error. */
int	 migrations_applied(struct db *db, unsigned version);

/* Record migration "version" from file "name", applied now.  0 or -1. */
int	 migrations_record(struct db *db, unsigned version, const char *name);

#endif /* FCAUTH_MIGRATIONS_H */
