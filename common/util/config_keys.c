/*
 * config_keys: the table of every key of fcauth.conf with its section,
 * type, default and bounds, and what walks it: the defaults, setting one
 * typed value from its text, freeing, and config_dump.  A new key is
 * one row here, one field in config.h and one paragraph in
 * fcauth.conf.example.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "config.h"
#include "config_private.h"

#ifndef FCAUTH_TEMPLATES_DIR
#define FCAUTH_TEMPLATES_DIR	"/usr/local/share/fcauth/templates"
#endif
#ifndef FCAUTH_DIALECTS_DIR
#define FCAUTH_DIALECTS_DIR	"/usr/local/share/fcauth/dialects"
#endif

const char *const config_sections[SEC__MAX] = {
	"database",		/* SEC_DATABASE */
	"tokens",		/* SEC_TOKENS */
	"keys",			/* SEC_KEYS */
	"http",			/* SEC_HTTP */
	"accounts",		/* SEC_ACCOUNTS */
	"password",		/* SEC_PASSWORD */
	"verification",		/* SEC_VERIFICATION */
	"mail",			/* SEC_MAIL */
	"throttle",		/* SEC_THROTTLE */
	"log",			/* SEC_LOG */
	"api",			/* SEC_API */
	"mfa",			/* SEC_MFA */
	"webauthn",		/* SEC_WEBAUTHN */
};

