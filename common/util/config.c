/*
 * config: read fcauth.conf into a struct config.  One table names every
 * key with its section, type, default and bounds; config_defaults, the
 * parser and config_dump all walk that table, so a new key is one row
 * here, one field in config.h and one paragraph in fcauth.conf.example.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "config.h"

#ifndef FCAUTH_SYSCONFDIR
#define FCAUTH_SYSCONFDIR	"/usr/local/etc"
#endif
#ifndef FCAUTH_TEMPLATES_DIR
#define FCAUTH_TEMPLATES_DIR	"/usr/local/share/fcauth/templates"
#endif

#define LINE_BYTES_MAX	4096	/* longest line, without its newline */
#define INCLUDE_DEPTH	4	/* include levels below the main file */
#define HS256_KEY_MIN	32	/* RFC 8725 3.5: as long as the hash */
#define ED25519_SEED	32	/* an EdDSA key is a 32-byte seed */

enum section {
	SEC_DATABASE,
	SEC_TOKENS,
	SEC_KEYS,
	SEC_HTTP,
	SEC_ACCOUNTS,
	SEC_PASSWORD,
	SEC_VERIFICATION,
	SEC_MAIL,
	SEC_THROTTLE,
	SEC_LOG,
	SEC__MAX
};

static const char *const sections[SEC__MAX] = {
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
};

enum def_type {
	DEF_STRING,		/* char *, malloc'd, "" when empty */
	DEF_SECRET,		/* a DEF_STRING wiped on free, never dumped */
	DEF_UINT,		/* unsigned in min..max */
	DEF_SIZE,		/* size_t in min..max */
	DEF_BOOL,		/* int, 0 or 1 */
	DEF_ALG,		/* enum config_alg */
};

struct config_def {
	enum section	 section;
	const char	*key;
	enum def_type	 type;
	size_t		 offset;	/* of the field in struct config */
	const char	*defval;
	unsigned	 min;		/* numbers only */
	unsigned	 max;
};

#define OFF(f)	offsetof(struct config, f)

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

	{ SEC_LOG, "level", DEF_STRING, OFF(log_level),
	  "info", 0, 0 },		/* err, warn, info, debug */
	{ SEC_LOG, "syslog", DEF_BOOL, OFF(log_syslog),
	  "no", 0, 0 },			/* syslog instead of stderr */
};

#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

/* What setting one value can come to. */
enum set_result {
	SET_OK,
	SET_NOMEM,
	SET_NOT_NUMBER,
	SET_RANGE,
	SET_NOT_BOOL,
	SET_NOT_ALG,
};

/* Where in the files a setting came from, for validation messages. */
struct parser {
	struct config	*cfg;
	const char	*path;			/* the main file */
	char		*err;
	size_t		 errsz;
	char		*where[NDEFS];		/* "path:line" or NULL */
	char		*keywhere[CONFIG_KEYS_MAX];
};

/* The file being read. */
struct source {
	const char	*path;
	unsigned	 line;
	int		 section;		/* enum section, or -1 */
	int		 depth;			/* 0 for the main file */
};

static const char *const log_levels[] = {
	"err", "warn", "info", "debug", NULL
};

/* Methods of [password] and the cost libcrypt accepts for each. */
static const struct {
	const char	*name;
	unsigned	 min;
	unsigned	 max;
} methods[] = {
	{ "yescrypt", 1, 11 },
	{ "bcrypt", 4, 31 },
	{ "sha512crypt", 1000, 999999999 },
};

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
static int
lookup(const char *const *list, const char *s)
{
	int	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcasecmp(list[i], s) == 0)
			return i;
	return -1;
}

/*
 * Format "path:line: message" into the caller's buffer; no line number
 * when "line" is 0, no prefix at all when "path" is NULL.  Returns -1 so
 * callers can "return fail(...)".
 */
