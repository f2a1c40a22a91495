/*
 * validate_private: what the validate*.c and input.c files share and
 * nobody else sees: the ASCII character classes and digit helpers
 * (ASCII only, whatever the locale), and the common-password lookup.
 */
#ifndef FCAUTH_VALIDATE_PRIVATE_H
#define FCAUTH_VALIDATE_PRIVATE_H

#include <stddef.h>

static inline int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static inline int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether the "n" bytes at "p" are all digits: 1 or 0. */
static inline int
all_digits(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)p[i]))
			return 0;
	return 1;
}

/* The value of the "n" digits at "p" (known to be digits). */
static inline int
digits_value(const char *p, size_t n)
{
	int	 v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/* Whether "pw" (<= PASSWD_MAX bytes) is on the common-password list in
 * use, ASCII case-insensitively: 1 or 0 (validate_common.c). */
int	 validate_common_has(const char *pw);

#endif /* FCAUTH_VALIDATE_PRIVATE_H */
