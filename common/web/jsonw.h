/*
 * jsonw: JSON text written straight into a growing buffer, for the
 * envelope of every reply and the user object of GET /profile, where
 * building json-c objects only to print them cost more than the rest
 * of the request's own work.  Strings are escaped exactly as json-c
 * prints them (JSON_C_TO_STRING_NOSLASHESCAPE), so replies read the
 * same either way.
 */
#ifndef FCAUTH_JSONW_H
#define FCAUTH_JSONW_H

#include <stddef.h>
#include <stdint.h>

#define JSONW_DEPTH	8	/* objects and arrays open at once */

struct jsonw {
	char	*buf;
	size_t	 len;
	size_t	 cap;
	int	 failed;	/* out of memory or too deep: jsonw_finish
				   gives NULL */
	int	 depth;		/* containers open */
	int	 members[JSONW_DEPTH + 1];	/* values in each */
};

/* An empty writer. */
void	 jsonw_init(struct jsonw *w);

/* "{" and "}" of the outermost object (or of an array element). */
void	 jsonw_begin(struct jsonw *w);
void	 jsonw_end(struct jsonw *w);

/*
 * A nested object or array under "key" (NULL: the next element of the
 * open array), closed by jsonw_end or jsonw_end_array.
 */
void	 jsonw_object(struct jsonw *w, const char *key);
void	 jsonw_array(struct jsonw *w, const char *key);
void	 jsonw_end_array(struct jsonw *w);

/*
 * One member of the open object under "key" (plain ASCII, no escapes),
 * or with "key" NULL the next element of the open array.
 */
void	 jsonw_str(struct jsonw *w, const char *key, const char *s);
void	 jsonw_optstr(struct jsonw *w, const char *key, const char *s);
void	 jsonw_int(struct jsonw *w, const char *key, int64_t v);
void	 jsonw_bool(struct jsonw *w, const char *key, int v);
/* "json" is JSON text already; NULL writes null. */
void	 jsonw_raw(struct jsonw *w, const char *key, const char *json);

/*
 * The text (NUL-terminated, the caller frees it), or NULL if memory
 * ran out on the way.  The writer is empty afterwards.
 */
char	*jsonw_finish(struct jsonw *w);

#endif /* FCAUTH_JSONW_H */
