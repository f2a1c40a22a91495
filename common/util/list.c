/*
 * list: the one comma-list iterator (list.h).
 */
#include <string.h>

#include "list.h"

static int
list_blank(char c)
{
	return c == ' ' || c == '\t';
}

void
list_start(struct list_iter *it, const char *list, size_t len)
{
	if (list == NULL) {
		list = "";
		len = 0;
	}
	it->p = list;
	it->end = list + strnlen(list, len);
}

int
list_next(struct list_iter *it, const char **item, size_t *len)
{
	const char	*p, *e;

	*item = NULL;
	*len = 0;
	while (it->p < it->end) {
		p = it->p;
		if ((e = memchr(p, ',', (size_t)(it->end - p))) == NULL)
			e = it->end;
		it->p = e < it->end ? e + 1 : e;
		while (p < e && list_blank(*p))
			p++;
		while (e > p && list_blank(e[-1]))
			e--;
		if (e > p) {
			*item = p;
			*len = (size_t)(e - p);
			return 1;
		}
	}
	return 0;
}

int
list_has(const char *list, const char *s, size_t len)
{
	struct list_iter	 it;
	const char		*item;
	size_t			 n;

	if (len == 0)
		return 0;
	list_start(&it, list, list == NULL ? 0 : strlen(list));
	while (list_next(&it, &item, &n))
		if (n == len && memcmp(item, s, len) == 0)
			return 1;
	return 0;
}
