/*
 * fcauthctl user: accounts by hand.
 *
 *   user add EMAIL [--username NAME] [--full-name TEXT] [--role ROLE]
 *       [--verified]         password: one line on standard input;
 *                            prints the new id
 *   user set-role USER ROLE
 *   user disable USER        also revokes every session of the account
 *                            and ends its open verifications
 *   user enable USER
 *   user list                id, email, username, role, status, created
 *                            (tab-separated, one account per line)
 *   user show USER [--hash-method]
 *   user mfa-reset USER      removes the second factor and the recovery
 *                            codes (a lost device), ends every session,
 *                            mails the user a notice
 *
 * USER is an id, an email address or a username.  Exit status 0, 1 on
 * an error (message on stderr), 2 on a usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "config.h"
#include "ctl.h"
#include "db.h"
#include "mfa.h"
#include "passwd.h"
#include "sessions.h"
#include "users.h"
#include "validate.h"
#include "verifications.h"

#define ROLE_MAX	16	/* users.role is VARCHAR(16) */

static const char user_usage[] =
    "usage: fcauthctl user add EMAIL [--username NAME] [--full-name TEXT]\n"
    "           [--role ROLE] [--verified]   (password on standard input)\n"
    "       fcauthctl user set-role USER ROLE\n"
    "       fcauthctl user disable|enable USER\n"
    "       fcauthctl user list\n"
    "       fcauthctl user show USER [--hash-method]\n"
    "       fcauthctl user mfa-reset USER\n";

int
ctl_open(const char *cfgpath, int hashing, struct config *cfg, struct db **db)
{
	char	 err[512];

	*db = NULL;
	if (sodium_init() < 0) {
		fprintf(stderr, "fcauthctl: cannot initialise libsodium\n");
		return -1;
	}
	if (config_load(cfg, config_path(cfgpath), err, sizeof(err)) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", err);
		return -1;
	}
	if (hashing && passwd_init(cfg->hash_method, cfg->hash_cost) == -1) {
		fprintf(stderr, "fcauthctl: password method %s is not "
		    "available\n", cfg->hash_method);
		goto err;
	}
	if (hashing && cfg->common_passwords[0] != '\0' &&
	    validate_load_common(cfg->common_passwords) == -1) {
		fprintf(stderr, "fcauthctl: cannot read %s\n",
		    cfg->common_passwords);
		goto err;
	}
	if ((*db = db_open(cfg)) == NULL) {
		fprintf(stderr, "fcauthctl: out of memory\n");
		goto err;
	}
	if (db_connect(*db) == -1) {
		fprintf(stderr, "fcauthctl: cannot connect to the database: "
		    "%s\n", db_strerror(*db));
		goto err;
	}
	return 0;
err:
	ctl_close(cfg, *db);
	*db = NULL;
	return -1;
}

void
ctl_close(struct config *cfg, struct db *db)
{
	db_close(db);
	config_free(cfg);
}

