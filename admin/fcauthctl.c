/*
 * fcauthctl: administration of an fcauth installation.  One table of
 * subcommands; each lives in its own ctl_*.c file.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

struct ctl_cmd {
	const char	*name;
	int		(*run)(const char *cfgpath, int argc, char *argv[]);
	const char	*usage;
};

static const struct ctl_cmd ctl_cmds[] = {
	{ "migrate", ctl_migrate, "migrate [--dir DIR]" },
	{ "check-config", ctl_check_config, "check-config [--dump]" },
	{ "key", ctl_key, "key generate [--eddsa]" },
	{ "user", ctl_user, "user add|set-role|disable|enable|list|show ..." },
	{ "import-users", ctl_import_users,
	    "import-users [--unverified] FILE.csv" },
	{ "purge", ctl_purge, "purge [--grace SECONDS]" },
	{ "mail-worker", ctl_mail_worker, "mail-worker [--once]" },
	{ "snippet", ctl_snippet, "snippet lighttpd|apache|nginx "
	    "[--canonical | --dialect NAME] [--routes] ..." },
};

#define CTL_NCMDS	(sizeof(ctl_cmds) / sizeof(ctl_cmds[0]))

static void
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: fcauthctl [--config path] command [args]\n"
	    "commands:\n");
	for (i = 0; i < CTL_NCMDS; i++)
		fprintf(stderr, "  %s\n", ctl_cmds[i].usage);
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*cfgpath = NULL;
	size_t		 i;
	int		 ch;

	/* options before the subcommand only; the rest is the command's */
	while ((ch = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfgpath = optarg;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage();
		return 2;
	}
	for (i = 0; i < CTL_NCMDS; i++)
		if (strcmp(argv[0], ctl_cmds[i].name) == 0) {
			optind = 1;
			return ctl_cmds[i].run(cfgpath, argc, argv);
		}
	fprintf(stderr, "fcauthctl: unknown command %s\n", argv[0]);
	usage();
	return 2;
}