static const struct config_def defs[] = {
	{ SEC_DATABASE, "host", DEF_STRING, OFF(db_host),
	  "localhost", 0, 0 },		/* comma list for failover */
	{ SEC_DATABASE, "port", DEF_UINT, OFF(db_port),
	  "3306", 1, 65535 },		/* TCP port */
	{ SEC_DATABASE, "socket", DEF_STRING, OFF(db_socket),
	  "", 0, 0 },			/* Unix socket; "" = use host */
	{ SEC_DATABASE, "user", DEF_STRING, OFF(db_user),
	  "fcauth", 0, 0 },		/* database user */
	{ SEC_DATABASE, "password", DEF_SECRET, OFF(db_password),
	  "", 0, 0 },			/* database password */
	{ SEC_DATABASE, "name", DEF_STRING, OFF(db_name),
	  "fcauth", 0, 0 },		/* database (schema) name */
	{ SEC_DATABASE, "connect_timeout", DEF_UINT, OFF(db_connect_timeout),
	  "2", 1, 3600 },		/* seconds */
	{ SEC_DATABASE, "read_timeout", DEF_UINT, OFF(db_read_timeout),
	  "2", 1, 3600 },		/* seconds */
	{ SEC_DATABASE, "write_timeout", DEF_UINT, OFF(db_write_timeout),
	  "2", 1, 3600 },		/* seconds */
	{ SEC_DATABASE, "sync_wait", DEF_UINT, OFF(db_sync_wait),
	  "0", 0, 15 },			/* Galera wsrep_sync_wait; 0 = off */

	{ SEC_TOKENS, "algorithm", DEF_ALG, OFF(token_alg),
	  "HS256", 0, 0 },		/* HS256 or EdDSA */
	{ SEC_TOKENS, "issuer", DEF_STRING, OFF(token_issuer),
	  "fcauth", 0, 0 },		/* "iss" claim */
	{ SEC_TOKENS, "current_kid", DEF_STRING, OFF(token_current_kid),
	  "", 0, 0 },			/* signing key; "" = the first */
	{ SEC_TOKENS, "access_ttl", DEF_UINT, OFF(access_ttl),
	  "900", 1, 86400 },		/* seconds */
	{ SEC_TOKENS, "refresh_ttl", DEF_UINT, OFF(refresh_ttl),
	  "86400", 1, 31536000 },	/* seconds */
	{ SEC_TOKENS, "refresh_ttl_remember", DEF_UINT,
	  OFF(refresh_ttl_remember),
	  "2592000", 1, 31536000 },	/* seconds, "remember": true */
	{ SEC_TOKENS, "leeway", DEF_UINT, OFF(token_leeway),
	  "30", 0, 300 },		/* seconds of clock skew */
	{ SEC_TOKENS, "revocation_poll", DEF_MSEC, OFF(revocation_poll),
	  "1s", 10, 60000 },		/* ms between revocation feed reads */
	{ SEC_TOKENS, "session_check", DEF_STRING, OFF(session_check),
	  "feed", 0, 0 },		/* feed | strict (authorizer, check) */

	{ SEC_HTTP, "max_body", DEF_SIZE, OFF(max_body),
	  "65536", 1024, 67108864 },	/* bytes */
	{ SEC_HTTP, "max_json_depth", DEF_UINT, OFF(max_json_depth),
	  "16", 2, 256 },		/* nesting levels */
	{ SEC_HTTP, "trusted_proxies", DEF_STRING, OFF(trusted_proxies),
	  "", 0, 0 },			/* comma list of addresses */
	{ SEC_HTTP, "cors_origins", DEF_STRING, OFF(cors_origins),
	  "", 0, 0 },			/* comma list of origins */
	{ SEC_HTTP, "cookie_mode", DEF_BOOL, OFF(cookie_mode),
	  "no", 0, 0 },			/* refresh token in a cookie */
	{ SEC_HTTP, "cookie_secure", DEF_BOOL, OFF(cookie_secure),
	  "yes", 0, 0 },		/* "Secure" cookie attribute */
	{ SEC_HTTP, "cookie_domain", DEF_STRING, OFF(cookie_domain),
	  "", 0, 0 },			/* "" = host-only cookies */
	{ SEC_HTTP, "refresh_cookie_name", DEF_STRING,
	  OFF(refresh_cookie_name),
	  "fcauth_refresh", 0, 0 },	/* cookie of the refresh token */
	{ SEC_HTTP, "access_cookie_name", DEF_STRING,
	  OFF(access_cookie_name),
	  "fcauth_access", 0, 0 },	/* cookie of the access token */
	{ SEC_HTTP, "device_cookie_name", DEF_STRING,
	  OFF(device_cookie_name),
	  "fcauth_device", 0, 0 },	/* cookie of a trusted device */
	{ SEC_HTTP, "access_cookie_path", DEF_STRING,
	  OFF(access_cookie_path),
	  "/", 0, 0 },			/* its Path attribute */
	{ SEC_HTTP, "login_url", DEF_STRING, OFF(login_url),
	  "", 0, 0 },			/* authorizer's 302 for browsers */

	{ SEC_ACCOUNTS, "verification", DEF_BOOL, OFF(verification),
	  "yes", 0, 0 },		/* new accounts start pending */
	{ SEC_ACCOUNTS, "username_required", DEF_BOOL,
	  OFF(username_required),
	  "no", 0, 0 },			/* registration needs a username */
	{ SEC_ACCOUNTS, "password_min", DEF_UINT, OFF(password_min),
	  "8", 1, 1024 },		/* characters */
	{ SEC_ACCOUNTS, "reserved_usernames", DEF_STRING,
	  OFF(reserved_usernames),
	  "", 0, 0 },			/* comma list; "" = built-in */
	{ SEC_ACCOUNTS, "email_allow_percent", DEF_BOOL,
	  OFF(email_allow_percent),
	  "no", 0, 0 },			/* '%' in new addresses */
	{ SEC_ACCOUNTS, "common_passwords", DEF_STRING,
	  OFF(common_passwords),
	  "", 0, 0 },			/* file of refused passwords */
	{ SEC_ACCOUNTS, "activity_resolution", DEF_UINT,
	  OFF(activity_resolution),
	  "60", 0, 86400 },		/* seconds between writes */

	{ SEC_PASSWORD, "method", DEF_STRING, OFF(hash_method),
	  "yescrypt", 0, 0 },		/* yescrypt, bcrypt, sha512crypt */
	{ SEC_PASSWORD, "cost", DEF_UINT, OFF(hash_cost),
	  "0", 0, 999999999 },		/* 0 = the method's default */
	{ SEC_PASSWORD, "kinds_refresh", DEF_UINT, OFF(kinds_refresh),
	  "60", 1, 3600 },		/* seconds between kind looks */

	{ SEC_VERIFICATION, "code_digits", DEF_UINT, OFF(code_digits),
	  "6", 4, 10 },			/* digits of a mailed code */
	{ SEC_VERIFICATION, "code_ttl", DEF_UINT, OFF(code_ttl),
	  "600", 1, 86400 },		/* seconds */
	{ SEC_VERIFICATION, "max_attempts", DEF_UINT, OFF(code_max_attempts),
	  "5", 1, 100 },		/* wrong tries per code */
	{ SEC_VERIFICATION, "resend_cooldown", DEF_UINT,
	  OFF(resend_cooldown),
	  "60", 0, 86400 },		/* seconds between mails */
	{ SEC_VERIFICATION, "account_max_failures", DEF_UINT,
	  OFF(code_account_max),
	  "20", 1, 1000000 },		/* wrong codes per account */
	{ SEC_VERIFICATION, "account_failure_window", DEF_UINT,
	  OFF(code_account_window),
	  "86400", 60, 31536000 },	/* seconds they are counted */
	{ SEC_VERIFICATION, "reset_ttl", DEF_UINT, OFF(reset_ttl),
	  "1800", 1, 604800 },		/* seconds, password reset */
	{ SEC_VERIFICATION, "redirect_url", DEF_STRING, OFF(verify_redirect),
	  "", 0, 0 },			/* after a link; "" = answer */
	{ SEC_VERIFICATION, "reset_page", DEF_STRING, OFF(reset_page),
	  "/reset.html", 0, 0 },	/* page the reset link opens */

	{ SEC_MAIL, "site_name", DEF_STRING, OFF(site_name),
	  "fcauth", 0, 0 },		/* name in subjects and text */
	{ SEC_MAIL, "base_url", DEF_STRING, OFF(base_url),
	  "http://127.0.0.1:8080", 0, 0 },	/* public URL for links */
	{ SEC_MAIL, "from", DEF_STRING, OFF(mail_from),
	  "fcauth <noreply@localhost>", 0, 0 },	/* From: header */
	{ SEC_MAIL, "sendmail", DEF_STRING, OFF(sendmail),
	  "/usr/sbin/sendmail -t -i", 0, 0 },	/* delivery command */
	{ SEC_MAIL, "templates_dir", DEF_STRING, OFF(templates_dir),
	  FCAUTH_TEMPLATES_DIR, 0, 0 },	/* mail templates */
	{ SEC_MAIL, "max_attempts", DEF_UINT, OFF(mail_max_attempts),
	  "8", 1, 100 },		/* deliveries before giving up */
	{ SEC_MAIL, "retry_base", DEF_UINT, OFF(mail_retry_base),
	  "60", 1, 86400 },		/* seconds, doubled per attempt */

	{ SEC_THROTTLE, "login_pair_max", DEF_UINT, OFF(login_pair_max),
	  "5", 1, 1000000 },		/* failures per account+address */
	{ SEC_THROTTLE, "login_pair_window", DEF_UINT,
	  OFF(login_pair_window),
	  "900", 1, 604800 },		/* seconds */
	{ SEC_THROTTLE, "login_backoff_base", DEF_UINT,
	  OFF(login_backoff_base),
	  "30", 1, 86400 },		/* seconds, first Retry-After */
	{ SEC_THROTTLE, "login_backoff_max", DEF_UINT,
	  OFF(login_backoff_max),
	  "900", 1, 604800 },		/* seconds, Retry-After cap */
	{ SEC_THROTTLE, "login_account_max", DEF_UINT,
	  OFF(login_account_max),
	  "100", 1, 1000000 },		/* consecutive failures */
	{ SEC_THROTTLE, "login_account_lock", DEF_UINT,
	  OFF(login_account_lock),
	  "900", 1, 604800 },		/* seconds locked after them */
	{ SEC_THROTTLE, "login_addr_max", DEF_UINT, OFF(login_addr_max),
	  "100", 1, 1000000 },		/* failures per address */
	{ SEC_THROTTLE, "login_addr_window", DEF_UINT,
	  OFF(login_addr_window),
	  "900", 1, 604800 },		/* seconds */
	{ SEC_THROTTLE, "register_addr_max", DEF_UINT,
	  OFF(register_addr_max),
	  "30", 1, 1000000 },		/* per address per hour */
	{ SEC_THROTTLE, "verify_addr_max", DEF_UINT, OFF(verify_addr_max),
	  "60", 1, 1000000 },		/* per address per hour */
	{ SEC_THROTTLE, "forgot_addr_max", DEF_UINT, OFF(forgot_addr_max),
	  "20", 1, 1000000 },		/* per address per hour */
	{ SEC_THROTTLE, "passkey_options_addr_max", DEF_UINT,
	  OFF(passkey_options_addr_max),
	  "300", 1, 1000000 },		/* per address per hour */

	{ SEC_LOG, "level", DEF_STRING, OFF(log_level),
	  "info", 0, 0 },		/* err, warn, info, debug */
	{ SEC_LOG, "syslog", DEF_BOOL, OFF(log_syslog),
	  "no", 0, 0 },			/* syslog instead of stderr */

	{ SEC_API, "dialect", DEF_STRING, OFF(dialect),
	  "", 0, 0 },			/* fcauth-dialect(5); "" = none */
	{ SEC_API, "dialects_dir", DEF_STRING, OFF(dialects_dir),
	  FCAUTH_DIALECTS_DIR, 0, 0 },	/* where a bare name is found */

	{ SEC_MFA, "enabled", DEF_BOOL, OFF(mfa_enabled),
	  "yes", 0, 0 },		/* users may enrol a factor */
	{ SEC_MFA, "issuer", DEF_STRING, OFF(mfa_issuer),
	  "", 0, 0 },			/* otpauth issuer; "" = [tokens] */
	{ SEC_MFA, "key", DEF_SECRET, OFF(mfa_key_text),
	  "", 0, 0 },			/* 32 bytes base64url; seals secrets */
	{ SEC_MFA, "required_roles", DEF_STRING, OFF(mfa_required_roles),
	  "", 0, 0 },			/* comma list of roles */
	{ SEC_MFA, "token_ttl", DEF_UINT, OFF(mfa_token_ttl),
	  "300", 30, 3600 },		/* seconds, pending sign-in */
	{ SEC_MFA, "trusted_device_ttl", DEF_UINT,
	  OFF(mfa_trusted_device_ttl),
	  "2592000", 0, 31536000 },	/* seconds; 0 = no trusted devices */

	{ SEC_WEBAUTHN, "rp_id", DEF_STRING, OFF(webauthn_rp_id),
	  "", 0, 0 },			/* a domain name; "" = no passkeys */
	{ SEC_WEBAUTHN, "rp_name", DEF_STRING, OFF(webauthn_rp_name),
	  "fcauth", 0, 0 },		/* shown by the authenticator */
	{ SEC_WEBAUTHN, "origins", DEF_STRING, OFF(webauthn_origins),
	  "", 0, 0 },			/* exact origins, space or comma */
	{ SEC_WEBAUTHN, "user_verification", DEF_STRING,
	  OFF(webauthn_user_verification),
	  "preferred", 0, 0 },		/* required, preferred, discouraged */
	{ SEC_WEBAUTHN, "timeout", DEF_UINT, OFF(webauthn_timeout),
	  "300", 30, 3600 },		/* seconds a challenge lives */
};

