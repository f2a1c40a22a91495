/*
 * http_decode: percent-decoding of paths, query strings and form
 * bodies, and the clean-text test of a decoded path (http_private.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_private.h"

int
http_hexval(unsigned char c)
{

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode "len" bytes at "in" into a new string in "*out".
 * Returns 1, 0 for bad input (bad escape, NUL, invalid UTF-8) or -1 out
 * of memory.  "*out" is NULL unless 1 is returned.
 */
int
http_pct_decode(const char *in, size_t len, int plus, char **out)
{
	char	*s;
	size_t	 i, o = 0;
	int	 hi, lo, c;

	*out = NULL;
	if ((s = malloc(len + 1)) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (hi = http_hexval((unsigned char)in[i + 1])) < 0 ||
			    (lo = http_hexval((unsigned char)in[i + 2])) < 0)
				goto bad;
			c = hi << 4 | lo;
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c == '\0')
			goto bad;
		s[o++] = (char)c;
	}
	s[o] = '\0';
	if (!utf8_valid(s, o))
		goto bad;
	*out = s;
	return 1;
bad:
	free(s);
	return 0;
}

char *
http_unescape(const char *in, size_t len, int plus)
{
	char	*out;

	if (in == NULL)
		return NULL;
	http_pct_decode(in, len, plus, &out);
	return out;
}

/* Whether "s" is valid UTF-8 without control characters: 1 or 0. */
int
http_text_clean(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + strlen(s);
	uint32_t		 cp;
	size_t			 n;

	while (p < end) {
		if ((n = utf8_decode(p, end, &cp)) == 0 ||
		    utf8_is_control(cp))
			return 0;
		p += n;
	}
	return 1;
}

/* What http_pct_decode() returned, as a read status. */
enum http_status
http_pct_status(int rc)
{

	if (rc == 1)
		return HTTP_READ_OK;
	return rc == 0 ? HTTP_READ_MALFORMED : HTTP_READ_NOMEM;
}
