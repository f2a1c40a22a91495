/*
 * fcauthctl import-users [--unverified] FILE.csv: accounts from another
 * site, with the password hashes they already have, so that their
 * users keep their passwords (the first login rehashes them with the
 * configured method).
 *
 * The file is CSV as in RFC 4180 (comma-separated, fields may be quoted
 * with '"', a quote inside doubled, quoted fields may span lines; LF or
 * CRLF line ends; an optional UTF-8 byte order mark), with the columns
 *
 *     email,username,full_name,password_hash
 *
 * and an optional header line naming them.  username and full_name may
 * be empty.  The hash must be one libcrypt verifies: $2y$, $2b$, $2a$
 * (bcrypt, PHP's password_hash), $y$ (yescrypt), $6$ or $5$ (SHA-crypt).
 * Each kind of hash (method and cost) is noted in password_kinds before
 * the first account of it is stored, so that logins spend a hash of it
 * while accounts have one (common/store/passwd_kinds.c).
 *
 * Each row is checked with the rules of registration and stored in its
 * own transaction, as an active account with a verified address (unless
 * --unverified).  A row whose email already has an account is skipped
 * ("FILE:LINE: skipped, exists"), so running an import again imports
 * nothing twice; a bad row is refused ("FILE:LINE: reason") and the
 * others still go in.  Progress every 1000 rows and the summary
 * "imported N, skipped N, refused N" go to stderr and stdout.  Exit
 * status 0 when no row was refused, 1 when some were (or on an error),
 * 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "config.h"
#include "ctl.h"
#include "db.h"
#include "http.h"
#include "passwd.h"
#include "passwd_kinds.h"
#include "users.h"
#include "validate.h"

#define CSV_COLS	4
#define CSV_FIELD_MAX	4096	/* bytes of one field we keep */
#define PROGRESS_EVERY	1000

static const char import_usage[] =
    "usage: fcauthctl import-users [--unverified] FILE.csv\n";

/* Hash prefixes an imported hash may have. */
static const char *const import_prefixes[] = {
	"$2y$", "$2b$", "$2a$", "$y$", "$6$", "$5$", NULL
};

/* One CSV record: its fields and the line it starts on. */
struct csv_row {
	char		 field[CSV_COLS][CSV_FIELD_MAX + 1];
	size_t		 nfields;	/* as found, may exceed CSV_COLS */
	unsigned long	 line;
	const char	*error;		/* set when the record is malformed */
};

struct csv {
	FILE		*fp;
	unsigned long	 line;		/* of the next character */
};

struct import_counts {
	unsigned long	 rows, imported, skipped, refused;
};

/* Append "c" to field "i" of "row" unless it is full. */
static void
csv_put(struct csv_row *row, size_t *len, int c)
{
	size_t	 i = row->nfields - 1;

	if (i >= CSV_COLS)
		return;
	if (*len >= CSV_FIELD_MAX) {
		row->error = "field too long";
		return;
	}
	row->field[i][(*len)++] = (char)c;
	row->field[i][*len] = '\0';
}

/*
 * Read the next record into "row".  1 a record, 0 end of file, -1 read
 * error.  A malformed record (a stray quote, an unterminated quoted
 * field) comes back with row->error set.
 */
