/*
 * dialect_int: what the three files of the dialect module share and
 * nobody else sees: the table of template variables, the template tree,
 * and the template parser (dialect_tmpl.c) the loader (dialect.c) calls.
 */
#ifndef FCAUTH_DIALECT_INT_H
#define FCAUTH_DIALECT_INT_H

#include <stddef.h>

#include "dialect.h"

#define DIALECT_PATH_MAX	4	/* "$a.b.c.d" */
#define DIALECT_REASON_MAX	256

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

/* Look "name" up in the NULL-terminated "tbl"; NULL if absent. */
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

#endif /* FCAUTH_DIALECT_INT_H */
