/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz/ share.  The entry
 * point's prototype (libFuzzer calls it; -Wmissing-prototypes wants
 * one), an invariant check that aborts with a message so that the
 * fuzzer keeps the input as a crash, and a UTF-8 check of our own so
 * that the code under test is not judged by itself.
 */
#ifndef FCAUTH_FUZZ_H
#define FCAUTH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with "file:line: what" when "cond" does not hold. */
#define FUZZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/*
 * Whether "len" bytes at "s" are well-formed UTF-8 (RFC 3629: shortest
 * form, no surrogates, nothing above U+10FFFF), written from the table
 * of the Unicode standard (3.9, table 3-7), not from common/util/utf8.c.
 * 1 or 0.
 */
static inline int
fuzz_utf8(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	unsigned char		 lo, hi;

	while (i < len) {
		lo = 0x80, hi = 0xbf;
		if (p[i] <= 0x7f) {
			i++;
			continue;
		} else if (p[i] >= 0xc2 && p[i] <= 0xdf)
			n = 1;
		else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			n = 2;
			if (p[i] == 0xe0)
				lo = 0xa0;
			else if (p[i] == 0xed)
				hi = 0x9f;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			n = 3;
			if (p[i] == 0xf0)
				lo = 0x90;
			else if (p[i] == 0xf4)
				hi = 0x8f;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return 0;
		for (k = 2; k <= n; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return 0;
		i += n + 1;
	}
	return 1;
}

#endif /* FCAUTH_FUZZ_H */
