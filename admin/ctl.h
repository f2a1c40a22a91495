/*
 * ctl: the subcommands of fcauthctl.  Each takes the configuration path
 * (may be NULL for the default) and its own arguments after the
 * subcommand name, and returns the exit status.
 */
#ifndef FCAUTH_CTL_H
#define FCAUTH_CTL_H

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
int	 ctl_purge(const char *cfgpath, int argc, char *argv[]);
int	 ctl_mail_worker(const char *cfgpath, int argc, char *argv[]);

#endif /* FCAUTH_CTL_H */