#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

_Static_assert(NDEFS <= CONFIG_DEFS_MAX,
    "more keys than CONFIG_DEFS_MAX (config_private.h)");

/* The table for the reader and the checks (config_private.h). */
const struct config_def *const config_defs = defs;
const size_t config_ndefs = NDEFS;

static const char *const bool_true[] = { "yes", "true", "on", "1", NULL };
static const char *const bool_false[] = { "no", "false", "off", "0", NULL };

/* The field of "cfg" that "d" describes. */
static void *
field(struct config *cfg, const struct config_def *d)
{

	return (char *)cfg + d->offset;
}

static const void *
cfield(const struct config *cfg, const struct config_def *d)
{

	return (const char *)cfg + d->offset;
}

/* Index of "s" in the NULL-terminated "list" (case-insensitive), or -1. */
int
config_lookup(const char *const *list, const char *s)
{
	int	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcasecmp(list[i], s) == 0)
			return i;
	return -1;
}

/* Free a string field, wiping it first if it is a secret. */
static void
free_string(char **sp, int secret)
{

	if (*sp == NULL)
		return;
	if (secret)
		sodium_memzero(*sp, strlen(*sp));
	free(*sp);
	*sp = NULL;
}

/*
 * Parse a decimal number: digits only, no sign, no spaces.  Returns
 * SET_OK, SET_NOT_NUMBER or SET_RANGE (too big or out of min..max).
 */
