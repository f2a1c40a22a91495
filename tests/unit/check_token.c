/*
 * Unit tests of common/crypto/token.c: random tokens and codes, digests and
 * the base64url coding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "token.h"
#include "unit.h"

#define NTOKENS	2000	/* tokens drawn for the uniqueness test */
#define NCODES	10000	/* 6-digit codes drawn for the distribution test */

/* RFC 4648 section 10 vectors; base64url and base64 agree on them. */
static const struct b64vec {
	const char	*bin;
	size_t		 len;
	const char	*txt;
} b64vecs[] = {
	{ "", 0, "" },
	{ "f", 1, "Zg" },
	{ "fo", 2, "Zm8" },
	{ "foo", 3, "Zm9v" },
	{ "foob", 4, "Zm9vYg" },
	{ "fooba", 5, "Zm9vYmE" },
	{ "foobar", 6, "Zm9vYmFy" },
	{ "\xfb\xff", 2, "-_8" },		/* "+/8=" in base64 */
	{ "\xff\xff\xfe", 3, "___-" },
	{ "\x00\x00", 2, "AAA" },
};

/* Strings b64url_decode() must refuse, with their lengths. */
static const struct badb64 {
	const char	*txt;
	size_t		 len;
} badb64s[] = {
	{ "Zg==", 4 },		/* padding */
	{ "Zg=", 3 },
	{ "Zm+v", 4 },		/* base64, not base64url */
	{ "Zm/v", 4 },
	{ "Z", 1 },		/* impossible length */
	{ "Zm9vY", 5 },
	{ "Zh", 2 },		/* non-zero trailing bits */
	{ "Zm9", 3 },
	{ " Zg", 3 },		/* blanks */
	{ "Zg ", 3 },
	{ "Zg\n", 3 },
	{ "Z.g", 3 },
	{ "Zm\0v", 4 },		/* NUL inside the given length */
};

/* Candidates for token_wellformed() and the expected answer. */
static const struct wfcase {
	const char	*s;
	int		 want;
} wfcases[] = {
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1 },
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_0", 1 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },	/* 42 */
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },	/* 44 */
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\xc3", 0 },
	{ "", 0 },
	{ NULL, 0 },
};

