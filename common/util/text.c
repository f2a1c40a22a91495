/*
 * text: bounded copies and decimals for the paths every request takes
 * (the client address, the signed-in user, the reply's headers).
 */
#include <string.h>

#include "text.h"

size_t
text_copy(char *dst, size_t dstsz, const char *src)
{
	size_t	 n;

	if (dstsz == 0)
		return 0;
	n = strnlen(src, dstsz - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

size_t
text_int(char out[TEXT_INT_MAX], int64_t v)
{
	char		 rev[TEXT_INT_MAX];
	uint64_t	 u;
	size_t		 n = 0, o = 0;

	/* the magnitude as unsigned, so that INT64_MIN has one too */
	u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		rev[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		out[o++] = '-';
	while (n > 0)
		out[o++] = rev[--n];
	out[o] = '\0';
	return o;
}
