/*
 * Unit tests of common/utf8.c: decoding of one sequence (valid,
 * invalid, overlong, surrogate, above U+10FFFF, truncated), the
 * NUL-terminated iterator, counting, cutting on a character boundary and
 * the control test, each from a table.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "utf8.h"

/* One sequence at the start of "s" ("len" bytes, 0: strlen). */
struct decode_case {
	const char	*s;
	size_t		 len;
	size_t		 want;	/* sequence length, 0: invalid */
	uint32_t	 cp;	/* when valid */
};

static const struct decode_case decode_cases[] = {
	{ "A", 0, 1, 0x41 },
	{ "\x7f", 0, 1, 0x7f },
	{ "", 1, 1, 0 },			/* NUL decodes */
	{ "\xc2\x80", 0, 2, 0x80 },		/* smallest 2-byte */
	{ "\xdf\xbf", 0, 2, 0x7ff },
	{ "\xe0\xa0\x80", 0, 3, 0x800 },	/* smallest 3-byte */
	{ "\xe2\x82\xac", 0, 3, 0x20ac },	/* euro sign */
	{ "\xed\x9f\xbf", 0, 3, 0xd7ff },	/* below the surrogates */
	{ "\xee\x80\x80", 0, 3, 0xe000 },	/* above the surrogates */
	{ "\xef\xbf\xbf", 0, 3, 0xffff },
	{ "\xf0\x90\x80\x80", 0, 4, 0x10000 },	/* smallest 4-byte */
	{ "\xf0\x9f\x98\x80", 0, 4, 0x1f600 },
	{ "\xf4\x8f\xbf\xbf", 0, 4, 0x10ffff },	/* largest scalar */
	{ "ab", 0, 1, 0x61 },			/* only the first */
	{ "\x80", 0, 0, 0 },			/* stray continuation */
	{ "\xbf", 0, 0, 0 },
	{ "\xc0\x80", 0, 0, 0 },		/* overlong NUL */
	{ "\xc1\xbf", 0, 0, 0 },		/* overlong 0x7f */
	{ "\xe0\x80\xaf", 0, 0, 0 },		/* overlong '/' */
	{ "\xe0\x9f\xbf", 0, 0, 0 },		/* overlong 0x7ff */
	{ "\xf0\x80\x80\xaf", 0, 0, 0 },	/* overlong '/' */
	{ "\xf0\x8f\xbf\xbf", 0, 0, 0 },	/* overlong 0xffff */
	{ "\xed\xa0\x80", 0, 0, 0 },		/* U+D800 */
	{ "\xed\xb0\x80", 0, 0, 0 },		/* U+DC00 */
	{ "\xed\xbf\xbf", 0, 0, 0 },		/* U+DFFF */
	{ "\xf4\x90\x80\x80", 0, 0, 0 },	/* U+110000 */
	{ "\xf7\xbf\xbf\xbf", 0, 0, 0 },	/* U+1FFFFF */
	{ "\xf5\x80\x80\x80", 0, 0, 0 },
	{ "\xf8\x88\x80\x80\x80", 0, 0, 0 },	/* 5-byte form */
	{ "\xfc\x84\x80\x80\x80\x80", 0, 0, 0 },	/* 6-byte form */
	{ "\xfe", 0, 0, 0 },
	{ "\xff", 0, 0, 0 },
	{ "\xc2", 0, 0, 0 },			/* truncated */
	{ "\xe2\x82", 0, 0, 0 },
	{ "\xf0\x9f\x98", 0, 0, 0 },
	{ "\xe2\x82\xac", 2, 0, 0 },		/* cut by "end" */
	{ "\xf0\x9f\x98\x80", 3, 0, 0 },
	{ "\xc2\x41", 0, 0, 0 },		/* bad continuation */
	{ "\xe2\x28\xa1", 0, 0, 0 },
	{ "\xe2\x82\x28", 0, 0, 0 },
	{ "\xf0\x9f\xc0\x80", 0, 0, 0 },
};

START_TEST(test_decode)
{
	const struct decode_case	*c = &decode_cases[_i];
	const unsigned char		*p = (const unsigned char *)c->s;
	size_t				 len = c->len > 0 ? c->len : strlen(c->s);
	uint32_t			 cp = 0xfffffff;

	ck_assert_msg(utf8_decode(p, p + len, &cp) == c->want, "case %d", _i);
	if (c->want > 0)
		ck_assert_msg(cp == c->cp, "case %d: U+%04X", _i, (unsigned)cp);
	else
		ck_assert_msg(cp == 0xfffffff, "case %d: cp set", _i);
	ck_assert_msg(utf8_decode(p, p + len, NULL) == c->want, "case %d", _i);
}
END_TEST

