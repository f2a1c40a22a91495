/*
 * Unit tests of common/util/list.c: the items a comma list yields
 * (trimmed, empty items skipped, the bound respected), and membership,
 * each from a table.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "list.h"
#include "unit.h"

/* The items of the first "len" bytes of "list" (0: strlen), joined by
 * '|'. */
struct items_case {
	const char	*list;
	size_t		 len;
	const char	*want;
};

static const struct items_case items_cases[] = {
	{ NULL, 0, "" },
	{ "", 0, "" },
	{ "a", 0, "a" },
	{ "a,b,c", 0, "a|b|c" },
	{ "a, b,c", 0, "a|b|c" },
	{ "  a  ,\tb\t, c ", 0, "a|b|c" },
	{ "a b, c d", 0, "a b|c d" },		/* inner blanks stay */
	{ ",", 0, "" },
	{ ",,a,,b,", 0, "a|b" },		/* empty items skipped */
	{ " , \t ,", 0, "" },
	{ "*", 0, "*" },
	{ "db1.example,db2.example", 0, "db1.example|db2.example" },
	{ "a,b,c", 3, "a|b" },			/* the bound ends it */
	{ "a,bc", 3, "a|b" },			/* even mid-item */
	{ "a,b", 1, "a" },
	{ "abc", 0, "abc" },
	{ "a\0b", 3, "a" },			/* a NUL ends it too */
	{ "a\n,b", 0, "a\n|b" },		/* only space and tab trim */
};

START_TEST(test_items)
{
	const struct items_case	*c = &items_cases[_i];
	struct list_iter	 it;
	const char		*item;
	char			 got[128];
	size_t			 len, o = 0;
	int			 n = 0;

	list_start(&it, c->list, c->list == NULL ? 0 :
	    c->len != 0 ? c->len : strlen(c->list));
	got[0] = '\0';
	while (list_next(&it, &item, &len)) {
		ck_assert_ptr_nonnull(item);
		ck_assert_uint_gt(len, 0);
		ck_assert_uint_lt(o + len + 2, sizeof(got));
		if (n++ > 0)
			got[o++] = '|';
		memcpy(got + o, item, len);
		o += len;
		got[o] = '\0';
	}
	ck_assert_ptr_null(item);
	ck_assert_uint_eq(len, 0);
	ck_assert_msg(strcmp(got, c->want) == 0, "case %d: \"%s\"", _i, got);
	/* Done stays done. */
	ck_assert_int_eq(list_next(&it, &item, &len), 0);
}
END_TEST

/* list_has(list, s, strlen(s)). */
struct has_case {
	const char	*list;
	const char	*s;
	int		 want;
};

static const struct has_case has_cases[] = {
	{ NULL, "a", 0 },
	{ "", "a", 0 },
	{ "a", "a", 1 },
	{ "a", "", 0 },				/* empty is never an item */
	{ ",,", "", 0 },
	{ "admin, editor", "editor", 1 },
	{ "admin, editor", "admin", 1 },
	{ "admin, editor", "edit", 0 },		/* whole items only */
	{ "admin, editor", "editors", 0 },
	{ "admin, editor", " editor", 0 },	/* "s" is not trimmed */
	{ "admin,editor", "Admin", 0 },		/* bytes, not case */
	{ "https://a.example, *", "*", 1 },
	{ "127.0.0.1,\t::1", "::1", 1 },
	{ "127.0.0.1", "127.0.0.10", 0 },
	{ "127.0.0.10", "127.0.0.1", 0 },
};

START_TEST(test_has)
{
	const struct has_case	*c = &has_cases[_i];

	ck_assert_msg(list_has(c->list, c->s, strlen(c->s)) == c->want,
	    "case %d", _i);
}
END_TEST

/* The items point into the list, in order: no copy is made. */
START_TEST(test_borrows)
{
	static const char	 list[] = " x ,y";
	struct list_iter	 it;
	const char		*item;
	size_t			 len;

	list_start(&it, list, strlen(list));
	ck_assert_int_eq(list_next(&it, &item, &len), 1);
	ck_assert_ptr_eq(item, list + 1);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(list_next(&it, &item, &len), 1);
	ck_assert_ptr_eq(item, list + 4);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(list_next(&it, &item, &len), 0);
}
END_TEST

static Suite *
list_suite(void)
{
	Suite	*s = suite_create("list");
	TCase	*tc = tcase_create("list");

	LOOP(tc, test_items, items_cases);
	LOOP(tc, test_has, has_cases);
	tcase_add_test(tc, test_borrows);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_list", list_suite, 0);
}