static enum set_result
parse_number(const char *s, const struct config_def *d, unsigned long long *n)
{
	char	*end;

	if (!isdigit((unsigned char)s[0]))
		return SET_NOT_NUMBER;
	errno = 0;
	*n = strtoull(s, &end, 10);
	if (*end != '\0')
		return SET_NOT_NUMBER;
	if (errno == ERANGE || *n < d->min || *n > d->max)
		return SET_RANGE;
	return SET_OK;
}

/*
 * Parse a duration into milliseconds: digits, then nothing or "s"
 * (seconds) or "ms".  min and max of "d" are milliseconds.
 */
static enum set_result
parse_msec(const char *s, const struct config_def *d, unsigned *ms)
{
	unsigned long long	 n;
	char			*end;

	if (!isdigit((unsigned char)s[0]))
		return SET_NOT_NUMBER;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (strcmp(end, "ms") != 0) {
		if (*end != '\0' && strcmp(end, "s") != 0)
			return SET_NOT_NUMBER;
		if (n > ULLONG_MAX / 1000)
			return SET_RANGE;
		n *= 1000;
	}
	if (errno == ERANGE || n < d->min || n > d->max)
		return SET_RANGE;
	*ms = (unsigned)n;
	return SET_OK;
}

/* Parse "HS256" or "EdDSA" (any case). */
static enum set_result
parse_alg(const char *s, enum config_alg *alg)
{

	if (strcasecmp(s, "HS256") == 0)
		*alg = CONFIG_ALG_HS256;
	else if (strcasecmp(s, "EdDSA") == 0)
		*alg = CONFIG_ALG_EDDSA;
	else
		return SET_NOT_ALG;
	return SET_OK;
}