/* Every string: valid as a counted buffer and walked by utf8_next(). */
struct string_case {
	const char	*s;
	int		 valid;
	size_t		 ncp;	/* code points utf8_next() gives */
	size_t		 length;	/* utf8_length() */
};

static const struct string_case string_cases[] = {
	{ "", 1, 0, 0 },
	{ "plain ascii", 1, 11, 11 },
	{ "caf\xc3\xa9", 1, 4, 4 },
	{ "\xe2\x82\xac" "5", 1, 2, 2 },
	{ "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 1, 2, 2 },
	{ "ab\xc0\x80", 0, 2, 3 },		/* overlong after 2 */
	{ "a\xed\xa0\x80" "b", 0, 1, 3 },	/* surrogate */
	{ "\xf4\x90\x80\x80", 0, 0, 1 },	/* above U+10FFFF */
	{ "x\xe2\x82", 0, 1, 2 },		/* truncated at the NUL */
	{ "\x80\x80", 0, 0, 0 },
};

START_TEST(test_string)
{
	const struct string_case	*c = &string_cases[_i];
	const unsigned char		*p = (const unsigned char *)c->s;
	const unsigned char		*before;
	uint32_t			 cp;
	size_t				 n = 0;
	int				 rc;

	ck_assert_msg(utf8_valid(c->s, strlen(c->s)) == c->valid,
	    "case %d", _i);
	while ((rc = utf8_next(&p, &cp)) == 1)
		n++;
	ck_assert_msg(rc == (c->valid ? 0 : -1), "case %d: rc %d", _i, rc);
	ck_assert_msg(n == c->ncp, "case %d: %zu code points", _i, n);
	if (rc == -1) {
		/* an invalid sequence leaves "*p" in place */
		before = p;
		ck_assert_int_eq(utf8_next(&p, &cp), -1);
		ck_assert_ptr_eq(p, before);
	}
	ck_assert_msg(utf8_length(c->s) == c->length, "case %d", _i);
}
END_TEST

START_TEST(test_null)
{

	ck_assert_int_eq(utf8_valid(NULL, 0), 1);
	ck_assert_int_eq(utf8_valid(NULL, 1), 0);
	ck_assert_uint_eq(utf8_length(NULL), 0);
	ck_assert_int_eq(utf8_valid("a\0b", 3), 1);	/* NUL is UTF-8 */
}
END_TEST

/* utf8_cut(): "len" bytes of "s" without an incomplete last sequence. */
struct cut_case {
	const char	*s;
	size_t		 len;
	size_t		 want;
};

static const struct cut_case cut_cases[] = {
	{ "", 0, 0 },
	{ "abc", 3, 3 },
	{ "abc", 2, 2 },
	{ "a\xc3\xa9", 3, 3 },			/* whole */
	{ "a\xc3\xa9", 2, 1 },			/* lead only */
	{ "a\xe2\x82\xac", 4, 4 },
	{ "a\xe2\x82\xac", 3, 1 },
	{ "a\xe2\x82\xac", 2, 1 },
	{ "a\xf0\x9f\x98\x80", 5, 5 },
	{ "a\xf0\x9f\x98\x80", 4, 1 },
	{ "a\xf0\x9f\x98\x80", 2, 1 },
	{ "\xe2\x82\xac", 1, 0 },
	{ "\x80\x80", 2, 2 },			/* no lead: left alone */
};

START_TEST(test_cut)
{
	const struct cut_case	*c = &cut_cases[_i];

	ck_assert_msg(utf8_cut(c->s, c->len) == c->want, "case %d: %zu",
	    _i, utf8_cut(c->s, c->len));
}
END_TEST

struct control_case {
	uint32_t	 cp;
	int		 want;
};

static const struct control_case control_cases[] = {
	{ 0x00, 1 }, { 0x09, 1 }, { 0x0a, 1 }, { 0x1f, 1 },
	{ 0x20, 0 }, { 0x7e, 0 }, { 0x7f, 1 }, { 0x80, 1 },
	{ 0x9f, 1 }, { 0xa0, 0 }, { 0x202e, 0 }, { 0x10ffff, 0 },
};

START_TEST(test_control)
{
	const struct control_case	*c = &control_cases[_i];

	ck_assert_msg(utf8_is_control(c->cp) == c->want, "case %d", _i);
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite	*s = suite_create("utf8");
	TCase	*tc = tcase_create("utf8");

	LOOP(tc, test_decode, decode_cases);
	LOOP(tc, test_string, string_cases);
	tcase_add_test(tc, test_null);
	LOOP(tc, test_cut, cut_cases);
	LOOP(tc, test_control, control_cases);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_utf8", utf8_suite, 0);
}
