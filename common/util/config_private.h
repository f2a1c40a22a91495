/*
 * config_private: what config.c (the INI reader), config_keys.c (the
 * table of keys) and config_check.c (the checks of the whole) share;
 * not for callers outside them (they use config.h).
 */
#ifndef FCAUTH_CONFIG_PRIVATE_H
#define FCAUTH_CONFIG_PRIVATE_H

#include <stddef.h>

#include "config.h"

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
	SEC_API,
	SEC_MFA,
	SEC_WEBAUTHN,
	SEC__MAX
};

enum def_type {
	DEF_STRING,		/* char *, malloc'd, "" when empty */
	DEF_SECRET,		/* a DEF_STRING wiped on free, never dumped */
	DEF_UINT,		/* unsigned in min..max */
	DEF_SIZE,		/* size_t in min..max */
	DEF_BOOL,		/* int, 0 or 1 */
	DEF_ALG,		/* enum config_alg */
	DEF_MSEC,		/* unsigned milliseconds: N, Ns or Nms */
};

/* One key of the table: where it lives, its type, default and bounds. */
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

/* Most rows config_defs may have (a compile-time check says so). */
#define CONFIG_DEFS_MAX	128

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
	char		*where[CONFIG_DEFS_MAX];	/* "path:line", NULL */
	char		*keywhere[CONFIG_KEYS_MAX];
};

/* The section names, by enum section; the table of keys and its
 * length (config_keys.c). */
extern const char *const	 config_sections[SEC__MAX];
extern const struct config_def *const config_defs;
extern const size_t		 config_ndefs;

/* Index of "s" in the NULL-terminated "list" (case-insensitive), or -1
 * (config_keys.c). */
int		 config_lookup(const char *const *list, const char *s);

/*
 * Store the text "value" into the field "d" of "cfg", replacing (and
 * freeing) an earlier string.  "cfg" is unchanged unless SET_OK
 * (config_keys.c).
 */
enum set_result	 config_def_set(struct config *cfg,
		    const struct config_def *d, const char *value);

/* The row for "key" in "section", or NULL (config_keys.c). */
const struct config_def *config_find_def(int section, const char *key);

/*
 * Format "path:line: message" into the caller's buffer; no line number
 * when "line" is 0, no prefix at all when "path" is NULL.  Returns -1 so
 * callers can "return config_fail(...)" (config.c).
 */
int		 config_fail(struct parser *p, const char *path,
		    unsigned line, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/* Where the field at "offset" was last set: "path:line", else the main
 * file (config.c). */
const char	*config_where_of(const struct parser *p, size_t offset);

/* What one line cannot check: values against each other and lists.
 * 0, or -1 with the message set (config_check.c). */
int		 config_validate(struct parser *p);

#endif /* FCAUTH_CONFIG_PRIVATE_H */