/* Parse yes/no, true/false, on/off, 1/0 (any case). */
static enum set_result
parse_bool(const char *s, int *b)
{

	if (config_lookup(bool_true, s) >= 0)
		*b = 1;
	else if (config_lookup(bool_false, s) >= 0)
		*b = 0;
	else
		return SET_NOT_BOOL;
	return SET_OK;
}

/*
 * Store the text "value" into the field "d" of "cfg", replacing (and
 * freeing) an earlier string.  "cfg" is unchanged unless SET_OK.
 */
enum set_result
config_def_set(struct config *cfg, const struct config_def *d,
    const char *value)
{
	unsigned long long	 n;
	enum set_result		 rc;
	char			*s;

	switch (d->type) {
	case DEF_STRING:
	case DEF_SECRET:
		if ((s = strdup(value)) == NULL)
			return SET_NOMEM;
		free_string(field(cfg, d), d->type == DEF_SECRET);
		*(char **)field(cfg, d) = s;
		return SET_OK;
	case DEF_UINT:
		if ((rc = parse_number(value, d, &n)) == SET_OK)
			*(unsigned *)field(cfg, d) = (unsigned)n;
		return rc;
	case DEF_SIZE:
		if ((rc = parse_number(value, d, &n)) == SET_OK)
			*(size_t *)field(cfg, d) = (size_t)n;
		return rc;
	case DEF_BOOL:
		return parse_bool(value, field(cfg, d));
	case DEF_ALG:
		return parse_alg(value, field(cfg, d));
	case DEF_MSEC:
		return parse_msec(value, d, field(cfg, d));
	}
	return SET_NOT_NUMBER;
}

