/*
 * check_passwd: unit tests for common/crypto/passwd.c.  Costs are kept low
 * (yescrypt 1-5, bcrypt 4, sha512crypt 1000) so the suite runs fast;
 * each test runs in its own process, so passwd_init state never leaks
 * from one test into the next.
 */
#include <check.h>
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "passwd.h"
#include "unit.h"


/* PHP's password_hash documentation example. */
#define PHP_PW		"rasmuslerdorf"
#define PHP_HASH	"$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3" \
			    "Jq7KnEd1rVAGv3Fykk1a"

struct vector {
	const char	*pw;
	const char	*hash;
};

/* Known answers: PHP, the Openwall crypt_blowfish tests and the
 * SHA-crypt specification. */
static const struct vector vectors[] = {
	{ PHP_PW, PHP_HASH },
	{ "U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC."
	    "E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW" },
	{ "Hello world!", "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/"
	    "O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1" },
	{ "Hello world!", "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8Q"
	    "VeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/"
	    "y3RnOaw5v." },
	{ "", "$y$j9T$salt$sE5vvd.NbRw0CRzUgcEQ/PZMH4hmete7N5s3qN09F12" },
};

struct method_case {
	const char	*method;
	unsigned	 cost;
	const char	*prefix;	/* of every new hash */
};

static const struct method_case methods[] = {
	{ "yescrypt", 1, "$y$j75$" },
	{ "yescrypt", 5, "$y$j9T$" },
	{ "yescrypt", 0, "$y$j9T$" },
	{ "bcrypt", 4, "$2b$04$" },
	{ "sha512crypt", 1000, "$6$rounds=1000$" },
	{ "sha512crypt", 0, "$6$" },
};

/* Hashes nobody may log in with; passwd_verify must not return 1. */
static const char *const bad_hashes[] = {
	"", "*", "*0", "*1", "$1$x", "$1$abcdefgh$", "garbage", "ab",
	"$", "$$", "$y$", "$y$j9T", "$2b$", "$2b$04$", "$2b$99$abc",
	"$6$rounds=10$abc$", "$6$rounds=$abc$", "$7$", "$5$rounds=x$",
	"!", "!$y$j9T$salt$sE5vvd.NbRw0CRzUgcEQ/PZMH4hmete7N5s3qN09F12",
	"$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
};

/* Crypt "pw" with a new setting of "prefix" and "cost" into "out". */
static void
make_hash(const char *prefix, unsigned long cost, const char *pw,
    char *out, size_t outsz)
{
	static struct crypt_data	 cd;
	char				 setting[CRYPT_GENSALT_OUTPUT_SIZE];
	const char			*h;

	ck_assert_ptr_nonnull(crypt_gensalt_rn(prefix, cost, NULL, 0,
	    setting, sizeof(setting)));
	h = crypt_rn(pw, setting, &cd, sizeof(cd));
	ck_assert_ptr_nonnull(h);
	ck_assert_int_ne(h[0], '*');
	ck_assert_uint_lt(strlen(h), outsz);
	strcpy(out, h);
}