static int
fail(struct parser *p, const char *path, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(struct parser *p, const char *path, unsigned line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n = 0;

	if (p->err == NULL || p->errsz == 0)
		return -1;
	if (path != NULL && line > 0)
		n = snprintf(p->err, p->errsz, "%s:%u: ", path, line);
	else if (path != NULL)
		n = snprintf(p->err, p->errsz, "%s: ", path);
	if (n < 0 || (size_t)n >= p->errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errsz - (size_t)n, fmt, ap);
	va_end(ap);
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

	if (lookup(bool_true, s) >= 0)
		*b = 1;
	else if (lookup(bool_false, s) >= 0)
		*b = 0;
	else
		return SET_NOT_BOOL;
	return SET_OK;
}

/*
 * Store the text "value" into the field "d" of "cfg", replacing (and
 * freeing) an earlier string.  "cfg" is unchanged unless SET_OK.
 */
static enum set_result
def_set(struct config *cfg, const struct config_def *d, const char *value)
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
		if (def_set(cfg, &defs[i], defs[i].defval) != SET_OK) {
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
	memset(cfg, 0, sizeof(*cfg));
}

/* The row for "key" in "section", or NULL. */
static const struct config_def *
find_def(int section, const char *key)
{
	size_t	 i;

	for (i = 0; i < NDEFS; i++)
		if ((int)defs[i].section == section &&
		    strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

/* Remember "path:line" of "src" in "*slot" (replacing).  0 or -1. */
static int
set_where(struct parser *p, char **slot, const struct source *src)
{
	size_t	 sz;
	char	*s;

	sz = strlen(src->path) + 16;
	if ((s = malloc(sz)) == NULL)
		return fail(p, src->path, src->line, "out of memory");
	snprintf(s, sz, "%s:%u", src->path, src->line);
	free(*slot);
	*slot = s;
	return 0;
}

/* Where the field at "offset" was last set: "path:line", else the file. */
static const char *
where_of(const struct parser *p, size_t offset)
{
	size_t	 i;

	for (i = 0; i < NDEFS; i++)
		if (defs[i].offset == offset && p->where[i] != NULL)
			return p->where[i];
	return p->path;
}

/* Set "value" for the row "d"; the message names the line on error. */
static int
set_pair(struct parser *p, const struct source *src,
    const struct config_def *d, const char *value)
{
	const char	*sec = sections[d->section];

	switch (def_set(p->cfg, d, value)) {
	case SET_OK:
		break;
	case SET_NOMEM:
		return fail(p, src->path, src->line, "out of memory");
	case SET_NOT_NUMBER:
		return fail(p, src->path, src->line,
		    "%s in [%s]: '%.32s' is not a number", d->key, sec, value);
	case SET_RANGE:
		return fail(p, src->path, src->line,
		    "%s in [%s]: %.32s is out of range (%u..%u)",
		    d->key, sec, value, d->min, d->max);
	case SET_NOT_BOOL:
		return fail(p, src->path, src->line,
		    "%s in [%s]: '%.32s' is not a boolean "
		    "(yes/no, true/false, on/off, 1/0)", d->key, sec, value);
	case SET_NOT_ALG:
		return fail(p, src->path, src->line,
		    "%s in [%s]: unknown algorithm '%.32s' (HS256 or EdDSA)",
		    d->key, sec, value);
	}
	return set_where(p, &p->where[d - defs], src);
}

/* 1 if "kid" is 1 to CONFIG_KID_MAX of [A-Za-z0-9_.-], else 0. */
static int
kid_valid(const char *kid)
{
	size_t	 i;

	for (i = 0; kid[i] != '\0'; i++)
		if (!isalnum((unsigned char)kid[i]) &&
		    strchr("_.-", kid[i]) == NULL)
			return 0;
	return i > 0 && i <= CONFIG_KID_MAX;
}

/*
 * A "kid = base64url" line of [keys]: decode the key into the next slot.
 * The value is never repeated in a message.
 */
static int
add_key(struct parser *p, const struct source *src, const char *kid,
    const char *value)
{
	struct config		*cfg = p->cfg;
	struct config_key	*k;
	size_t			 i, len = 0;

	if (!kid_valid(kid))
		return fail(p, src->path, src->line, "bad key id '%.40s': "
		    "use 1 to %d of A-Z a-z 0-9 _ . -", kid, CONFIG_KID_MAX);
	for (i = 0; i < cfg->nkeys; i++)
		if (strcmp(cfg->keys[i].kid, kid) == 0)
			return fail(p, src->path, src->line,
			    "duplicate key id '%s'", kid);
	if (cfg->nkeys == CONFIG_KEYS_MAX)
		return fail(p, src->path, src->line,
		    "too many keys (max %d)", CONFIG_KEYS_MAX);

	/* 4 characters per 3 bytes, and no padding */
	if (strlen(value) / 4 * 3 + strlen(value) % 4 * 3 / 4 >
	    CONFIG_SECRET_MAX)
		return fail(p, src->path, src->line, "key '%s' is longer "
		    "than %d bytes", kid, CONFIG_SECRET_MAX);
	k = &cfg->keys[cfg->nkeys];
	if (sodium_base642bin(k->secret, sizeof(k->secret), value,
	    strlen(value), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == -1 || len == 0) {
		sodium_memzero(k->secret, sizeof(k->secret));
		return fail(p, src->path, src->line, "key '%s' is not "
		    "base64url without padding", kid);
	}
	memcpy(k->kid, kid, strlen(kid) + 1);
	k->secretlen = len;
	cfg->nkeys++;
	return set_where(p, &p->keywhere[cfg->nkeys - 1], src);
}

static int parse_file(struct parser *, const char *, int, int,
    const struct source *);

/*
 * "include = path": read another file, relative to the directory of
 * the including one, starting in the current section.  Section headers
 * in it do not change the section of the including file.
 */
static int
include_file(struct parser *p, const struct source *src, const char *inc)
{
	const char	*slash;
	char		*path;
	size_t		 dirlen = 0, sz;
	int		 rc;

	if (inc[0] == '\0')
		return fail(p, src->path, src->line, "include needs a path");
	if (src->depth >= INCLUDE_DEPTH)
		return fail(p, src->path, src->line,
		    "include nested too deeply (max %d)", INCLUDE_DEPTH);
	if (inc[0] != '/' && (slash = strrchr(src->path, '/')) != NULL)
		dirlen = (size_t)(slash - src->path) + 1;
	sz = dirlen + strlen(inc) + 1;
	if ((path = malloc(sz)) == NULL)
		return fail(p, src->path, src->line, "out of memory");
	memcpy(path, src->path, dirlen);
	memcpy(path + dirlen, inc, sz - dirlen);
	rc = parse_file(p, path, src->section, src->depth + 1, src);
	free(path);
	return rc;
}

/* Cut the white space around "s", in place. */
static char *
trim(char *s)
{
	size_t	 len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* "[name]": switch to a known section. */
static int
parse_section(struct parser *p, struct source *src, char *s)
{
	size_t	 len = strlen(s);
	int	 i;

	if (s[len - 1] != ']')
		return fail(p, src->path, src->line,
		    "missing ']' after section name");
	s[len - 1] = '\0';
	s = trim(s + 1);
	for (i = 0; i < SEC__MAX; i++)
		if (strcmp(sections[i], s) == 0) {
			src->section = i;
			return 0;
		}
	return fail(p, src->path, src->line, "unknown section [%.64s]", s);
}

/*
 * "key = value": a value that starts and ends with '"' loses those two
 * quotes and keeps what is between, spaces included; no escapes.
 */
static int
parse_pair(struct parser *p, struct source *src, char *s)
{
	const struct config_def	*d;
	char			*eq, *key, *value;
	size_t			 len;

	if ((eq = strchr(s, '=')) == NULL)
		return fail(p, src->path, src->line, "missing '='");
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (key[0] == '\0')
		return fail(p, src->path, src->line, "missing key before '='");
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value[len - 1] = '\0';
		value++;
	}

	if (strcmp(key, "include") == 0)
		return include_file(p, src, value);
	if (src->section < 0)
		return fail(p, src->path, src->line,
		    "key '%.64s' outside any section", key);
	if (src->section == SEC_KEYS)
		return add_key(p, src, key, value);
	if ((d = find_def(src->section, key)) == NULL)
		return fail(p, src->path, src->line, "unknown key '%.64s' "
		    "in [%s]", key, sections[src->section]);
	return set_pair(p, src, d, value);
}

/* One line as getline(3) read it, "len" bytes with the newline. */
static int
parse_line(struct parser *p, struct source *src, char *line, size_t len)
{
	char	*s;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (len > LINE_BYTES_MAX)
		return fail(p, src->path, src->line,
		    "line too long (max %d bytes)", LINE_BYTES_MAX);
	if (strlen(line) != len)
		return fail(p, src->path, src->line, "nul byte in line");
	s = line;
	if (src->line == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;			/* UTF-8 byte order mark */
	s = trim(s);
	if (s[0] == '\0' || s[0] == ';' || s[0] == '#')
		return 0;
	if (s[0] == '[')
		return parse_section(p, src, s);
	return parse_pair(p, src, s);
}

/*
 * Read "path" starting in "section".  "from" is the include line that
 * named it, NULL for the main file.  0 or -1 with the message set.
 */
static int
parse_file(struct parser *p, const char *path, int section, int depth,
    const struct source *from)
{
	struct source	 src;
	FILE		*fp = NULL;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	int		 rc = -1;

	memset(&src, 0, sizeof(src));
	src.path = path;
	src.section = section;
	src.depth = depth;

	if ((fp = fopen(path, "re")) == NULL) {
		if (from != NULL)
			fail(p, from->path, from->line, "cannot open %s: %s",
			    path, strerror(errno));
		else
			fail(p, NULL, 0, "cannot open %s: %s",
			    path, strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		src.line++;
		if (parse_line(p, &src, line, (size_t)len) == -1)
			goto out;
	}
	if (ferror(fp)) {
		fail(p, path, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (line != NULL) {
		sodium_memzero(line, cap);
		free(line);
	}
	if (fp != NULL)
		fclose(fp);
	return rc;
}

/* [password]: a known method, and a cost libcrypt takes for it. */
static int
check_method(struct parser *p)
{
	const struct config	*cfg = p->cfg;
	size_t			 i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(cfg->hash_method, methods[i].name) == 0)
			break;
	if (i == sizeof(methods) / sizeof(methods[0]))
		return fail(p, where_of(p, OFF(hash_method)), 0,
		    "unknown password method '%.32s' "
		    "(yescrypt, bcrypt or sha512crypt)", cfg->hash_method);
	if (cfg->hash_cost != 0 && (cfg->hash_cost < methods[i].min ||
	    cfg->hash_cost > methods[i].max))
		return fail(p, where_of(p, OFF(hash_cost)), 0,
		    "cost %u is out of range for %s (%u..%u, or 0)",
		    cfg->hash_cost, methods[i].name, methods[i].min,
		    methods[i].max);
	return 0;
}

/*
 * [keys] against [tokens]: every HS256 key at least 32 bytes, every
 * EdDSA key a 32-byte seed, current_kid naming a key.  No key at all is
 * not an error here: config_current_key() says so to the caller.
 */
static int
check_keys(struct parser *p)
{
	const struct config	*cfg = p->cfg;
	const struct config_key	*k;
	size_t			 i;

	for (i = 0; i < cfg->nkeys; i++) {
		k = &cfg->keys[i];
		if (cfg->token_alg == CONFIG_ALG_HS256 &&
		    k->secretlen < HS256_KEY_MIN)
			return fail(p, p->keywhere[i], 0, "key '%s' is too "
			    "short for HS256: %zu bytes, need at least %d",
			    k->kid, k->secretlen, HS256_KEY_MIN);
		if (cfg->token_alg == CONFIG_ALG_EDDSA &&
		    k->secretlen != ED25519_SEED)
			return fail(p, p->keywhere[i], 0, "key '%s' is not "
			    "an Ed25519 seed: %zu bytes, need exactly %d",
			    k->kid, k->secretlen, ED25519_SEED);
	}
	if (cfg->token_current_kid[0] != '\0' &&
	    config_current_key(cfg) == NULL)
		return fail(p, where_of(p, OFF(token_current_kid)), 0,
		    "current_kid '%.40s' names no key in [keys]",
		    cfg->token_current_kid);
	return 0;
}

/*
 * [throttle]: the first Retry-After is not above the cap.  The message
 * names the line that set login_backoff_base, else login_backoff_max.
 */
static int
check_backoff(struct parser *p)
{
	const struct config	*cfg = p->cfg;
	const char		*where;

	if (cfg->login_backoff_base <= cfg->login_backoff_max)
		return 0;
	where = where_of(p, OFF(login_backoff_base));
	if (where == p->path)
		where = where_of(p, OFF(login_backoff_max));
	return fail(p, where, 0,
	    "login_backoff_base %u is above login_backoff_max %u",
	    cfg->login_backoff_base, cfg->login_backoff_max);
}

/* What one line cannot check: values against each other and lists. */
static int
validate(struct parser *p)
{
	const struct config	*cfg = p->cfg;

	if (lookup(log_levels, cfg->log_level) < 0)
		return fail(p, where_of(p, OFF(log_level)), 0,
		    "unknown log level '%.32s' (err, warn, info or debug)",
		    cfg->log_level);
	if (strncmp(cfg->base_url, "http://", 7) != 0 &&
	    strncmp(cfg->base_url, "https://", 8) != 0)
		return fail(p, where_of(p, OFF(base_url)), 0,
		    "base_url must start with http:// or https://");
	if (check_backoff(p) == -1)
		return -1;
	if (check_method(p) == -1)
		return -1;
	return check_keys(p);
}

/*
 * Fill "cfg" with the defaults, then read "path" over them and check
 * the result.  0, or -1 with "path:line: message" in "err" and "cfg"
 * freed.
 */
int
config_load(struct config *cfg, const char *path, char *err, size_t errsz)
{
	struct parser	 p;
	size_t		 i;
	int		 rc = -1;

	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.path = path;
	p.err = err;
	p.errsz = errsz;
	if (err != NULL && errsz > 0)
		err[0] = '\0';

	if (config_defaults(cfg) == -1) {
		fail(&p, NULL, 0, "out of memory");
		return -1;
	}
	if (parse_file(&p, path, -1, 0, NULL) == -1)
		goto out;
	if (validate(&p) == -1)
		goto out;
	rc = 0;
out:
	for (i = 0; i < NDEFS; i++)
		free(p.where[i]);
	for (i = 0; i < CONFIG_KEYS_MAX; i++)
		free(p.keywhere[i]);
	if (rc == -1)
		config_free(cfg);
	return rc;
}

/* The signing key named by token_current_kid (or the first); NULL if none. */
const struct config_key *
config_current_key(const struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL || cfg->nkeys == 0)
		return NULL;
	if (cfg->token_current_kid == NULL ||
	    cfg->token_current_kid[0] == '\0')
		return &cfg->keys[0];
	for (i = 0; i < cfg->nkeys; i++)
		if (strcmp(cfg->keys[i].kid, cfg->token_current_kid) == 0)
			return &cfg->keys[i];
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
		fprintf(fp, "\n[%s]\n", sections[sec]);
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

/* The path to use: --config argument, else $FCAUTH_CONFIG, else default. */
const char *
config_path(const char *arg)
{
	const char	*env;

	if (arg != NULL && arg[0] != '\0')
		return arg;
	if ((env = getenv("FCAUTH_CONFIG")) != NULL && env[0] != '\0')
		return env;
	return FCAUTH_SYSCONFDIR "/fcauth/fcauth.conf";
}
