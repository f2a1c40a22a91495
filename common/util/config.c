/*
 * config: read fcauth.conf into a struct config.  The INI reader: lines,
 * sections, "key = value" pairs, includes and the [keys] section, each
 * error naming its file and line.  The keys themselves are a table in
 * config_keys.c (defaults, typed values, config_dump); config_check.c
 * checks the result as a whole.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "config_private.h"

#ifndef FCAUTH_SYSCONFDIR
#define FCAUTH_SYSCONFDIR	"/usr/local/etc"
#endif

#define LINE_BYTES_MAX	4096	/* longest line, without its newline */
#define INCLUDE_DEPTH	4	/* include levels below the main file */

/* The file being read. */
struct source {
	const char	*path;
	unsigned	 line;
	int		 section;		/* enum section, or -1 */
	int		 depth;			/* 0 for the main file */
};

/* See config_private.h. */
int
config_fail(struct parser *p, const char *path, unsigned line,
    const char *fmt, ...)
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

/* Remember "path:line" of "src" in "*slot" (replacing).  0 or -1. */
static int
set_where(struct parser *p, char **slot, const struct source *src)
{
	size_t	 sz;
	char	*s;

	sz = strlen(src->path) + 16;
	if ((s = malloc(sz)) == NULL)
		return config_fail(p, src->path, src->line, "out of memory");
	snprintf(s, sz, "%s:%u", src->path, src->line);
	free(*slot);
	*slot = s;
	return 0;
}

/* Where the field at "offset" was last set: "path:line", else the file. */
const char *
config_where_of(const struct parser *p, size_t offset)
{
	size_t	 i;

	for (i = 0; i < config_ndefs; i++)
		if (config_defs[i].offset == offset && p->where[i] != NULL)
			return p->where[i];
	return p->path;
}

/* Set "value" for the row "d"; the message names the line on error. */
static int
set_pair(struct parser *p, const struct source *src,
    const struct config_def *d, const char *value)
{
	const char	*sec = config_sections[d->section];

	switch (config_def_set(p->cfg, d, value)) {
	case SET_OK:
		break;
	case SET_NOMEM:
		return config_fail(p, src->path, src->line, "out of memory");
	case SET_NOT_NUMBER:
		return config_fail(p, src->path, src->line,
		    "%s in [%s]: '%.32s' is not a number", d->key, sec, value);
	case SET_RANGE:
		return config_fail(p, src->path, src->line,
		    "%s in [%s]: %.32s is out of range (%u..%u)",
		    d->key, sec, value, d->min, d->max);
	case SET_NOT_BOOL:
		return config_fail(p, src->path, src->line,
		    "%s in [%s]: '%.32s' is not a boolean "
		    "(yes/no, true/false, on/off, 1/0)", d->key, sec, value);
	case SET_NOT_ALG:
		return config_fail(p, src->path, src->line,
		    "%s in [%s]: unknown algorithm '%.32s' (HS256 or EdDSA)",
		    d->key, sec, value);
	}
	return set_where(p, &p->where[d - config_defs], src);
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
		return config_fail(p, src->path, src->line,
		    "bad key id '%.40s': use 1 to %d of A-Z a-z 0-9 _ . -",
		    kid, CONFIG_KID_MAX);
	for (i = 0; i < cfg->nkeys; i++)
		if (strcmp(cfg->keys[i].kid, kid) == 0)
			return config_fail(p, src->path, src->line,
			    "duplicate key id '%s'", kid);
	if (cfg->nkeys == CONFIG_KEYS_MAX)
		return config_fail(p, src->path, src->line,
		    "too many keys (max %d)", CONFIG_KEYS_MAX);

	/* 4 characters per 3 bytes, and no padding */
	if (strlen(value) / 4 * 3 + strlen(value) % 4 * 3 / 4 >
	    CONFIG_SECRET_MAX)
		return config_fail(p, src->path, src->line,
		    "key '%s' is longer than %d bytes", kid, CONFIG_SECRET_MAX);
	k = &cfg->keys[cfg->nkeys];
	if (sodium_base642bin(k->secret, sizeof(k->secret), value,
	    strlen(value), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == -1 || len == 0) {
		sodium_memzero(k->secret, sizeof(k->secret));
		return config_fail(p, src->path, src->line, "key '%s' is not "
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
		return config_fail(p, src->path, src->line,
		    "include needs a path");
	if (src->depth >= INCLUDE_DEPTH)
		return config_fail(p, src->path, src->line,
		    "include nested too deeply (max %d)", INCLUDE_DEPTH);
	if (inc[0] != '/' && (slash = strrchr(src->path, '/')) != NULL)
		dirlen = (size_t)(slash - src->path) + 1;
	sz = dirlen + strlen(inc) + 1;
	if ((path = malloc(sz)) == NULL)
		return config_fail(p, src->path, src->line, "out of memory");
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
		return config_fail(p, src->path, src->line,
		    "missing ']' after section name");
	s[len - 1] = '\0';
	s = trim(s + 1);
	for (i = 0; i < SEC__MAX; i++)
		if (strcmp(config_sections[i], s) == 0) {
			src->section = i;
			return 0;
		}
	return config_fail(p, src->path, src->line,
	    "unknown section [%.64s]", s);
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
		return config_fail(p, src->path, src->line, "missing '='");
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (key[0] == '\0')
		return config_fail(p, src->path, src->line,
		    "missing key before '='");
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value[len - 1] = '\0';
		value++;
	}

	if (strcmp(key, "include") == 0)
		return include_file(p, src, value);
	if (src->section < 0)
		return config_fail(p, src->path, src->line,
		    "key '%.64s' outside any section", key);
	if (src->section == SEC_KEYS)
		return add_key(p, src, key, value);
	if ((d = config_find_def(src->section, key)) == NULL)
		return config_fail(p, src->path, src->line,
		    "unknown key '%.64s' in [%s]", key,
		    config_sections[src->section]);
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
		return config_fail(p, src->path, src->line,
		    "line too long (max %d bytes)", LINE_BYTES_MAX);
	if (strlen(line) != len)
		return config_fail(p, src->path, src->line, "nul byte in line");
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
			config_fail(p, from->path, from->line,
			    "cannot open %s: %s", path, strerror(errno));
		else
			config_fail(p, NULL, 0, "cannot open %s: %s",
			    path, strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		src.line++;
		if (parse_line(p, &src, line, (size_t)len) == -1)
			goto out;
	}
	if (ferror(fp)) {
		config_fail(p, path, 0, "cannot read: %s", strerror(errno));
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
		config_fail(&p, NULL, 0, "out of memory");
		return -1;
	}
	if (parse_file(&p, path, -1, 0, NULL) == -1)
		goto out;
	if (config_validate(&p) == -1)
		goto out;
	rc = 0;
out:
	for (i = 0; i < config_ndefs; i++)
		free(p.where[i]);
	for (i = 0; i < CONFIG_KEYS_MAX; i++)
		free(p.keywhere[i]);
	if (rc == -1)
		config_free(cfg);
	return rc;
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
