/*
 * utf8: decoding, validation, counting and cutting of UTF-8, and the
 * C0/C1 control test, for every module that looks at characters
 * (http, validate, log).
 */
#include <string.h>

#include "utf8.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* UTF-8 lead bytes of multi-byte sequences. */
struct utf8_lead {
	unsigned char	 mask;	/* bits that identify the lead byte */
	unsigned char	 bits;	/* their value */
	size_t		 ncont;	/* continuation bytes that follow */
	uint32_t	 min;	/* smallest code point, against overlongs */
};

static const struct utf8_lead utf8_leads[] = {
	{ 0xe0, 0xc0, 1, 0x80 },	/* 110xxxxx */
	{ 0xf0, 0xe0, 2, 0x800 },	/* 1110xxxx */
	{ 0xf8, 0xf0, 3, 0x10000 },	/* 11110xxx */
};

size_t
utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	const struct utf8_lead	*l = NULL;
	uint32_t		 c;
	size_t			 i;

	if (p[0] < 0x80) {
		if (cp != NULL)
			*cp = p[0];
		return 1;
	}
	for (i = 0; i < NELEM(utf8_leads); i++)
		if ((p[0] & utf8_leads[i].mask) == utf8_leads[i].bits)
			l = &utf8_leads[i];
	if (l == NULL || (size_t)(end - p) <= l->ncont)
		return 0;
	c = p[0] & (unsigned char)~l->mask;
	for (i = 1; i <= l->ncont; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < l->min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	if (cp != NULL)
		*cp = c;
	return l->ncont + 1;
}

int
utf8_next(const unsigned char **p, uint32_t *cp)
{
	const unsigned char	*s = *p;
	size_t			 n;

	if (s[0] == '\0')
		return 0;
	/* no sequence is longer than 4: never read past the NUL */
	n = utf8_decode(s, s + strnlen((const char *)s, 4), cp);
	if (n == 0)
		return -1;
	*p = s + n;
	return 1;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p, *end;
	size_t			 n;

	if (s == NULL)
		return len == 0;
	p = (const unsigned char *)s;
	end = p + len;
	while (p < end) {
		if ((n = utf8_decode(p, end, NULL)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

size_t
utf8_length(const char *s)
{
	const unsigned char	*p;
	size_t			 n = 0;

	if (s == NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

size_t
utf8_cut(const char *s, size_t len)
{
	size_t		 i = len, need;
	unsigned char	 lead;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || (lead = (unsigned char)s[i - 1]) < 0xc0)
		return len;
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	return len - (i - 1) < need ? i - 1 : len;
}

int
utf8_is_control(uint32_t cp)
{

	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}