/* A role: 1-16 of a-z 0-9 _ -.  1 good, 0 not. */
static int
role_valid(const char *role)
{
	size_t	 n = strlen(role);

	return n > 0 && n <= ROLE_MAX &&
	    strspn(role, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/*
 * Find the account named by "key" (an id, an email address or a
 * username) into "u".  1 found, 0 not (said on stderr), -1 error.
 */
static int
user_find(struct db *db, const char *key, struct user *u)
{
	char		 norm[EMAIL_MAX + 1];
	char		*end;
	unsigned long long id;
	int		 rc;

	if (key[0] >= '1' && key[0] <= '9' &&
	    (id = strtoull(key, &end, 10)) > 0 && *end == '\0' &&
	    id <= INT64_MAX)
		rc = users_by_id(db, (int64_t)id, u);
	else if (strchr(key, '@') != NULL) {
		if (validate_email(key, norm, sizeof(norm)) != NULL)
			snprintf(norm, sizeof(norm), "%s", key);
		rc = users_by_login(db, norm, u);
	} else
		rc = users_by_login(db, key, u);
	if (rc == -1)
		fprintf(stderr, "fcauthctl: %s\n", db_strerror(db));
	else if (rc == 0)
		fprintf(stderr, "fcauthctl: no such user: %s\n", key);
	return rc;
}

/*
 * Read one line from standard input into a new string in "*out"
 * (without its line end; the caller wipes and frees it).  0 or -1.
 */
static int
read_password(char **out)
{
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	*out = NULL;
	if ((n = getline(&line, &cap, stdin)) <= 0) {
		free(line);
		fprintf(stderr, "fcauthctl: no password on standard input\n");
		return -1;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	*out = line;
	return 0;
}

/* Wipe and free a password read by read_password. */
static void
password_free(char *pw)
{
	if (pw != NULL) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
}

int
ctl_user_create(struct db *db, const struct user_new *n, const char *role,
    int verified, const char *event, int64_t *id)
{
	enum users_taken	 taken = USERS_FREE;
	int			 rc;

	*id = 0;
	if (db_begin(db) == -1 ||
	    (rc = users_insert(db, n, id, &taken)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(db);
		return taken == USERS_USERNAME_TAKEN ? 2 : 0;
	}
	if ((strcmp(role, "user") != 0 &&
	    users_set_role(db, *id, role) == -1) ||
	    (verified && users_set_verified(db, *id, 1) == -1) ||
	    audit_add(db, *id, event, NULL, NULL) == -1 ||
	    db_commit(db) == -1)
		goto dberr;
	return 1;
dberr:
	db_rollback(db);
	return -1;
}

/* Store a checked new account and print its id.  0 or -1. */
static int
user_store(struct db *db, const struct user_new *n, const char *role,
    int verified)
{
	int64_t	 id;
	int	 rc;

	rc = ctl_user_create(db, n, role, verified, "created_by_admin", &id);
	if (rc == 1) {
		printf("%lld\n", (long long)id);
		return 0;
	}
	if (rc == -1)
		fprintf(stderr, "fcauthctl: %s\n", db_strerror(db));
	else
		fprintf(stderr, "fcauthctl: %s is taken\n",
		    rc == 2 ? "username" : "email");
	return -1;
}

/* user add: check everything, then store.  Exit status. */
static int
user_add(const char *cfgpath, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "username", required_argument, NULL, 'u' },
		{ "full-name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "verified", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct config	 cfg;
	struct db	*db = NULL;
	struct user_new	 n;
	const char	*role = "user", *why;
	char		 email[EMAIL_MAX + 1], hash[PASSWD_HASH_MAX];
	char		*pw = NULL;
	int		 ch, verified = 0, rc = 1;

	memset(&n, 0, sizeof(n));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			n.username = optarg;
			break;
		case 'n':
			n.full_name = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'v':
			verified = 1;
			break;
		default:
			fputs(user_usage, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(user_usage, stderr);
		return 2;
	}
	if (!role_valid(role)) {
		fprintf(stderr, "fcauthctl: role must be 1-16 of a-z 0-9 _ -\n");
		return 1;
	}
	if (ctl_open(cfgpath, 1, &cfg, &db) == -1)
		return 1;
	if ((why = validate_email_new(argv[optind], cfg.email_allow_percent,
	    email, sizeof(email))) != NULL) {
		fprintf(stderr, "fcauthctl: %s: %s\n", argv[optind], why);
		goto out;
	}
	if (n.username != NULL && (why = validate_username(n.username,
	    cfg.reserved_usernames[0] != '\0' ? cfg.reserved_usernames :
	    NULL)) != NULL) {
		fprintf(stderr, "fcauthctl: %s: %s\n", n.username, why);
		goto out;
	}
	if (n.full_name != NULL &&
	    (why = validate_text(n.full_name, FULLNAME_MAX, 0)) != NULL) {
		fprintf(stderr, "fcauthctl: full name: %s\n", why);
		goto out;
	}
	if (read_password(&pw) == -1)
		goto out;
	if ((why = validate_password(pw, cfg.password_min, email,
	    n.username)) != NULL) {
		fprintf(stderr, "fcauthctl: password: %s\n", why);
		goto out;
	}
	if (passwd_hash(pw, hash, sizeof(hash)) == -1) {
		fprintf(stderr, "fcauthctl: cannot hash the password\n");
		goto out;
	}
	n.email = email;
	n.password_hash = hash;
	n.status = "active";
	if (user_store(db, &n, role, verified) == 0)
		rc = 0;
	sodium_memzero(hash, sizeof(hash));
out:
	password_free(pw);
	ctl_close(&cfg, db);
	return rc;
}

/*
 * user set-role, disable, enable: one change to one account, in one
 * transaction.  Exit status.
 */
static int
user_change(const char *cfgpath, const char *what, const char *key,
    const char *role)
{
	struct config	 cfg;
	struct db	*db;
	struct user	 u;
	long long	 revoked = 0;
	int		 rc = 1, found;

	if (role != NULL && !role_valid(role)) {
		fprintf(stderr, "fcauthctl: role must be 1-16 of a-z 0-9 _ -\n");
		return 1;
	}
	if (ctl_open(cfgpath, 0, &cfg, &db) == -1)
		return 1;
	if ((found = user_find(db, key, &u)) != 1)
		goto out;
	if (db_begin(db) == -1)
		goto dberr;
	if (role != NULL) {
		if (users_set_role(db, u.id, role) == -1 ||
		    audit_add(db, u.id, "role_changed", NULL, NULL) == -1)
			goto dberr;
	} else if (strcmp(what, "disable") == 0) {
		if (users_set_status(db, u.id, "disabled") == -1 ||
		    (revoked = sessions_revoke_except(db, u.id, 0,
		    "disabled")) == -1 ||
		    verif_retire_all(db, u.id) == -1 ||
		    audit_add(db, u.id, "account_disabled", NULL, NULL) == -1)
			goto dberr;
	} else if (users_set_status(db, u.id, "active") == -1 ||
	    audit_add(db, u.id, "account_enabled", NULL, NULL) == -1)
		goto dberr;
	if (db_commit(db) == -1)
		goto dberr;
	if (role != NULL)
		printf("user %lld: role %s\n", (long long)u.id, role);
	else if (strcmp(what, "disable") == 0)
		printf("user %lld: disabled, %lld sessions revoked\n",
		    (long long)u.id, revoked);
	else
		printf("user %lld: active\n", (long long)u.id);
	rc = 0;
	goto out;
dberr:
	fprintf(stderr, "fcauthctl: %s\n", db_strerror(db));
	db_rollback(db);
out:
	ctl_close(&cfg, db);
	return rc;
}

/*
 * user mfa-reset: the factor, its codes and every session (and with
 * them the trusted devices) go, in one transaction with the audit
 * event and the notice mail.  Exit status.
 */
static int
user_mfa_reset(const char *cfgpath, const char *key)
{
	struct config	 cfg;
	struct db	*db;
	struct user	 u;
	long long	 revoked = 0;
	int		 rc = 1;

	if (ctl_open(cfgpath, 0, &cfg, &db) == -1)
		return 1;
	if (user_find(db, key, &u) != 1)
		goto out;
	if (!u.mfa_totp && u.mfa_recovery_left == 0) {
		printf("user %lld: no second factor\n", (long long)u.id);
		rc = 0;
		goto out;
	}
	if (db_begin(db) == -1 || mfa_remove(db, u.id) == -1 ||
	    (revoked = sessions_revoke_all(db, u.id, "mfa_reset")) == -1 ||
	    mfa_notice(db, &cfg, &u, MFA_NOTICE_RESET, 0) == -1 ||
	    audit_add(db, u.id, "mfa_reset", NULL, NULL) == -1 ||
	    db_commit(db) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", db_error(db) != DB_OK ?
		    db_strerror(db) : "cannot queue the notice mail");
		db_rollback(db);
		goto out;
	}
	printf("user %lld: second factor removed, %lld sessions revoked\n",
	    (long long)u.id, revoked);
	rc = 0;
out:
	ctl_close(&cfg, db);
	return rc;
}

/* users_list callback: one tab-separated line. */
static int
list_one(const struct user *u, void *arg)
{
	(void)arg;
	return printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)u->id,
	    u->email, u->username, u->role, u->status, u->created_at) < 0 ?
	    -1 : 0;
}

/* user list.  Exit status. */
static int
user_list(const char *cfgpath)
{
	struct config	 cfg;
	struct db	*db;
	int		 rc = 0;

	if (ctl_open(cfgpath, 0, &cfg, &db) == -1)
		return 1;
	if (users_list(db, list_one, NULL) == -1) {
		fprintf(stderr, "fcauthctl: %s\n", db_error(db) != DB_OK ?
		    db_strerror(db) : "cannot write the list");
		rc = 1;
	}
	ctl_close(&cfg, db);
	return rc;
}

/* Print "key: value" with control characters shown as spaces. */
static void
show_line(const char *key, const char *value)
{
	const char	*p;

	printf("%s: ", key);
	for (p = value; *p != '\0'; p++)
		putchar((unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p);
	putchar('\n');
}

/* user show: every column but the hash (only its method).  Exit status. */
static int
user_show(const char *cfgpath, const char *key, int method_only)
{
	struct config	 cfg;
	struct db	*db;
	struct user	 u;
	const char	*method;
	char		 id[32];
	int		 rc = 1;

	if (ctl_open(cfgpath, 0, &cfg, &db) == -1)
		return 1;
	if (user_find(db, key, &u) != 1)
		goto out;
	method = passwd_method_of(u.password_hash);
	if (method == NULL)
		method = "unknown";
	rc = 0;
	if (method_only) {
		printf("%s\n", method);
		goto out;
	}
	snprintf(id, sizeof(id), "%lld", (long long)u.id);
	show_line("id", id);
	show_line("email", u.email);
	show_line("email_verified", u.email_verified ? "yes" : "no");
	show_line("username", u.username);
	show_line("role", u.role);
	show_line("status", u.status);
	show_line("password_method", method);
	show_line("full_name", u.full_name);
	show_line("phone", u.phone);
	show_line("birthday", u.birthday);
	show_line("bio", u.bio);
	show_line("profile_picture", u.profile_picture);
	show_line("contacts", u.contacts);
	show_line("created_at", u.created_at);
	show_line("updated_at", u.updated_at);
	show_line("last_login_date", u.last_login_at);
	show_line("last_request_date", u.last_request_at);
	show_line("mfa_totp", u.mfa_totp ? "yes" : "no");
	snprintf(id, sizeof(id), "%lld", u.mfa_recovery_left);
	show_line("mfa_recovery_codes_left", id);
	snprintf(id, sizeof(id), "%lld", u.passkeys);
	show_line("passkeys", id);
out:
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	ctl_close(&cfg, db);
	return rc;
}

int
ctl_user(const char *cfgpath, int argc, char *argv[])
{
	const char	*sub = argc >= 2 ? argv[1] : "";

	if (strcmp(sub, "add") == 0)
		return user_add(cfgpath, argc - 1, argv + 1);
	if (strcmp(sub, "set-role") == 0 && argc == 4)
		return user_change(cfgpath, sub, argv[2], argv[3]);
	if ((strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) &&
	    argc == 3)
		return user_change(cfgpath, sub, argv[2], NULL);
	if (strcmp(sub, "mfa-reset") == 0 && argc == 3)
		return user_mfa_reset(cfgpath, argv[2]);
	if (strcmp(sub, "list") == 0 && argc == 2)
		return user_list(cfgpath);
	if (strcmp(sub, "show") == 0 && argc == 3)
		return user_show(cfgpath, argv[2], 0);
	if (strcmp(sub, "show") == 0 && argc == 4 &&
	    strcmp(argv[3], "--hash-method") == 0)
		return user_show(cfgpath, argv[2], 1);
	fputs(user_usage, stderr);
	return 2;
}