/* Whether "c" is a base64url character. */
static int
isb64(char c)
{

	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int
cmpstr(const void *a, const void *b)
{

	return strcmp((const char *)a, (const char *)b);
}

START_TEST(test_new_shape)
{
	char	 t[TOKEN_STRLEN + 1];
	size_t	 i;

	memset(t, 'x', sizeof(t));
	token_new(t);
	ck_assert_uint_eq(strlen(t), TOKEN_STRLEN);
	for (i = 0; i < TOKEN_STRLEN; i++)
		ck_assert_msg(isb64(t[i]), "bad char %c", t[i]);
	ck_assert_int_eq(token_wellformed(t), 1);
}
END_TEST

START_TEST(test_new_unique)
{
	static char	 t[NTOKENS][TOKEN_STRLEN + 1];
	size_t		 i;

	for (i = 0; i < NTOKENS; i++)
		token_new(t[i]);
	qsort(t, NTOKENS, sizeof(t[0]), cmpstr);
	for (i = 1; i < NTOKENS; i++)
		ck_assert_str_ne(t[i - 1], t[i]);
}
END_TEST

START_TEST(test_new_decodes)
{
	char		 t[TOKEN_STRLEN + 1];
	unsigned char	 bin[TOKEN_BYTES];

	token_new(t);
	ck_assert_int_eq(b64url_decode(t, TOKEN_STRLEN, bin, sizeof(bin)),
	    TOKEN_BYTES);
}
END_TEST

/* Each length 1..TOKEN_CODE_MAX gives that many digits. */
START_TEST(test_code_len)
{
	char		 c[TOKEN_CODE_MAX + 2];
	unsigned	 n = (unsigned)_i, i;

	memset(c, 'x', sizeof(c));
	ck_assert_int_eq(token_code(c, n), 0);
	ck_assert_uint_eq(strlen(c), n);
	for (i = 0; i < n; i++)
		ck_assert_msg(c[i] >= '0' && c[i] <= '9', "bad digit %c",
		    c[i]);
}
END_TEST

START_TEST(test_code_bad)
{
	char	 c[TOKEN_CODE_MAX + 2] = "untouched";

	ck_assert_int_eq(token_code(c, 0), -1);
	ck_assert_int_eq(token_code(c, TOKEN_CODE_MAX + 1), -1);
	ck_assert_int_eq(token_code(c, 1000), -1);
	ck_assert_str_eq(c, "untouched");
}
END_TEST

/*
 * 60000 digits: every digit value and every first digit (leading zeros
 * included) must appear about equally.  The bounds are many standard
 * deviations wide, so a correct generator does not fail by chance.
 */
START_TEST(test_code_distribution)
{
	unsigned	 all[10] = { 0 }, first[10] = { 0 };
	char		 c[7];
	size_t		 i, j;

	for (i = 0; i < NCODES; i++) {
		ck_assert_int_eq(token_code(c, 6), 0);
		first[c[0] - '0']++;
		for (j = 0; j < 6; j++)
			all[c[j] - '0']++;
	}
	for (i = 0; i < 10; i++) {
		ck_assert_msg(all[i] > 5400 && all[i] < 6600,
		    "digit %zu seen %u times of 60000", i, all[i]);
		ck_assert_msg(first[i] > 800 && first[i] < 1200,
		    "first digit %zu seen %u times of 10000", i, first[i]);
	}
}
END_TEST

START_TEST(test_digest_vectors)
{
	static const unsigned char abc[TOKEN_DIGEST] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	static const unsigned char empty[TOKEN_DIGEST] = {
		0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
		0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
		0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
		0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
	};
	unsigned char	 d[TOKEN_DIGEST];

	token_digest("abc", 3, d);
	ck_assert_mem_eq(d, abc, TOKEN_DIGEST);
	token_digest("", 0, d);
	ck_assert_mem_eq(d, empty, TOKEN_DIGEST);
	/* Only "len" bytes count. */
	token_digest("abcdef", 3, d);
	ck_assert_mem_eq(d, abc, TOKEN_DIGEST);
}
END_TEST

START_TEST(test_digest_equal)
{
	unsigned char	 a[TOKEN_DIGEST], b[TOKEN_DIGEST];
	size_t		 i;

	token_digest("abc", 3, a);
	memcpy(b, a, sizeof(b));
	ck_assert_int_eq(token_digest_equal(a, b), 1);
	for (i = 0; i < TOKEN_DIGEST * 8; i++) {
		b[i / 8] ^= (unsigned char)(1U << (i % 8));
		ck_assert_int_eq(token_digest_equal(a, b), 0);
		b[i / 8] ^= (unsigned char)(1U << (i % 8));
	}
	token_digest("abd", 3, b);
	ck_assert_int_eq(token_digest_equal(a, b), 0);
}
END_TEST

START_TEST(test_wellformed)
{
	const struct wfcase	*w = &wfcases[_i];

	ck_assert_msg(token_wellformed(w->s) == w->want, "case %d", _i);
}
END_TEST

START_TEST(test_b64_vectors)
{
	const struct b64vec	*v = &b64vecs[_i];
	unsigned char		 bin[16];
	char			 txt[16];

	ck_assert_int_eq(b64url_encode((const unsigned char *)v->bin,
	    v->len, txt, sizeof(txt)), (int)strlen(v->txt));
	ck_assert_str_eq(txt, v->txt);
	ck_assert_int_eq(b64url_decode(v->txt, strlen(v->txt), bin,
	    sizeof(bin)), (int)v->len);
	ck_assert_mem_eq(bin, v->bin, v->len);
}
END_TEST

/* Random data of every length 0..64 survives a round trip. */
START_TEST(test_b64_roundtrip)
{
	unsigned char	 in[64], back[64];
	char		 txt[100];
	size_t		 len = (size_t)_i;
	int		 n;

	randombytes_buf(in, sizeof(in));
	n = b64url_encode(in, len, txt, sizeof(txt));
	ck_assert_int_eq(n, (int)((len * 4 + 2) / 3));
	ck_assert_uint_eq(strlen(txt), (size_t)n);
	ck_assert_int_eq(b64url_decode(txt, (size_t)n, back, sizeof(back)),
	    (int)len);
	ck_assert_mem_eq(in, back, len);
}
END_TEST

/* The exact size fits, one byte less does not, for both directions. */
START_TEST(test_b64_small)
{
	unsigned char	 in[32], back[32];
	char		 txt[64];
	size_t		 len = (size_t)_i, need;
	int		 n;

	memset(in, 0xa5, sizeof(in));
	need = (len * 4 + 2) / 3 + 1;
	ck_assert_int_eq(b64url_encode(in, len, txt, need - 1), -1);
	n = b64url_encode(in, len, txt, need);
	ck_assert_int_eq(n, (int)need - 1);
	if (len > 0)
		ck_assert_int_eq(b64url_decode(txt, (size_t)n, back,
		    len - 1), -1);
	ck_assert_int_eq(b64url_decode(txt, (size_t)n, back, len),
	    (int)len);
}
END_TEST

START_TEST(test_b64_bad)
{
	const struct badb64	*b = &badb64s[_i];
	unsigned char		 bin[16];

	ck_assert_msg(b64url_decode(b->txt, b->len, bin, sizeof(bin)) == -1,
	    "accepted case %d", _i);
}
END_TEST

START_TEST(test_b64_null)
{
	unsigned char	 bin[4] = { 0 };
	char		 txt[4];

	ck_assert_int_eq(b64url_encode(bin, 1, NULL, 4), -1);
	ck_assert_int_eq(b64url_encode(bin, 1, txt, 0), -1);
	ck_assert_int_eq(b64url_decode(NULL, 0, bin, sizeof(bin)), -1);
	ck_assert_int_eq(b64url_decode("AA", 2, NULL, 4), -1);
}
END_TEST

static Suite *
token_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("token");

	tc = tcase_create("random");
	tcase_add_test(tc, test_new_shape);
	tcase_add_test(tc, test_new_unique);
	tcase_add_test(tc, test_new_decodes);
	tcase_add_loop_test(tc, test_code_len, 1, TOKEN_CODE_MAX + 1);
	tcase_add_test(tc, test_code_bad);
	tcase_add_test(tc, test_code_distribution);
	suite_add_tcase(s, tc);

	tc = tcase_create("digest");
	tcase_add_test(tc, test_digest_vectors);
	tcase_add_test(tc, test_digest_equal);
	tcase_add_loop_test(tc, test_wellformed, 0,
	    sizeof(wfcases) / sizeof(wfcases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("b64url");
	tcase_add_loop_test(tc, test_b64_vectors, 0,
	    sizeof(b64vecs) / sizeof(b64vecs[0]));
	tcase_add_loop_test(tc, test_b64_roundtrip, 0, 65);
	tcase_add_loop_test(tc, test_b64_small, 0, 33);
	tcase_add_loop_test(tc, test_b64_bad, 0,
	    sizeof(badb64s) / sizeof(badb64s[0]));
	tcase_add_test(tc, test_b64_null);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return unit_main("check_token", token_suite, UNIT_SODIUM);
}
