/*
 * ctl: the subcommands of fcauthctl.  Each takes the configuration path
 * (may be NULL for the default) and its own arguments after the
 * subcommand name, and returns the exit status.
 */
#ifndef FCAUTH_CTL_H
#define FCAUTH_CTL_H

#include <stdint.h>

int	 ctl_migrate(const char *cfgpath, int argc, char *argv[]);
int	 ctl_check_config(const char *cfgpath, int argc, char *argv[]);
int	 ctl_key(const char *cfgpath, int argc, char *argv[]);
int	 ctl_user(const char *cfgpath, int argc, char *argv[]);
int	 ctl_import_users(const char *cfgpath, int argc, char *argv[]);

struct config;
struct db;

/*
 * For subcommands that work on the database: load the configuration
 * into "cfg" and connect "*db"; with "hashing", also get the password
 * method and common-password list ready.  0, or -1 with a message on
 * stderr (nothing to release then).  ctl_close releases both.
 */
int	 ctl_open(const char *cfgpath, int hashing, struct config *cfg,
	    struct db **db);
void	 ctl_close(struct config *cfg, struct db *db);

struct user_new;

/*
 * Store the checked account "n" in one transaction: the row, its role
 * unless "user", its verified mark if "verified", and the audit event
 * "event"; its id into "*id".  1 stored, 0 the email or 2 the username
 * is taken (nothing stored), -1 database error (rolled back; db_strerror
 * says why).  In ctl_user.c, for user add and import-users.
 */
int	 ctl_user_create(struct db *db, const struct user_new *n,
	    const char *role, int verified, const char *event, int64_t *id);
int	 ctl_purge(const char *cfgpath, int argc, char *argv[]);
int	 ctl_mail_worker(const char *cfgpath, int argc, char *argv[]);
int	 ctl_snippet(const char *cfgpath, int argc, char *argv[]);

#endif /* FCAUTH_CTL_H */
