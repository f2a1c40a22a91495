/*
 * dialect_int: what the files of the dialect module share and nobody
 * else sees: the table of template variables (dialect_vars.c), the
 * template tree and its parser (dialect_tmpl.c), and the loader's state
 * and helpers (dialect.c) that the directive files (dialect_route.c,
 * dialect_body.c) use.
 */
#ifndef FCAUTH_DIALECT_INT_H
#define FCAUTH_DIALECT_INT_H

#include <stddef.h>

#include "dialect.h"

#define DIALECT_PATH_MAX	4	/* "$a.b.c.d" */
#define DIALECT_REASON_MAX	256
#define DATEFMT_MAX		64	/* bytes in a date format */

/* What a variable holds, for the checks at load time. */
enum var_type {
	VT_STRING,
	VT_INT,
	VT_BOOL,
	VT_DATE,		/* "1996-01-10" */
	VT_TIME,		/* "2023-09-05T11:12:27Z" */
	VT_OBJECT,		/* keys in "sub" */
	VT_MAP,			/* name -> object with the keys in "sub" */
	VT_LIST,		/* array of objects with the keys in "sub" */
	VT_ANY,			/* unchecked below */
};

/* One variable: a key of the canonical reply or of one of its objects. */
struct var {
	const char		*name;
	enum var_type		 type;
	const struct var	*sub;	/* VT_OBJECT, VT_MAP, VT_LIST keys */
	int			 renamed; /* value or keys are field names */
};

/* The top-level variables, NULL-terminated (dialect_tmpl.c). */
extern const struct var	 dialect_vars[];

/*
 * Look "name" up in the NULL-terminated "tbl" (in dialect_vars also
 * among the user object's keys); NULL if absent.
 */
const struct var	*dialect_var(const struct var *tbl, const char *name);

enum node_kind {
	NK_CONST,		/* a JSON constant */
	NK_VAR,			/* $path */
	NK_OBJECT,		/* { "key": value, ... } */
	NK_ARRAY,		/* [ value, ... ] */
	NK_TEXT,		/* "text ${path} text": parts in child */
	NK_EACH,		/* $path{ ... } or $path[ ... ] */
};

enum node_filter {
	NF_NONE,
	NF_STRING,		/* |string: the value as a JSON string */
	NF_UPPER,		/* |upper */
	NF_LOWER,		/* |lower */
	NF_TITLE,		/* |title: first letter upper-case */
};

struct dialect_node {
	enum node_kind		 kind;
	char			*key;	/* member of an object, or NULL */
	struct json_object	*value;	/* NK_CONST */
	char			*path[DIALECT_PATH_MAX]; /* NK_VAR, NK_EACH */
	size_t			 npath;
	const struct var	*leaf;	/* the last known variable of path */
	int			 optional; /* "?": left out when absent */
	char			*datefmt; /* ":DD.MM.YYYY", or NULL */
	enum node_filter	 filter;
	int			 each_array; /* NK_EACH: "[" rather than "{" */
	struct dialect_node	*child;	/* members, elements, parts, body */
	struct dialect_node	*next;
};

/*
 * Parse the template of "len" bytes at "text" into "*out".  Returns 0,
 * or -1 with the reason in "reason" and the byte offset it concerns in
 * "*erroff" (the caller turns it into a line).
 */
int		 tmpl_parse(const char *text, size_t len,
		    struct dialect_node **out, char *reason, size_t reasonsz,
		    size_t *erroff);

/* Free a tree.  No operation if "n" is NULL. */
void		 tmpl_free(struct dialect_node *n);

/*
 * Format f[] = { year, month, day, hour, minute, second } by the date
 * format "fmt" into "out"; -1 if "fmt" is not one.  "*timeofday" says
 * whether it shows the time of day.
 */
int		 tmpl_datefmt(const char *fmt, const int f[6], char *out,
		    size_t outsz, int *timeofday);

/*
 * Check a date format ("DD.MM.YYYY") for a variable of type "t".
 * Returns NULL if it is good, else the reason.
 */
const char	*tmpl_datefmt_check(const char *fmt, enum var_type t);

/*
 * The loader (dialect.c, dialect_route.c, dialect_body.c).
 */
#define DIALECT_PATH_LEN	256	/* bytes in a path, base included */

/* The loader's state. */
struct lp {
	const char	*file;
	const char	*text;
	size_t		 len;
	size_t		 pos;		/* start of the next line */
	int		 line;		/* number of the last line read */
	struct dialect	*d;
	char		*err;
	size_t		 errsz;
	int		 failed;
	char		 base[DIALECT_PATH_LEN + 1];
	int		 dialect_line;
};


/* Record the first failure at "line" as "FILE:LINE: reason"; -1. */
int		 lp_fail(struct lp *l, int line, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* The next line into "buf" (DIALECT_LINE_MAX + 1): 1, 0 at end, -1. */
int		 lp_line(struct lp *l, char *buf);

/* Skip blanks at "*p". */
void		 lp_skip(const char **p);

/*
 * The next word at "*p" (up to a blank, or also ',' with "comma") into
 * "buf": its length, 0 at the end of the line, -1 if it does not fit.
 */
int		 lp_word(const char **p, char *buf, size_t bufsz, int comma);

/* Nothing but blanks may follow at "p": 0, else -1. */
int		 lp_end(struct lp *l, const char *p);

/* The entry of NULL-terminated "tbl" equal to "s", or NULL. */
const char	*lp_find(const char *const *tbl, const char *s);

/* The directives, each given the rest of its line: 0 or -1. */
int		 d_route(struct lp *l, const char *p);
int		 d_base(struct lp *l, const char *p);
int		 d_path_option(struct lp *l, const char *p, int link);
int		 d_reply(struct lp *l, const char *p);
int		 d_error(struct lp *l, const char *p);

#endif /* FCAUTH_DIALECT_INT_H */
