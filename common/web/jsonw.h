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

struct jsonw {
	char	*buf;
	size_t	 len;
	size_t	 cap;
	int	 failed;	/* out of memory: jsonw_finish gives NULL */
	int	 members;	/* members in the open object */
};

/* An empty writer. */
void	 jsonw_init(struct jsonw *w);

/* "{" and "}" of a flat object: members are not nested. */
void	 jsonw_begin(struct jsonw *w);
void	 jsonw_end(struct jsonw *w);

/* One member of the open object under "key" (plain ASCII, no escapes). */
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