/*
 * Fill "cfg" with the defaults only; 0 or -1 on out of memory, in which
 * case "cfg" is left freed.
 */
int
config_defaults(struct config *cfg)
{
	size_t	 i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < NDEFS; i++) {
		if (config_def_set(cfg, &defs[i], defs[i].defval) != SET_OK) {
			config_free(cfg);
			return -1;
		}
	}
	return 0;
}

/*
 * Release the strings of "cfg" and wipe the database password and the
 * signing keys.  Leaves "cfg" zeroed, so a second call does nothing.
 * NULL is fine.
 */
void
config_free(struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL)
		return;
	for (i = 0; i < NDEFS; i++)
		if (defs[i].type == DEF_STRING || defs[i].type == DEF_SECRET)
			free_string(field(cfg, &defs[i]),
			    defs[i].type == DEF_SECRET);
	sodium_memzero(cfg->keys, sizeof(cfg->keys));
	sodium_memzero(cfg->mfa_key, sizeof(cfg->mfa_key));
	memset(cfg, 0, sizeof(*cfg));
}

/* The row for "key" in "section", or NULL. */
const struct config_def *
config_find_def(int section, const char *key)
{
	size_t	 i;

	for (i = 0; i < NDEFS; i++)
		if ((int)defs[i].section == section &&
		    strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

/*
 * Write " value" so that config_load reads it back the same: nothing
 * for "", quoted when it has white space at either end or is itself
 * in quotes.
 */
static void
dump_string(FILE *fp, const char *s)
{
	size_t	 len = strlen(s);

	if (len == 0)
		return;
	if (isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[len - 1]) ||
	    (len >= 2 && s[0] == '"' && s[len - 1] == '"'))
		fprintf(fp, " \"%s\"", s);
	else
		fprintf(fp, " %s", s);
}

/* One "key = value" line of config_dump. */
static void
dump_def(FILE *fp, const struct config *cfg, const struct config_def *d)
{
	const char	*s;

	fprintf(fp, "%s =", d->key);
	switch (d->type) {
	case DEF_STRING:
		s = *(char *const *)cfield(cfg, d);
		dump_string(fp, s != NULL ? s : "");
		break;
	case DEF_SECRET:
		s = *(char *const *)cfield(cfg, d);
		if (s != NULL && s[0] != '\0')
			fputs(" (set)", fp);
		break;
	case DEF_UINT:
		fprintf(fp, " %u", *(const unsigned *)cfield(cfg, d));
		break;
	case DEF_SIZE:
		fprintf(fp, " %zu", *(const size_t *)cfield(cfg, d));
		break;
	case DEF_BOOL:
		fputs(*(const int *)cfield(cfg, d) ? " yes" : " no", fp);
		break;
	case DEF_ALG:
		fputs(*(const enum config_alg *)cfield(cfg, d) ==
		    CONFIG_ALG_EDDSA ? " EdDSA" : " HS256", fp);
		break;
	case DEF_MSEC:
		fprintf(fp, " %ums", *(const unsigned *)cfield(cfg, d));
		break;
	}
	fputc('\n', fp);
}

/*
 * Print every key with its current value as an INI file to "vfp" (a
 * FILE *).  The database password and the keys show as "(set)".
 */
void
config_dump(const struct config *cfg, void *vfp)
{
	FILE	*fp = vfp;
	size_t	 i;
	int	 sec;

	fputs("# fcauth configuration in effect; "
	    "secrets are shown as \"(set)\"\n", fp);
	for (sec = 0; sec < SEC__MAX; sec++) {
		fprintf(fp, "\n[%s]\n", config_sections[sec]);
		for (i = 0; i < NDEFS; i++)
			if ((int)defs[i].section == sec)
				dump_def(fp, cfg, &defs[i]);
		if (sec != SEC_KEYS)
			continue;
		for (i = 0; i < cfg->nkeys; i++)
			fprintf(fp, "%s = (set, %zu bytes)\n",
			    cfg->keys[i].kid, cfg->keys[i].secretlen);
	}
}