static int
csv_read(struct csv *in, struct csv_row *row)
{
	size_t	 len = 0;
	int	 c, quoted = 0, after_quote = 0, any = 0;

	memset(row, 0, sizeof(*row));
	row->line = in->line;
	row->nfields = 1;
	for (;;) {
		if ((c = getc(in->fp)) == EOF) {
			if (ferror(in->fp))
				return -1;
			if (quoted)
				row->error = "quoted field not closed";
			return any ? 1 : 0;
		}
		any = 1;
		if (c == '\n')
			in->line++;
		if (quoted) {
			if (c != '"') {
				csv_put(row, &len, c);
				continue;
			}
			if ((c = getc(in->fp)) == '"') {
				csv_put(row, &len, c);
				continue;
			}
			quoted = 0;
			after_quote = 1;
			if (c == EOF)
				continue;
			ungetc(c, in->fp);
			continue;
		}
		if (c == ',') {
			row->nfields++;
			len = 0;
			after_quote = 0;
			continue;
		}
		if (c == '\n')
			return 1;
		if (c == '\r') {
			if ((c = getc(in->fp)) == '\n') {
				in->line++;
				return 1;
			}
			if (c != EOF)
				ungetc(c, in->fp);
			row->error = "carriage return outside quotes";
			continue;
		}
		if (c == '"' && len == 0 && !after_quote) {
			quoted = 1;
			continue;
		}
		if (c == '"' || after_quote)
			row->error = "stray quote";
		csv_put(row, &len, c);
	}
}

/* Whether "row" is the optional header line: 1 or 0. */
static int
csv_is_header(const struct csv_row *row)
{
	return row->nfields == CSV_COLS &&
	    strcasecmp(row->field[0], "email") == 0 &&
	    strcasecmp(row->field[3], "password_hash") == 0;
}

/* Whether "row" is an empty line: 1 or 0. */
static int
csv_is_blank(const struct csv_row *row)
{
	return row->nfields == 1 && row->field[0][0] == '\0' &&
	    row->error == NULL;
}

/* A hash we can import: a known prefix and crypt's alphabet.  NULL
 * good, else the reason. */
