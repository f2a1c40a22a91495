/*
 * list: the one comma-list iterator.  Walks the items of a list such as
 * "a, b,c" (database hosts, allowed origins, trusted proxies, required
 * roles, reserved names): each item with the blanks (spaces and tabs)
 * around it trimmed, empty items skipped.  It never reads past the
 * bound it is given, never writes and never allocates: items point into
 * the list, which must outlive the iterator.
 */
#ifndef FCAUTH_LIST_H
#define FCAUTH_LIST_H

#include <stddef.h>

/* An iterator over a list; start it with list_start. */
struct list_iter {
	const char	*p;	/* the rest of the list */
	const char	*end;	/* one past its last byte */
};

/*
 * Start "it" on the "len" bytes at "list" (a NUL before "len" ends the
 * list too).  A NULL "list" is an empty list.
 */
void		 list_start(struct list_iter *it, const char *list,
		    size_t len);

/*
 * The next non-empty item, trimmed: 1 with "*item" and "*len" set (the
 * item is not NUL-terminated), or 0 at the end of the list (both then
 * cleared).
 */
int		 list_next(struct list_iter *it, const char **item,
		    size_t *len);

/*
 * Whether the "len" bytes at "s" are, byte for byte, an item of the
 * NUL-terminated comma list "list" (NULL: empty): 1 or 0.  An empty "s"
 * is never an item.
 */
int		 list_has(const char *list, const char *s, size_t len);

#endif /* FCAUTH_LIST_H */
