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
int	 ctl_mail_worker(const char *cfgpath, int argc, char *argv[]);

#endif /* FCAUTH_CTL_H */
