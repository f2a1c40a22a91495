/*
 * fcauthctl migrate: apply the numbered sql/NNN_name.sql files that the
 * database has not seen yet, in order, recording each in
 * schema_migrations.  Idempotent: a second run applies nothing.
 * fcauthctl check-config: load the configuration (and its dialect) and
 * say what is wrong.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "config.h"
#include "ctl.h"
#include "db.h"
#include "migrations.h"

#define MIGRATIONS_MAX	256

struct migration {
	unsigned	 version;
	char		 name[256];
};

static int
migration_cmp(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;

	return x->version < y->version ? -1 : x->version > y->version;
}

/* List "dir"'s NNN_*.sql files in version order.  Count or -1. */
static int
migrations_list(const char *dir, struct migration *m, size_t max)
{
	DIR		*d;
	struct dirent	*e;
	size_t		 n = 0, len;
	char		*end;
	unsigned long	 v;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "fcauthctl: cannot open %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL && n < max) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0 ||
		    len >= sizeof(m[n].name))
			continue;
		v = strtoul(e->d_name, &end, 10);
		if (end == e->d_name || *end != '_' || v == 0)
			continue;
		m[n].version = (unsigned)v;
		memcpy(m[n].name, e->d_name, len + 1);
		n++;
	}
	closedir(d);
	qsort(m, n, sizeof(*m), migration_cmp);
	return (int)n;
}

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	long	 len;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1)) != NULL) {
		if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		} else
			buf[len] = '\0';
	}
	fclose(f);
	return buf;
}

/*
 * Run every statement of "text": comment lines ("--") are dropped and a
 * statement ends with a semicolon at the end of a line.  0 or -1.
 */
static int
migration_run(struct db *db, const char *file, char *text)
{
	char	*line, *next, *stmt;
	size_t	 len = 0, l;
	int	 rc = 0;

	if ((stmt = malloc(strlen(text) + 2)) == NULL)
		return -1;
	for (line = text; line != NULL && rc == 0; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line + strspn(line, " \t"), "--", 2) == 0)
			continue;
		l = strlen(line);
		while (l > 0 && (line[l - 1] == ' ' || line[l - 1] == '\t' ||
		    line[l - 1] == '\r'))
			l--;
		memcpy(stmt + len, line, l);
		len += l;
		stmt[len++] = '\n';
		if (l == 0 || line[l - 1] != ';')
			continue;
		stmt[len - 2] = '\0';	/* drop ";\n" */
		if (db_exec_text(db, stmt) == -1) {
			fprintf(stderr, "fcauthctl: %s: %s\n", file,
			    db_strerror(db));
			rc = -1;
		}
		len = 0;
	}
	stmt[len] = '\0';
	if (rc == 0 && strspn(stmt, " \t\n") < len) {
		fprintf(stderr, "fcauthctl: %s: statement without a final "
		    "semicolon\n", file);
		rc = -1;
	}
	free(stmt);
	return rc;
}

/* Apply one migration unless recorded.  1 applied, 0 skipped, -1 error. */
static int
migration_apply(struct db *db, const char *dir, const struct migration *m)
{
	char		 path[4096];
	char		*text;
	int		 rc;

	if ((rc = migrations_applied(db, m->version)) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", db_strerror(db));
		return -1;
	}
	if (rc == 1)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir, m->name);
	if ((text = slurp(path)) == NULL) {
		fprintf(stderr, "fcauthctl: cannot read %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	rc = migration_run(db, m->name, text);
	free(text);
	if (rc == -1)
		return -1;
	if (migrations_record(db, m->version, m->name) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", db_strerror(db));
		return -1;
	}
	printf("applied %s\n", m->name);
	return 1;
}

static int
migrate_all(struct db *db, const char *dir)
{
	static struct migration	 m[MIGRATIONS_MAX];
	int			 n, i, rc, applied = 0;

	if ((n = migrations_list(dir, m, MIGRATIONS_MAX)) == -1)
		return 1;
	if (db_connect(db) == -1) {
		fprintf(stderr, "fcauthctl: cannot connect to the database: "
		    "%s\n", db_strerror(db));
		return 1;
	}
	/* one migrator at a time; the lock ends with the connection */
	if (migrations_begin(db) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", db_strerror(db));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if ((rc = migration_apply(db, dir, &m[i])) == -1)
			return 1;
		applied += rc;
	}
	printf("schema up to date (%d applied, %d known)\n", applied, n);
	return 0;
}

int
ctl_migrate(const char *cfgpath, int argc, char *argv[])
{
	struct config	 cfg;
	struct db	*db;
	const char	*dir = FCAUTH_SQL_DIR;
	char		 err[512];
	int		 rc;

	if (argc == 3 && strcmp(argv[1], "--dir") == 0)
		dir = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: fcauthctl migrate [--dir DIR]\n");
		return 2;
	}
	if (config_load(&cfg, config_path(cfgpath), err, sizeof(err)) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", err);
		return 1;
	}
	if ((db = db_open(&cfg)) == NULL) {
		config_free(&cfg);
		return 1;
	}
	rc = migrate_all(db, dir);
	db_close(db);
	config_free(&cfg);
	return rc;
}

int
ctl_check_config(const char *cfgpath, int argc, char *argv[])
{
	struct config	 cfg;
	struct dialect	*d = NULL;
	const char	*path = config_path(cfgpath);
	char		 err[512];
	int		 dump = argc == 2 && strcmp(argv[1], "--dump") == 0;

	if (argc > 2 || (argc == 2 && !dump)) {
		fprintf(stderr, "usage: fcauthctl check-config [--dump]\n");
		return 2;
	}
	if (sodium_init() < 0 ||
	    config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", err);
		return 1;
	}
	if (config_current_key(&cfg) == NULL) {
		fprintf(stderr, "fcauthctl: %s: no signing key configured "
		    "(see fcauthctl key generate)\n", path);
		config_free(&cfg);
		return 1;
	}
	/* the same words as a program that refuses to start */
	if (app_dialect_load(&cfg, &d, err, sizeof(err)) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", err);
		config_free(&cfg);
		return 1;
	}
	if (dump)
		config_dump(&cfg, stdout);
	else {
		printf("%s: ok\n", path);
		if (d != NULL)
			printf("%s: dialect %s: ok\n", d->file, d->name);
	}
	dialect_free(d);
	config_free(&cfg);
	return 0;
}