static double
now(void)
{
	struct timespec	 ts;

	timespec_get(&ts, TIME_UTC);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A password of "len" bytes, all "c". */
static char *
long_pw(size_t len, char c)
{
	char	*pw;

	pw = malloc(len + 1);
	ck_assert_ptr_nonnull(pw);
	memset(pw, c, len);
	pw[len] = '\0';
	return pw;
}

START_TEST(init_rejects)
{
	ck_assert_int_eq(passwd_init(NULL, 0), -1);
	ck_assert_int_eq(passwd_init("", 0), -1);
	ck_assert_int_eq(passwd_init("md5crypt", 0), -1);
	ck_assert_int_eq(passwd_init("des", 0), -1);
	ck_assert_int_eq(passwd_init("YESCRYPT", 0), -1);
	ck_assert_int_eq(passwd_init("bcrypt", 3), -1);
	ck_assert_int_eq(passwd_init("bcrypt", 32), -1);
	ck_assert_int_eq(passwd_init("yescrypt", 12), -1);
}
END_TEST

/* libcrypt raises too few sha512crypt rounds to its minimum, 1000. */
START_TEST(init_clamps_rounds)
{
	char	 h[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_init("sha512crypt", 10), 0);
	ck_assert_int_eq(passwd_hash("pw", h, sizeof(h)), 0);
	ck_assert_msg(strncmp(h, "$6$rounds=1000$", 15) == 0, "%s", h);
	ck_assert_int_eq(passwd_needs_rehash(h), 0);
}
END_TEST

START_TEST(not_initialised)
{
	char	 out[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_hash("correct horse", out, sizeof(out)), -1);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(passwd_needs_rehash(PHP_HASH), 0);
	passwd_dummy_verify("x");
	/* verification needs no configuration */
	ck_assert_int_eq(passwd_verify(PHP_PW, PHP_HASH), 1);
}
END_TEST

START_TEST(hash_verify)
{
	const struct method_case *m = &methods[_i];
	char	 a[PASSWD_HASH_MAX], b[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_init(m->method, m->cost), 0);
	ck_assert_int_eq(passwd_hash("correct horse", a, sizeof(a)), 0);
	ck_assert_msg(strncmp(a, m->prefix, strlen(m->prefix)) == 0,
	    "%s %u: %s", m->method, m->cost, a);
	ck_assert_int_eq(passwd_verify("correct horse", a), 1);
	ck_assert_int_eq(passwd_verify("correct horsE", a), 0);
	ck_assert_int_eq(passwd_verify("correct horse ", a), 0);
	ck_assert_int_eq(passwd_verify("", a), 0);
	ck_assert_int_eq(passwd_verify(NULL, a), 0);
	ck_assert_int_eq(passwd_needs_rehash(a), 0);
	/* a fresh salt every time */
	ck_assert_int_eq(passwd_hash("correct horse", b, sizeof(b)), 0);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(passwd_verify("correct horse", b), 1);
}
END_TEST

START_TEST(hash_utf8_and_empty)
{
	char	 h[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_eq(passwd_hash("p\xc3\xa4ssw\xc3\xb6rd \xe2\x82\xac", h,
	    sizeof(h)), 0);
	ck_assert_int_eq(passwd_verify("p\xc3\xa4ssw\xc3\xb6rd \xe2\x82\xac",
	    h), 1);
	ck_assert_int_eq(passwd_verify("passw\xc3\xb6rd \xe2\x82\xac", h), 0);
	ck_assert_int_eq(passwd_hash("", h, sizeof(h)), 0);
	ck_assert_int_eq(passwd_verify("", h), 1);
	ck_assert_int_eq(passwd_verify(" ", h), 0);
	ck_assert_int_eq(passwd_verify(NULL, h), 0);
}
END_TEST

START_TEST(hash_small_buffer)
{
	char	 h[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_eq(passwd_hash("correct horse", h, 20), -1);
	ck_assert_int_eq(passwd_hash("correct horse", h, 0), -1);
	ck_assert_int_eq(passwd_hash(NULL, h, sizeof(h)), -1);
	ck_assert_int_eq(passwd_hash("correct horse", NULL, 0), -1);
}
END_TEST

START_TEST(known_vectors)
{
	const struct vector *v = &vectors[_i];
	char	 wrong[64];

	ck_assert_int_eq(passwd_verify(v->pw, v->hash), 1);
	snprintf(wrong, sizeof(wrong), "%sx", v->pw);
	ck_assert_int_eq(passwd_verify(wrong, v->hash), 0);
}
END_TEST

START_TEST(php_bcrypt_rehash)
{
	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_eq(passwd_verify(PHP_PW, PHP_HASH), 1);
	ck_assert_int_eq(passwd_verify("Rasmuslerdorf", PHP_HASH), 0);
	ck_assert_int_eq(passwd_verify("rasmuslerdor", PHP_HASH), 0);
	ck_assert_int_eq(passwd_needs_rehash(PHP_HASH), 1);
}
END_TEST

START_TEST(bad_hash)
{
	const char	*h = bad_hashes[_i];

	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_ne(passwd_verify("", h), 1);
	ck_assert_int_ne(passwd_verify("x", h), 1);
	ck_assert_int_ne(passwd_verify("garbage", h), 1);
	ck_assert_int_ne(passwd_verify("ab", h), 1);
	ck_assert_int_eq(passwd_needs_rehash(h), 1);
}
END_TEST

START_TEST(unknown_hash_is_error)
{
	ck_assert_int_eq(passwd_verify("x", NULL), -1);
	ck_assert_int_eq(passwd_verify("x", ""), -1);
	ck_assert_int_eq(passwd_verify("x", "*0"), -1);
	ck_assert_int_eq(passwd_verify("x", "$1$x"), -1);
	ck_assert_int_eq(passwd_verify("x", "garbage"), -1);
	ck_assert_int_eq(passwd_verify("x", "$2b$04$"), -1);
}
END_TEST

START_TEST(hash_too_long)
{
	char	*h;

	h = long_pw(PASSWD_MAX * 2, 'x');
	ck_assert_int_eq(passwd_verify("x", h), -1);
	free(h);
}
END_TEST

START_TEST(rehash_yescrypt)
{
	char	 h[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_eq(passwd_needs_rehash(NULL), 1);
	ck_assert_int_eq(passwd_needs_rehash(""), 1);
	ck_assert_int_eq(passwd_needs_rehash(vectors[1].hash), 1);
	ck_assert_int_eq(passwd_needs_rehash(vectors[2].hash), 1);
	ck_assert_int_eq(passwd_needs_rehash(vectors[3].hash), 1);
	make_hash("$y$", 2, "pw", h, sizeof(h));
	ck_assert_int_eq(passwd_needs_rehash(h), 1);
	make_hash("$y$", 1, "pw", h, sizeof(h));
	ck_assert_int_eq(passwd_needs_rehash(h), 0);
	make_hash("$gy$", 1, "pw", h, sizeof(h));
	ck_assert_int_eq(passwd_needs_rehash(h), 1);
	ck_assert_int_eq(passwd_verify("pw", h), 1);
}
END_TEST

START_TEST(rehash_bcrypt)
{
	char	 h[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_init("bcrypt", 4), 0);
	make_hash("$2b$", 4, "pw", h, sizeof(h));
	ck_assert_int_eq(passwd_needs_rehash(h), 0);
	make_hash("$2b$", 5, "pw", h, sizeof(h));
	ck_assert_int_eq(passwd_needs_rehash(h), 1);
	make_hash("$2y$", 4, "pw", h, sizeof(h));
	ck_assert_int_eq(passwd_needs_rehash(h), 1);
	ck_assert_int_eq(passwd_verify("pw", h), 1);
	make_hash("$y$", 5, "pw", h, sizeof(h));
	ck_assert_int_eq(passwd_needs_rehash(h), 1);
	ck_assert_int_eq(passwd_needs_rehash(PHP_HASH), 1);
}
END_TEST

START_TEST(rehash_sha512crypt)
{
	ck_assert_int_eq(passwd_init("sha512crypt", 0), 0);
	/* 5000 rounds, whether spelt out or not */
	ck_assert_int_eq(passwd_needs_rehash(vectors[2].hash), 0);
	ck_assert_int_eq(passwd_needs_rehash("$6$rounds=5000$abc$def"), 0);
	ck_assert_int_eq(passwd_needs_rehash(vectors[3].hash), 1);
	ck_assert_int_eq(passwd_needs_rehash("$6$rounds=x$abc$def"), 1);
	ck_assert_int_eq(passwd_needs_rehash(vectors[0].hash), 1);
	ck_assert_int_eq(passwd_init("sha512crypt", 10000), 0);
	ck_assert_int_eq(passwd_needs_rehash(vectors[3].hash), 0);
	ck_assert_int_eq(passwd_needs_rehash(vectors[2].hash), 1);
	ck_assert_int_eq(passwd_needs_rehash("$6$rounds=10001$abc$def"), 1);
}
END_TEST

START_TEST(bcrypt_default_cost)
{
	ck_assert_int_eq(passwd_init("bcrypt", 0), 0);
	ck_assert_int_eq(passwd_needs_rehash("$2b$12$7qzO412CyQe.oJqw1eZNO."
	    "H5WB.PYRnOPmhERRtD7XLCEHFhG6qCy"), 0);
	ck_assert_int_eq(passwd_needs_rehash("$2b$04$7qzO412CyQe.oJqw1eZNO."
	    "H5WB.PYRnOPmhERRtD7XLCEHFhG6qCy"), 1);
}
END_TEST

START_TEST(rehash_lower_cost)
{
	char	 h[PASSWD_HASH_MAX];

	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_eq(passwd_hash("pw", h, sizeof(h)), 0);
	ck_assert_int_eq(passwd_init("yescrypt", 3), 0);
	ck_assert_int_eq(passwd_needs_rehash(h), 1);
	ck_assert_int_eq(passwd_verify("pw", h), 1);
	ck_assert_int_eq(passwd_hash("pw", h, sizeof(h)), 0);
	ck_assert_int_eq(passwd_needs_rehash(h), 0);
}
END_TEST

START_TEST(password_too_long)
{
	char	 h[PASSWD_HASH_MAX];
	char	*pw;

	ck_assert_int_eq(passwd_init(methods[_i].method, methods[_i].cost),
	    0);
	pw = long_pw(PASSWD_MAX + 1, 'p');
	ck_assert_int_eq(passwd_hash(pw, h, sizeof(h)), -1);
	pw[PASSWD_MAX] = '\0';
	ck_assert_int_eq(passwd_hash(pw, h, sizeof(h)), 0);
	ck_assert_int_eq(passwd_verify(pw, h), 1);
	pw[PASSWD_MAX] = 'p';
	ck_assert_int_eq(passwd_verify(pw, h), 0);
	free(pw);
}
END_TEST

/* libcrypt refuses 512 bytes and more; every length up to PASSWD_MAX
 * must still work, and every byte must count (but for bcrypt). */
START_TEST(long_passwords)
{
	static const size_t lens[] = { 511, 512, 513, 600, PASSWD_MAX };
	char	 h[PASSWD_HASH_MAX];
	char	*pw;
	size_t	 i;

	ck_assert_int_eq(passwd_init("sha512crypt", 1000), 0);
	for (i = 0; i < NELEM(lens); i++) {
		pw = long_pw(lens[i], 'q');
		ck_assert_int_eq(passwd_hash(pw, h, sizeof(h)), 0);
		ck_assert_int_eq(passwd_verify(pw, h), 1);
		pw[lens[i] - 1] = 'r';
		ck_assert_int_eq(passwd_verify(pw, h), 0);
		pw[lens[i] - 1] = '\0';
		ck_assert_int_eq(passwd_verify(pw, h), 0);
		free(pw);
	}
}
END_TEST

START_TEST(bcrypt_72_bytes)
{
	char	 h[PASSWD_HASH_MAX];
	char	*pw;

	ck_assert_int_eq(passwd_init("bcrypt", 4), 0);
	pw = long_pw(700, 'b');
	ck_assert_int_eq(passwd_hash(pw, h, sizeof(h)), 0);
	ck_assert_int_eq(passwd_verify(pw, h), 1);
	/* bcrypt reads 72 bytes, as PHP's password_hash does */
	pw[100] = '\0';
	ck_assert_int_eq(passwd_verify(pw, h), 1);
	pw[71] = 'c';
	ck_assert_int_eq(passwd_verify(pw, h), 0);
	free(pw);
}
END_TEST

START_TEST(dummy_verify)
{
	char	*pw;

	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	passwd_dummy_verify(NULL);
	passwd_dummy_verify("");
	passwd_dummy_verify("fcauth dummy password");
	pw = long_pw(PASSWD_MAX + 10, 'd');
	passwd_dummy_verify(pw);
	free(pw);
}
END_TEST

/* The dummy costs about what a real verification costs, also for an
 * empty or missing password (Keycloak #51887). */
START_TEST(dummy_verify_timing)
{
	static const char *const pws[] = { "", NULL, "some password" };
	char	 h[PASSWD_HASH_MAX];
	double	 t0, real, dummy;
	size_t	 i;

	ck_assert_int_eq(passwd_init("yescrypt", 5), 0);
	ck_assert_int_eq(passwd_hash("some password", h, sizeof(h)), 0);
	for (i = 0; i < NELEM(pws); i++) {
		t0 = now();
		(void)passwd_verify(pws[i], h);
		real = now() - t0;
		t0 = now();
		passwd_dummy_verify(pws[i]);
		dummy = now() - t0;
		ck_assert_msg(dummy > real / 4, "dummy %f s, real %f s",
		    dummy, real);
	}
}
END_TEST

/* Hashes and their kinds ("" = no kind we tell). */
static const struct {
	const char	*hash;
	const char	*kind;
} kinds[] = {
	{ PHP_HASH, "$2y$10$" },
	{ "$2b$12$aaaaaaaaaaaaaaaaaaaaaOrV/OeiUNx52HsVyFtghUhM9M6F8Ef5W",
	    "$2b$12$" },
	{ "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	    "$2a$05$" },
	{ "$6$rounds=656000$saltsalt$abc", "$6$rounds=656000$" },
	{ "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl", "$6$" },
	{ "$6$rounds=5000$x$y", "$6$rounds=5000$" },
	{ "$5$rounds=80000$salt$h", "$5$rounds=80000$" },
	{ "$y$j9T$salt$sE5vvd.NbRw0CRzUgcEQ/PZMH4hmete7N5s3qN09F12",
	    "$y$j9T$" },
	{ "$y$jD5.7$salt$h", "$y$jD5.7$" },
	{ "$gy$j9T$salt$h", "$gy$j9T$" },
	{ "$2b$12$", "$2b$12$" },			/* a kind is its own */
	{ "$6$", "$6$" },
	{ "$2b$1$aaaa", "" },				/* one digit */
	{ "$2b$ab$aaaa", "" },
	{ "$2b$12", "" },
	{ "$6$rounds=$salt$h", "" },
	{ "$6$rounds=12x$salt$h", "" },
	{ "$6$rounds=656000", "" },
	{ "$y$", "" },
	{ "$y$$salt$h", "" },
	{ "$y$j9T", "" },
	{ "$1$abc$abcdefghijklmnopqrstuv", "" },	/* md5: refused */
	{ "$7$CU..../....salt$h", "" },
	{ "abcdefghijklm", "" },			/* DES */
	{ "", "" },
};

START_TEST(kind_of)
{
	char	 k[PASSWD_KIND_MAX];
	int	 want = kinds[_i].kind[0] != '\0';

	memset(k, 'x', sizeof(k));
	ck_assert_int_eq(passwd_kind(kinds[_i].hash, k, sizeof(k)), want);
	ck_assert_str_eq(k, kinds[_i].kind);
}
END_TEST

START_TEST(kind_limits)
{
	char	 k[PASSWD_KIND_MAX], big[PASSWD_KIND_MAX + 16];

	ck_assert_int_eq(passwd_kind(NULL, k, sizeof(k)), 0);
	ck_assert_str_eq(k, "");
	ck_assert_int_eq(passwd_kind("$2b$12$", NULL, 0), 0);
	/* no room for the kind and its NUL */
	ck_assert_int_eq(passwd_kind("$2b$12$x", k, 7), 0);
	ck_assert_str_eq(k, "");
	ck_assert_int_eq(passwd_kind("$2b$12$x", k, 8), 1);
	/* parameters longer than a kind may be */
	memset(big, 'j', sizeof(big));
	memcpy(big, "$y$", 3);
	big[sizeof(big) - 2] = '$';
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(passwd_kind(big, k, sizeof(k)), 0);
}
END_TEST

/* A dummy is of its kind, with a fresh salt, and verifies no password
 * we know. */
START_TEST(kind_dummy)
{
	static const char *const ks[] = { "$2b$04$", "$2y$05$", "$2a$04$",
	    "$6$rounds=1000$", "$6$", "$5$rounds=1000$", "$y$j75$",
	    "$y$j9T$" };
	char	 a[PASSWD_HASH_MAX], b[PASSWD_HASH_MAX], k[PASSWD_KIND_MAX];
	size_t	 i;

	for (i = 0; i < NELEM(ks); i++) {
		ck_assert_msg(passwd_kind_dummy(ks[i], a, sizeof(a)) == 0,
		    "%s", ks[i]);
		ck_assert_int_eq(passwd_kind_dummy(ks[i], b, sizeof(b)), 0);
		ck_assert_int_eq(passwd_kind(a, k, sizeof(k)), 1);
		ck_assert_str_eq(k, ks[i]);
		ck_assert_str_ne(a, b);
		ck_assert_int_eq(passwd_verify("", a), 0);
	}
	ck_assert_int_eq(passwd_kind_dummy("$2b$12$salt", a, sizeof(a)), -1);
	ck_assert_str_eq(a, "");
	ck_assert_int_eq(passwd_kind_dummy("$1$", a, sizeof(a)), -1);
	ck_assert_int_eq(passwd_kind_dummy(NULL, a, sizeof(a)), -1);
	ck_assert_int_eq(passwd_kind_dummy("$2b$04$", a, 20), -1);
}
END_TEST

/* The account's own hash answers; dummies and unknown accounts fail. */
START_TEST(verify_kinds)
{
	char		 y[PASSWD_HASH_MAX], bc[PASSWD_HASH_MAX];
	char		 sha[PASSWD_HASH_MAX], other[PASSWD_HASH_MAX];
	const char	*d[2];

	ck_assert_int_eq(passwd_verify_kinds("pw", NULL, NULL, 0), -1);
	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_eq(passwd_hash("pw", y, sizeof(y)), 0);
	ck_assert_int_eq(passwd_kind_dummy("$2b$04$", bc, sizeof(bc)), 0);
	ck_assert_int_eq(passwd_kind_dummy("$6$rounds=1000$", sha,
	    sizeof(sha)), 0);
	d[0] = bc;
	d[1] = sha;
	ck_assert_int_eq(passwd_verify_kinds("pw", y, d, 2), 1);
	ck_assert_int_eq(passwd_verify_kinds("wrong", y, d, 2), 0);
	ck_assert_int_eq(passwd_verify_kinds("pw", NULL, d, 2), 0);
	ck_assert_int_eq(passwd_verify_kinds(NULL, NULL, d, 0), 0);
	ck_assert_int_eq(passwd_verify_kinds("pw", "$1$x$y", d, 2), -1);
	/* legacy kinds: their own slot, or on top when not listed */
	ck_assert_int_eq(passwd_verify_kinds(PHP_PW, PHP_HASH, d, 2), 1);
	ck_assert_int_eq(passwd_verify_kinds("x", PHP_HASH, d, 2), 0);
	ck_assert_int_eq(passwd_kind_dummy("$2y$10$", other, sizeof(other)),
	    0);
	d[0] = other;
	ck_assert_int_eq(passwd_verify_kinds(PHP_PW, PHP_HASH, d, 2), 1);
	ck_assert_int_eq(passwd_verify_kinds("x", PHP_HASH, d, 2), 0);
}
END_TEST

/* Every kind costs its hash: an unknown account takes as long as an
 * account of the slowest kind, and much longer than the configured
 * kind alone. */
START_TEST(verify_kinds_timing)
{
	static struct crypt_data cd;
	char		 slow[PASSWD_HASH_MAX];
	const char	*d[1], *bc;
	double		 t0, alone, unknown, legacy;

	ck_assert_int_eq(passwd_init("yescrypt", 1), 0);
	ck_assert_int_eq(passwd_kind_dummy("$2b$10$", slow, sizeof(slow)), 0);
	/* an account's hash of that kind */
	ck_assert_ptr_nonnull((bc = crypt_rn("pw", slow, &cd, sizeof(cd))));
	d[0] = slow;
	t0 = now();
	(void)passwd_verify_kinds("x", NULL, NULL, 0);
	alone = now() - t0;
	t0 = now();
	(void)passwd_verify_kinds("x", NULL, d, 1);
	unknown = now() - t0;
	t0 = now();
	ck_assert_int_eq(passwd_verify_kinds("x", bc, d, 1), 0);
	legacy = now() - t0;
	ck_assert_msg(unknown > legacy / 2 && legacy > unknown / 2 &&
	    unknown > alone * 2, "alone %f s, unknown %f s, legacy %f s",
	    alone, unknown, legacy);
}
END_TEST

static Suite *
passwd_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("passwd");

	tc = tcase_create("init");
	tcase_add_test(tc, not_initialised);	/* first, for CK_FORK=no */
	tcase_add_test(tc, init_rejects);
	tcase_add_test(tc, init_clamps_rounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("hash");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, hash_verify, 0, NELEM(methods));
	tcase_add_test(tc, hash_utf8_and_empty);
	tcase_add_test(tc, hash_small_buffer);
	tcase_add_loop_test(tc, password_too_long, 0, NELEM(methods));
	tcase_add_test(tc, long_passwords);
	tcase_add_test(tc, bcrypt_72_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("verify");
	tcase_add_loop_test(tc, known_vectors, 0, NELEM(vectors));
	tcase_add_test(tc, php_bcrypt_rehash);
	tcase_add_loop_test(tc, bad_hash, 0, NELEM(bad_hashes));
	tcase_add_test(tc, unknown_hash_is_error);
	tcase_add_test(tc, hash_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("rehash");
	tcase_add_test(tc, rehash_yescrypt);
	tcase_add_test(tc, rehash_bcrypt);
	tcase_add_test(tc, rehash_sha512crypt);
	tcase_add_test(tc, rehash_lower_cost);
	tcase_add_test(tc, bcrypt_default_cost);
	suite_add_tcase(s, tc);

	tc = tcase_create("dummy");
	tcase_add_test(tc, dummy_verify);
	tcase_add_test(tc, dummy_verify_timing);
	suite_add_tcase(s, tc);

	tc = tcase_create("kinds");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, kind_of, 0, NELEM(kinds));
	tcase_add_test(tc, kind_limits);
	tcase_add_test(tc, kind_dummy);
	tcase_add_test(tc, verify_kinds);
	tcase_add_test(tc, verify_kinds_timing);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return unit_main("check_passwd", passwd_suite, 0);
}