static const char *
check_hash(const char *h)
{
	char	 kind[PASSWD_KIND_MAX];
	size_t	 i, n = strlen(h);

	if (n == 0)
		return "password hash is empty";
	for (i = 0; import_prefixes[i] != NULL; i++)
		if (strncmp(h, import_prefixes[i],
		    strlen(import_prefixes[i])) == 0)
			break;
	if (import_prefixes[i] == NULL)
		return "password hash method not supported "
		    "(want $2y$ $2b$ $2a$ $y$ $6$ $5$)";
	if (n > 255 || n < 20)
		return "password hash has a wrong length";
	if (strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789./$=") != n)
		return "password hash has characters crypt does not use";
	if (!passwd_kind(h, kind, sizeof(kind)))
		return "password hash has malformed cost parameters";
	return NULL;
}

/*
 * Check one row and fill "n" ("email" receives the normalised
 * address).  NULL good, else the reason.
 */
static const char *
import_check(const struct config *cfg, const struct csv_row *row,
    char *email, size_t emailsz, struct user_new *n)
{
	static char	 why[160];
	const char	*e;

	memset(n, 0, sizeof(*n));
	if (row->error != NULL)
		return row->error;
	if (row->nfields != CSV_COLS) {
		snprintf(why, sizeof(why), "expected %d columns, found %zu",
		    CSV_COLS, row->nfields);
		return why;
	}
	if (!utf8_valid(row->field[0], strlen(row->field[0])) ||
	    !utf8_valid(row->field[1], strlen(row->field[1])) ||
	    !utf8_valid(row->field[2], strlen(row->field[2])))
		return "not valid UTF-8";
	if ((e = validate_email_new(row->field[0], cfg->email_allow_percent,
	    email, emailsz)) != NULL) {
		snprintf(why, sizeof(why), "email: %s", e);
		return why;
	}
	if (row->field[1][0] != '\0' && (e = validate_username(row->field[1],
	    cfg->reserved_usernames[0] != '\0' ? cfg->reserved_usernames :
	    NULL)) != NULL) {
		snprintf(why, sizeof(why), "username: %s", e);
		return why;
	}
	if (row->field[2][0] != '\0' &&
	    (e = validate_text(row->field[2], FULLNAME_MAX, 0)) != NULL) {
		snprintf(why, sizeof(why), "full name: %s", e);
		return why;
	}
	if ((e = check_hash(row->field[3])) != NULL)
		return e;
	n->email = email;
	n->username = row->field[1][0] != '\0' ? row->field[1] : NULL;
	n->full_name = row->field[2][0] != '\0' ? row->field[2] : NULL;
	n->password_hash = row->field[3];
	n->status = "active";
	return NULL;
}

/*
 * Store one checked row in its own transaction.  1 imported, 0 the
 * email exists (skipped), 2 the username is taken (refused), -1
 * database error.
 */
static int
import_store(struct db *db, const struct user_new *n, int verified)
{
	int64_t	 id;

	return ctl_user_create(db, n, "user", verified, "imported", &id);
}

/* Import every row of "path".  Exit status. */
static int
import_file(const struct config *cfg, struct db *db, const char *path,
    int verified)
{
	static struct csv_row	 row;
	struct csv		 in;
	struct user_new		 n;
	struct import_counts	 k;
	char			 email[EMAIL_MAX + 1];
	const char		*why;
	int			 rc, c, st = 0;

	memset(&k, 0, sizeof(k));
	if ((in.fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "fcauthctl: cannot open %s: %s\n", path,
		    strerror(errno));
		return 1;
	}
	in.line = 1;
	/* a UTF-8 byte order mark */
	if ((c = getc(in.fp)) == 0xef) {
		if (getc(in.fp) != 0xbb || getc(in.fp) != 0xbf)
			rewind(in.fp);
	} else if (c != EOF)
		ungetc(c, in.fp);

	while ((rc = csv_read(&in, &row)) == 1) {
		if (csv_is_blank(&row) ||
		    (k.rows == 0 && k.refused == 0 && csv_is_header(&row) &&
		    row.line == 1))
			continue;
		if (++k.rows % PROGRESS_EVERY == 0)
			fprintf(stderr, "%s: %lu rows (imported %lu, skipped "
			    "%lu, refused %lu)\n", path, k.rows, k.imported,
			    k.skipped, k.refused);
		if ((why = import_check(cfg, &row, email, sizeof(email),
		    &n)) != NULL) {
			fprintf(stderr, "%s:%lu: %s\n", path, row.line, why);
			k.refused++;
			continue;
		}
		/* the kind first: no account of a kind logins do not spend */
		if (passwd_kinds_add(db, n.password_hash) == -1) {
			fprintf(stderr, "%s:%lu: cannot note the hash kind: "
			    "%s\n", path, row.line, db_error(db) != DB_OK ?
			    db_strerror(db) : "libcrypt refused it");
			st = 1;
			goto out;
		}
		switch (import_store(db, &n, verified)) {
		case 1:
			k.imported++;
			break;
		case 0:
			fprintf(stderr, "%s:%lu: skipped, exists\n", path,
			    row.line);
			k.skipped++;
			break;
		case 2:
			fprintf(stderr, "%s:%lu: username taken\n", path,
			    row.line);
			k.refused++;
			break;
		default:
			fprintf(stderr, "%s:%lu: %s\n", path, row.line,
			    db_strerror(db));
			st = 1;
			goto out;
		}
	}
	if (rc == -1) {
		fprintf(stderr, "fcauthctl: cannot read %s: %s\n", path,
		    strerror(errno));
		st = 1;
	}
out:
	fclose(in.fp);
	printf("imported %lu, skipped %lu, refused %lu\n", k.imported,
	    k.skipped, k.refused);
	return st != 0 ? st : k.refused > 0;
}

int
ctl_import_users(const char *cfgpath, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "unverified", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct config	 cfg;
	struct db	*db;
	int		 ch, verified = 1, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'u') {
			fputs(import_usage, stderr);
			return 2;
		}
		verified = 0;
	}
	if (optind != argc - 1) {
		fputs(import_usage, stderr);
		return 2;
	}
	if (ctl_open(cfgpath, 0, &cfg, &db) == -1)
		return 1;
	rc = import_file(&cfg, db, argv[optind], verified);
	ctl_close(&cfg, db);
	return rc;
}
