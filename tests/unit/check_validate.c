/*
 * check_validate: unit tests for common/account/validate.c, table-driven: one
 * row per input with the message expected (NULL = accepted).  Links
 * common/reply.c for input_string's field errors.
 */
#include <check.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "passwd.h"
#include "input.h"
#include "reply.h"
#include "unit.h"
#include "validate.h"


#define EMAIL_BAD	"Email format invalid"
#define EMAIL_LONG	"Email is too long"
#define EMAIL_PERCENT	"Email must not contain '%'"
#define USER_LEN	"Username must be 3 to 32 characters"
#define USER_CHARS	"Username may only contain letters, digits, '_', " \
			    "'.' and '-'"
#define USER_RESERVED	"Username is not allowed"
#define PW_SHORT	"Password must be at least 8 characters"
#define PW_LONG		"Password is too long"
#define PW_COMMON	"Password is too common"
#define PW_SAME		"Password must not be the same as your email or " \
			    "username"
#define PW_UTF8		"Password must be valid UTF-8"
#define PHONE_CHARS	"Phone may only contain digits, spaces, dashes, " \
			    "parentheses and a leading '+'"
#define PHONE_DIGITS	"Phone must have 7 to 15 digits"
#define PHONE_LONG	"Phone is too long"
#define BDAY_BAD	"Birthday must be a real past date (YYYY-MM-DD)"
#define URL_BAD		"Must be an http or https URL"
#define URL_SPACE	"Must not contain spaces or control characters"
#define URL_LONG	"Too long (at most 2048 bytes)"
#define TEXT_UTF8	"Must be valid UTF-8"
#define TEXT_CONTROL	"Must not contain control characters"

/* Whether message "got" is "want" (both may be NULL). */
static void
check_msg(const char *what, const char *in, const char *got,
    const char *want)
{
	ck_assert_msg((got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0),
	    "%s(\"%s\"): got \"%s\", want \"%s\"", what,
	    in != NULL ? in : "(null)", got != NULL ? got : "(null)",
	    want != NULL ? want : "(null)");
}

/* A new string of "len" copies of "c" between "pre" and "post". */
static char *
repeat(const char *pre, char c, size_t len, const char *post)
{
	char	*s;
	size_t	 plen = strlen(pre);

	s = malloc(plen + len + strlen(post) + 1);
	ck_assert_ptr_nonnull(s);
	memcpy(s, pre, plen);
	memset(s + plen, c, len);
	strcpy(s + plen + len, post);
	return s;
}

/* -------------------------------------------------------------- email */

struct email_case {
	const char	*in;
	const char	*want;		/* message, NULL = good */
	const char	*norm;		/* when good */
};

static const struct email_case email_cases[] = {
	{ "user@example.com", NULL, "user@example.com" },
	{ "John.Doe@Example.COM", NULL, "john.doe@example.com" },
	{ "user+tag@example.co.uk", NULL, "user+tag@example.co.uk" },
	{ "a@b.co", NULL, "a@b.co" },
	{ "o'brien@example.ie", NULL, "o'brien@example.ie" },
	{ "first_last%x=y@sub.example.org", NULL,
	    "first_last%x=y@sub.example.org" },
	{ "1234@example.com", NULL, "1234@example.com" },
	{ "x@xn--bcher-kva.example", NULL, "x@xn--bcher-kva.example" },
	{ "u@a-b.example.com", NULL, "u@a-b.example.com" },
	{ "u-@1example.com", NULL, "u-@1example.com" },
	{ "USER@EXAMPLE.COM", NULL, "user@example.com" },
	{ "", EMAIL_BAD, NULL },
	{ "plainaddress", EMAIL_BAD, NULL },
	{ "@example.com", EMAIL_BAD, NULL },
	{ "user@", EMAIL_BAD, NULL },
	{ "user@@example.com", EMAIL_BAD, NULL },
	{ "a@b@example.com", EMAIL_BAD, NULL },
	{ "user@localhost", EMAIL_BAD, NULL },
	{ "user@example..com", EMAIL_BAD, NULL },
	{ "user@.example.com", EMAIL_BAD, NULL },
	{ "user@example.com.", EMAIL_BAD, NULL },
	{ ".user@example.com", EMAIL_BAD, NULL },
	{ "user.@example.com", EMAIL_BAD, NULL },
	{ "us..er@example.com", EMAIL_BAD, NULL },
	{ "user name@example.com", EMAIL_BAD, NULL },
	{ " user@example.com", EMAIL_BAD, NULL },
	{ "user@example.com ", EMAIL_BAD, NULL },
	{ "user@exam ple.com", EMAIL_BAD, NULL },
	{ "user@-example.com", EMAIL_BAD, NULL },
	{ "user@example-.com", EMAIL_BAD, NULL },
	{ "user@exa_mple.com", EMAIL_BAD, NULL },
	{ "user@123.456", EMAIL_BAD, NULL },
	{ "us\ter@example.com", EMAIL_BAD, NULL },
	{ "user@example.com\n", EMAIL_BAD, NULL },
	{ "user@example.com\r\nBcc: x@evil.example", EMAIL_BAD, NULL },
	{ "\"quoted\"@example.com", EMAIL_BAD, NULL },
	{ "\xc3\xbcser@example.com", EMAIL_BAD, NULL },
	{ "user@b\xc3\xbc" "cher.de", EMAIL_BAD, NULL },
	{ "-oQ/tmp@example.com", EMAIL_BAD, NULL },
	{ "user(comment)@example.com", EMAIL_BAD, NULL },
	{ "user@[127.0.0.1]", EMAIL_BAD, NULL },
	{ "<user>@example.com", EMAIL_BAD, NULL },
	{ "user;rm@example.com", EMAIL_BAD, NULL },
	{ "user@example.c\x7fm", EMAIL_BAD, NULL },
	{ "victim@example.com,attacker@evil.example", EMAIL_BAD, NULL },
};

START_TEST(email_table)
{
	const struct email_case *c = &email_cases[_i];
	char		 norm[EMAIL_MAX + 1];
	const char	*msg;

	memset(norm, 'x', sizeof(norm));
	msg = validate_email(c->in, norm, sizeof(norm));
	check_msg("validate_email", c->in, msg, c->want);
	if (c->want == NULL)
		ck_assert_str_eq(norm, c->norm);
	else
		ck_assert_str_eq(norm, "");
	/* without a buffer: the same verdict */
	check_msg("validate_email", c->in, validate_email(c->in, NULL, 0),
	    c->want);
}
END_TEST

START_TEST(email_lengths)
{
	char	 norm[EMAIL_MAX + 1];
	char	*s;

	/* local part: 64 bytes good, 65 too long */
	s = repeat("", 'a', 64, "@example.com");
	check_msg("validate_email", s, validate_email(s, norm, sizeof(norm)),
	    NULL);
	free(s);
	s = repeat("", 'a', 65, "@example.com");
	check_msg("validate_email", s, validate_email(s, norm, sizeof(norm)),
	    EMAIL_LONG);
	free(s);
	/* whole address: 254 bytes good, 255 too long (labels of 60) */
	s = repeat("", 'b', 60, ".");
	{
		char	 addr[300];

		snprintf(addr, sizeof(addr), "%s@%s%s%s%.*s.com",
		    "abcdefghij", s, s, s, 254 - 10 - 1 - 183 - 4, s);
		ck_assert_uint_eq(strlen(addr), 254);
		check_msg("validate_email", addr,
		    validate_email(addr, norm, sizeof(norm)), NULL);
		ck_assert_str_eq(norm, addr);
		snprintf(addr, sizeof(addr), "%s@%s%s%s%.*s.com",
		    "abcdefghijk", s, s, s, 254 - 10 - 1 - 183 - 4, s);
		check_msg("validate_email", addr,
		    validate_email(addr, norm, sizeof(norm)), EMAIL_LONG);
		/* too small a buffer for the normal form */
		check_msg("validate_email", "a@b.co",
		    validate_email("a@b.co", norm, 6), EMAIL_LONG);
		check_msg("validate_email", "a@b.co",
		    validate_email("a@b.co", norm, 7), NULL);
	}
	free(s);
	/* a DNS label of 64 bytes */
	s = repeat("a@", 'c', 64, ".com");
	check_msg("validate_email", s, validate_email(s, norm, sizeof(norm)),
	    EMAIL_BAD);
	free(s);
	check_msg("validate_email", NULL, validate_email(NULL, norm,
	    sizeof(norm)), EMAIL_BAD);
}
END_TEST

/*
 * Addresses to store: the percent relay hack ("a%b@x.com" routed on to
 * b by old relays) is refused unless allowed; everything else as
 * validate_email, which lookups keep using so that an address stored
 * before still finds its account.
 */
START_TEST(email_new)
{
	char	 norm[EMAIL_MAX + 1];

	check_msg("validate_email_new", "a%b@x.com",
	    validate_email_new("a%b@x.com", 0, norm, sizeof(norm)),
	    EMAIL_PERCENT);
	ck_assert_str_eq(norm, "");
	check_msg("validate_email_new", "first_last%x=y@sub.example.org",
	    validate_email_new("first_last%x=y@sub.example.org", 0, NULL, 0),
	    EMAIL_PERCENT);
	check_msg("validate_email_new", "A%B@X.com",
	    validate_email_new("A%B@X.com", 1, norm, sizeof(norm)), NULL);
	ck_assert_str_eq(norm, "a%b@x.com");
	check_msg("validate_email_new", "User@Example.com",
	    validate_email_new("User@Example.com", 0, norm, sizeof(norm)),
	    NULL);
	ck_assert_str_eq(norm, "user@example.com");
	check_msg("validate_email_new", "a%b@x", validate_email_new("a%b@x",
	    1, norm, sizeof(norm)), EMAIL_BAD);
	check_msg("validate_email_new", "plainaddress",
	    validate_email_new("plainaddress", 0, norm, sizeof(norm)),
	    EMAIL_BAD);
	check_msg("validate_email_new", NULL, validate_email_new(NULL, 0,
	    norm, sizeof(norm)), EMAIL_BAD);
	/* a lookup still accepts it */
	check_msg("validate_email", "a%b@x.com", validate_email("a%b@x.com",
	    norm, sizeof(norm)), NULL);
}
END_TEST

/* ----------------------------------------------------------- username */

struct username_case {
	const char	*in;
	const char	*reserved;
	const char	*want;
};

static const struct username_case username_cases[] = {
	{ "john", NULL, NULL },
	{ "JohnDoe", NULL, NULL },
	{ "john_doe", NULL, NULL },
	{ "john.doe", NULL, NULL },
	{ "john-doe", NULL, NULL },
	{ "abc", NULL, NULL },
	{ "a1_", NULL, NULL },
	{ "admin1", NULL, NULL },
	{ "administrators", NULL, NULL },
	{ "abcdefghijklmnopqrstuvwxyz012345", NULL, NULL },
	{ "ab", NULL, USER_LEN },
	{ "", NULL, USER_LEN },
	{ NULL, NULL, USER_LEN },
	{ "abcdefghijklmnopqrstuvwxyz0123456", NULL, USER_LEN },
	{ "john doe", NULL, USER_CHARS },
	{ "john@doe", NULL, USER_CHARS },
	{ "j\xc3\xb6hn", NULL, USER_CHARS },
	{ "john!", NULL, USER_CHARS },
	{ "john/doe", NULL, USER_CHARS },
	{ "\x01" "abc", NULL, USER_CHARS },
	{ "admin", NULL, USER_RESERVED },
	{ "ADMIN", NULL, USER_RESERVED },
	{ "Root", NULL, USER_RESERVED },
	{ "no-reply", NULL, USER_RESERVED },
	{ "fcauth", NULL, USER_RESERVED },
	{ "user", NULL, USER_RESERVED },
	{ "self", NULL, USER_RESERVED },
	{ "Anonymous", NULL, USER_RESERVED },
	{ "postmaster", NULL, USER_RESERVED },
	/* reserved names compare without case and the separators _ . - */
	{ "admin.", NULL, USER_RESERVED },
	{ "Admin_", NULL, USER_RESERVED },
	{ "root_", NULL, USER_RESERVED },
	{ "_root_", NULL, USER_RESERVED },
	{ "ad.min", NULL, USER_RESERVED },
	{ "a-d-m-i-n", NULL, USER_RESERVED },
	{ "No_Reply", NULL, USER_RESERVED },
	{ "noreply.", NULL, USER_RESERVED },
	{ "web.master", NULL, USER_RESERVED },
	{ "admin_1", NULL, NULL },
	{ "ro.ot.s", NULL, NULL },
	{ "___", NULL, NULL },
	/* a configured list replaces the built-in one */
	{ "foo", "foo, bar ,Baz", USER_RESERVED },
	{ "BAR", "foo, bar ,Baz", USER_RESERVED },
	{ "baz", "foo, bar ,Baz", USER_RESERVED },
	{ "admin", "foo, bar ,Baz", NULL },
	{ "fo", "foo, bar ,Baz", USER_LEN },
	{ "fooo", "foo, bar ,Baz", NULL },
	{ "bar", ",,bar,", USER_RESERVED },
	{ "admin", "", NULL },
	{ "root", " ", NULL },
	{ "Ba.z_", "foo, bar ,Baz", USER_RESERVED },
	{ "f-o-o", "foo, bar ,Baz", USER_RESERVED },
	{ "jane_doe", "Jane.Doe", USER_RESERVED },
	{ "janedoe", "jane-doe", USER_RESERVED },
	{ "jane", "jane-doe", NULL },
};

START_TEST(username_table)
{
	const struct username_case *c = &username_cases[_i];

	check_msg("validate_username", c->in,
	    validate_username(c->in, c->reserved), c->want);
}
END_TEST

/* ----------------------------------------------------------- password */

struct password_case {
	const char	*pw;
	unsigned	 minlen;
	const char	*email;
	const char	*username;
	const char	*want;
};

static const struct password_case password_cases[] = {
	{ "correct horse battery", 8, NULL, NULL, NULL },
	{ "Tr0ub4dor&3", 8, NULL, NULL, NULL },
	{ "        ", 8, NULL, NULL, NULL },
	{ "tab\tinside", 8, NULL, NULL, NULL },
	{ "\xc3\xbcn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9x", 8, NULL, NULL, NULL },
	{ "\xc3\xbcn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", 8, NULL, NULL,
	    PW_SHORT },
	{ "short", 8, NULL, NULL, PW_SHORT },
	{ "1234567", 8, NULL, NULL, PW_SHORT },
	{ "", 8, NULL, NULL, PW_SHORT },
	{ "1234567", 0, NULL, NULL, PW_SHORT },
	{ "elevenchars", 12, NULL, NULL,
	    "Password must be at least 12 characters" },
	{ "twelve chars", 12, NULL, NULL, NULL },
	{ "abc", 3, NULL, NULL, NULL },
	{ NULL, 8, NULL, NULL, "Password is required" },
	{ "password", 8, NULL, NULL, PW_COMMON },
	{ "PASSWORD", 8, NULL, NULL, PW_COMMON },
	{ "Password1", 8, NULL, NULL, PW_COMMON },
	{ "iloveyou1", 8, NULL, NULL, PW_COMMON },
	{ "QwertyUiop", 8, NULL, NULL, PW_COMMON },
	{ "12345678", 8, NULL, NULL, PW_COMMON },
	{ "123456789", 8, NULL, NULL, PW_COMMON },
	{ "!qaz2wsx", 8, NULL, NULL, PW_COMMON },
	{ "zzzzzzzz", 8, NULL, NULL, PW_COMMON },
	{ "p@ssw0rd", 8, NULL, NULL, PW_COMMON },
	{ "letmein123", 8, NULL, NULL, PW_COMMON },
	{ "football", 8, NULL, NULL, PW_COMMON },
	{ "trustno1", 8, NULL, NULL, PW_COMMON },
	{ "password0", 8, NULL, NULL, NULL },
	{ "john@example.com", 8, "John@Example.com", "johndoe", PW_SAME },
	{ "JohnDoe1984", 8, "jd@example.com", "johndoe1984", PW_SAME },
	{ "johndoe1984!", 8, "jd@example.com", "johndoe1984", NULL },
	{ "johndoe", 3, NULL, "johndoe", PW_SAME },
	{ "abcdefgh\xff", 8, NULL, NULL, PW_UTF8 },
	{ "abcdefgh\xc0\xaf", 8, NULL, NULL, PW_UTF8 },
	{ "abcdefgh\xed\xa0\x80", 8, NULL, NULL, PW_UTF8 },
	{ "abcdefgh\xe2\x82", 8, NULL, NULL, PW_UTF8 },
};

START_TEST(password_table)
{
	const struct password_case *c = &password_cases[_i];

	check_msg("validate_password", c->pw, validate_password(c->pw,
	    c->minlen, c->email, c->username), c->want);
}
END_TEST

START_TEST(password_lengths)
{
	char	*pw;

	pw = repeat("", 'x', PASSWD_MAX, "");
	check_msg("validate_password", "1024 x", validate_password(pw, 8,
	    NULL, NULL), NULL);
	free(pw);
	pw = repeat("", 'x', PASSWD_MAX + 1, "");
	check_msg("validate_password", "1025 x", validate_password(pw, 8,
	    NULL, NULL), PW_LONG);
	free(pw);
	/* 400 code points of 3 bytes: 1200 bytes is too long */
	pw = malloc(1201);
	ck_assert_ptr_nonnull(pw);
	for (size_t i = 0; i < 400; i++)
		memcpy(pw + 3 * i, "\xe2\x82\xac", 3);
	pw[1200] = '\0';
	check_msg("validate_password", "400 euro", validate_password(pw, 8,
	    NULL, NULL), PW_LONG);
	free(pw);
}
END_TEST

/* Write "text" to a new temporary file; its name into "path". */
static void
temp_file(char *path, size_t pathsz, const char *text)
{
	FILE	*f;
	int	 fd;

	snprintf(path, pathsz, "/tmp/check_validate.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(load_common)
{
	char	 path[64];

	ck_assert_int_eq(validate_load_common("/nonexistent/common.txt"),
	    -1);
	ck_assert_int_eq(validate_load_common(NULL), -1);
	/* the built-in list is still in use */
	check_msg("validate_password", "password",
	    validate_password("password", 8, NULL, NULL), PW_COMMON);

	temp_file(path, sizeof(path),
	    "Zebra-Crossing\r\n\n\nhunter2hunter2\n aaa bbb \nmonkey12");
	ck_assert_int_eq(validate_load_common(path), 0);
	unlink(path);
	check_msg("validate_password", "hunter2hunter2",
	    validate_password("hunter2hunter2", 8, NULL, NULL), PW_COMMON);
	check_msg("validate_password", "zebra-crossing",
	    validate_password("zebra-crossing", 8, NULL, NULL), PW_COMMON);
	check_msg("validate_password", "MONKEY12",
	    validate_password("MONKEY12", 8, NULL, NULL), PW_COMMON);
	check_msg("validate_password", " aaa bbb ",
	    validate_password(" aaa bbb ", 8, NULL, NULL), PW_COMMON);
	check_msg("validate_password", "aaa bbb",
	    validate_password("aaa bbbb", 8, NULL, NULL), NULL);
	/* replaced, not added to */
	check_msg("validate_password", "password",
	    validate_password("password", 8, NULL, NULL), NULL);

	/* a second load replaces the first; an empty file empties */
	temp_file(path, sizeof(path), "");
	ck_assert_int_eq(validate_load_common(path), 0);
	unlink(path);
	check_msg("validate_password", "hunter2hunter2",
	    validate_password("hunter2hunter2", 8, NULL, NULL), NULL);
}
END_TEST

/* -------------------------------------------------------------- phone */

struct phone_case {
	const char	*in;
	const char	*want;
};

static const struct phone_case phone_cases[] = {
	{ "+998 90 000 00 00", NULL },
	{ "(555) 123-4567", NULL },
	{ "5551234", NULL },
	{ "+1-555-123-4567", NULL },
	{ "123456789012345", NULL },
	{ "+44 (20) 7946 0958", NULL },
	{ "+49 30 12345678", NULL },
	{ "123456", PHONE_DIGITS },
	{ "1234567890123456", PHONE_DIGITS },
	{ "", PHONE_DIGITS },
	{ "+", PHONE_DIGITS },
	{ "() - ()", PHONE_DIGITS },
	{ NULL, PHONE_DIGITS },
	{ "555-CALL-NOW", PHONE_CHARS },
	{ "++1 555 1234567", PHONE_CHARS },
	{ "1+5551234567", PHONE_CHARS },
	{ " +15551234567", PHONE_CHARS },
	{ "(555 1234567", PHONE_CHARS },
	{ "555) 1234567", PHONE_CHARS },
	{ "((555)) 1234567", PHONE_CHARS },
	{ "+1.555.123.4567", PHONE_CHARS },
	{ "555\t1234567", PHONE_CHARS },
	{ "5551234567 ext 1", PHONE_CHARS },
	{ "\xef\xbc\x95\xef\xbc\x95\xef\xbc\x95" "1234567", PHONE_CHARS },
	{ "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7", PHONE_LONG },
};

START_TEST(phone_table)
{
	const struct phone_case *c = &phone_cases[_i];

	check_msg("validate_phone", c->in, validate_phone(c->in), c->want);
}
END_TEST

/* ----------------------------------------------------------- birthday */

struct birthday_case {
	const char	*in;
	const char	*out;		/* NULL = refused */
};

static const struct birthday_case birthday_cases[] = {
	{ "1996-01-10", "1996-01-10" },
	{ "10.01.1996", "1996-01-10" },
	{ "2000-02-29", "2000-02-29" },		/* divisible by 400 */
	{ "29.02.2004", "2004-02-29" },
	{ "2024-02-29", "2024-02-29" },
	{ "1900-01-01", "1900-01-01" },
	{ "31.12.1999", "1999-12-31" },
	{ "2001-04-30", "2001-04-30" },
	{ "1900-02-29", NULL },			/* divisible by 100 */
	{ "2023-02-29", NULL },
	{ "29.02.2023", NULL },
	{ "2100-02-29", NULL },
	{ "1899-12-31", NULL },
	{ "31.12.1899", NULL },
	{ "2023-13-01", NULL },
	{ "01.13.1996", NULL },
	{ "2023-00-10", NULL },
	{ "2023-04-31", NULL },
	{ "31.04.2023", NULL },
	{ "2023-01-00", NULL },
	{ "2023-01-32", NULL },
	{ "2023-1-10", NULL },
	{ "10.1.1996", NULL },
	{ "1996/01/10", NULL },
	{ "1996.01.10", NULL },
	{ "10-01-1996", NULL },
	{ "96-01-10", NULL },
	{ "1996-01-10T00:00", NULL },
	{ " 1996-01-10", NULL },
	{ "1996-01-10 ", NULL },
	{ "+996-01-10", NULL },
	{ "abcd-ef-gh", NULL },
	{ "9999-12-31", NULL },
	{ "", NULL },
	{ NULL, NULL },
};

START_TEST(birthday_table)
{
	const struct birthday_case *c = &birthday_cases[_i];
	char	 out[11];

	memset(out, 'x', sizeof(out));
	check_msg("validate_birthday", c->in, validate_birthday(c->in, out,
	    sizeof(out)), c->out == NULL ? BDAY_BAD : NULL);
	ck_assert_str_eq(out, c->out == NULL ? "" : c->out);
}
END_TEST

/* "YYYY-MM-DD" and "DD.MM.YYYY" for now + "days" days, UTC. */
static void
utc_date(int days, char *iso, char *dotted)
{
	time_t		 t;
	struct tm	*tm;

	t = time(NULL) + (time_t)days * 86400;
	tm = gmtime(&t);
	ck_assert_ptr_nonnull(tm);
	strftime(iso, 11, "%Y-%m-%d", tm);
	strftime(dotted, 11, "%d.%m.%Y", tm);
}

START_TEST(birthday_today_and_future)
{
	char	 iso[11], dotted[11], out[11];

	utc_date(0, iso, dotted);
	check_msg("validate_birthday", iso, validate_birthday(iso, out,
	    sizeof(out)), NULL);
	ck_assert_str_eq(out, iso);
	utc_date(-1, iso, dotted);
	check_msg("validate_birthday", dotted, validate_birthday(dotted, out,
	    sizeof(out)), NULL);
	ck_assert_str_eq(out, iso);
	utc_date(2, iso, dotted);
	check_msg("validate_birthday", iso, validate_birthday(iso, out,
	    sizeof(out)), BDAY_BAD);
	check_msg("validate_birthday", dotted, validate_birthday(dotted, out,
	    sizeof(out)), BDAY_BAD);
	utc_date(400, iso, dotted);
	check_msg("validate_birthday", iso, validate_birthday(iso, out,
	    sizeof(out)), BDAY_BAD);
	/* too small a buffer */
	check_msg("validate_birthday", "1996-01-10",
	    validate_birthday("1996-01-10", out, 10), BDAY_BAD);
	check_msg("validate_birthday", "1996-01-10",
	    validate_birthday("1996-01-10", NULL, 0), BDAY_BAD);
}
END_TEST

/* Against a given clock: today is the last good day, whatever its hour. */
START_TEST(birthday_at)
{
	const time_t	 mar1 = 951868800;	/* 2000-03-01 00:00:00 UTC */
	const time_t	 feb28 = 951782399;	/* 2000-02-28 23:59:59 UTC */
	char		 out[11];

	check_msg("validate_birthday_at", "2000-03-01",
	    validate_birthday_at("2000-03-01", mar1, out, sizeof(out)), NULL);
	ck_assert_str_eq(out, "2000-03-01");
	check_msg("validate_birthday_at", "29.02.2000",
	    validate_birthday_at("29.02.2000", mar1, out, sizeof(out)), NULL);
	ck_assert_str_eq(out, "2000-02-29");
	check_msg("validate_birthday_at", "2000-03-02",
	    validate_birthday_at("2000-03-02", mar1 + 86399, out,
	    sizeof(out)), BDAY_BAD);
	check_msg("validate_birthday_at", "2000-02-29",
	    validate_birthday_at("2000-02-29", feb28, out, sizeof(out)),
	    BDAY_BAD);
	check_msg("validate_birthday_at", "2000-02-28",
	    validate_birthday_at("2000-02-28", feb28, out, sizeof(out)), NULL);
}
END_TEST

/* ---------------------------------------------------------------- url */

struct url_case {
	const char	*in;
	const char	*want;
};

static const struct url_case url_cases[] = {
	{ "https://example.com", NULL },
	{ "http://example.com/path?q=1&r=2#frag", NULL },
	{ "HTTPS://EXAMPLE.COM/A.PNG", NULL },
	{ "https://sub.example.co.uk:8443/x", NULL },
	{ "http://localhost:8080/", NULL },
	{ "https://[::1]/x", NULL },
	{ "https://[2001:db8::1]:443/", NULL },
	{ "https://192.168.0.1/img.png", NULL },
	{ "https://example.com/caf\xc3\xa9.png", NULL },
	{ "https://example.com?x", NULL },
	{ "https://example.com#top", NULL },
	{ "https://example.com:65535", NULL },
	{ "ftp://example.com/", URL_BAD },
	{ "javascript:alert(1)", URL_BAD },
	{ "data:image/png;base64,AAAA", URL_BAD },
	{ "//example.com/x.png", URL_BAD },
	{ "example.com", URL_BAD },
	{ "https://", URL_BAD },
	{ "https:///path", URL_BAD },
	{ "http:/example.com", URL_BAD },
	{ "https:example.com", URL_BAD },
	{ "https://user:pw@example.com/", URL_BAD },
	{ "https://good.example@evil.example/", URL_BAD },
	{ "https://example.com:0/", URL_BAD },
	{ "https://example.com:65536/", URL_BAD },
	{ "https://example.com:/", URL_BAD },
	{ "https://example.com:80a/", URL_BAD },
	{ "https://-example.com/", URL_BAD },
	{ "https://exa_mple.com/", URL_BAD },
	{ "https://example..com/", URL_BAD },
	{ "https://example.com\\@evil.example/", URL_BAD },
	{ "https://[::1/", URL_BAD },
	{ "https://[]/", URL_BAD },
	{ "https://[::1]x/", URL_BAD },
	{ "https://b\xc3\xbc" "cher.de/", URL_BAD },
	{ "", URL_BAD },
	{ NULL, URL_BAD },
	{ "https://exa mple.com", URL_SPACE },
	{ "https://example.com/a b", URL_SPACE },
	{ " https://example.com/", URL_SPACE },
	{ "https://example.com/\n", URL_SPACE },
	{ "https://example.com/\t", URL_SPACE },
	{ "https://example.com/\x7f", URL_SPACE },
	{ "https://example.com/\xc2\xa0", URL_SPACE },
	{ "https://example.com/\xff", TEXT_UTF8 },
	{ "https://example.com/\xc0\xaf", TEXT_UTF8 },
};

START_TEST(url_table)
{
	const struct url_case *c = &url_cases[_i];

	check_msg("validate_url", c->in, validate_url(c->in), c->want);
}
END_TEST

START_TEST(url_length)
{
	char	*s;

	s = repeat("https://example.com/", 'a', URL_MAX - 20, "");
	ck_assert_uint_eq(strlen(s), URL_MAX);
	check_msg("validate_url", "2048 bytes", validate_url(s), NULL);
	free(s);
	s = repeat("https://example.com/", 'a', URL_MAX - 19, "");
	check_msg("validate_url", "2049 bytes", validate_url(s), URL_LONG);
	free(s);
}
END_TEST

/* --------------------------------------------------------------- text */

struct text_case {
	const char	*in;
	size_t		 max;
	int		 multiline;
	const char	*want;
};

static const struct text_case text_cases[] = {
	{ "John Doe", 100, 0, NULL },
	{ "", 100, 0, NULL },
	{ "", 0, 0, NULL },
	{ NULL, 10, 0, NULL },
	{ "h\xc3\xa9llo w\xc3\xb6rld", 11, 0, NULL },
	{ "h\xc3\xa9llo w\xc3\xb6rld", 10, 0,
	    "Too long (at most 10 characters)" },
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3, 0, NULL },
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 2, 0,
	    "Too long (at most 2 characters)" },
	{ "\xf0\x9f\x98\x80", 1, 0, NULL },		/* U+1F600 */
	{ "\xf4\x8f\xbf\xbf", 1, 0, NULL },		/* U+10FFFF */
	{ "\xef\xbf\xbd", 1, 0, NULL },			/* U+FFFD */
	{ "a\nb", 10, 0, TEXT_CONTROL },
	{ "a\nb", 10, 1, NULL },
	{ "a\r\nb", 10, 1, NULL },
	{ "a\tb", 10, 0, TEXT_CONTROL },
	{ "a\tb", 10, 1, NULL },
	{ "a\x01" "b", 10, 1, TEXT_CONTROL },
	{ "a\x1b[31mb", 10, 1, TEXT_CONTROL },
	{ "\x7f", 10, 1, TEXT_CONTROL },
	{ "\xc2\x85", 10, 1, TEXT_CONTROL },		/* U+0085 NEL */
	{ "\xc2\x9f", 10, 0, TEXT_CONTROL },		/* U+009F */
	{ "\xc2\xa0", 10, 0, NULL },			/* U+00A0 */
	/* bidi embeddings, overrides and isolates; line separators */
	{ "Ann\xe2\x80\xaegnp.exe", 20, 0, TEXT_CONTROL },	/* U+202E */
	{ "\xe2\x80\xaa" "a", 10, 1, TEXT_CONTROL },	/* U+202A */
	{ "\xe2\x80\xab" "a", 10, 0, TEXT_CONTROL },	/* U+202B */
	{ "\xe2\x80\xac" "a", 10, 0, TEXT_CONTROL },	/* U+202C */
	{ "\xe2\x80\xad" "a", 10, 0, TEXT_CONTROL },	/* U+202D */
	{ "\xe2\x81\xa6" "a", 10, 0, TEXT_CONTROL },	/* U+2066 */
	{ "\xe2\x81\xa7" "a", 10, 1, TEXT_CONTROL },	/* U+2067 */
	{ "\xe2\x81\xa8" "a", 10, 0, TEXT_CONTROL },	/* U+2068 */
	{ "\xe2\x81\xa9" "a", 10, 0, TEXT_CONTROL },	/* U+2069 */
	{ "a\xe2\x80\xa8" "b", 10, 0, TEXT_CONTROL },	/* U+2028 */
	{ "a\xe2\x80\xa8" "b", 10, 1, TEXT_CONTROL },	/* U+2028 */
	{ "a\xe2\x80\xa9" "b", 10, 1, TEXT_CONTROL },	/* U+2029 */
	{ "\xe2\x80\xa9", 10, 0, TEXT_CONTROL },		/* U+2029 */
	{ "a\xe2\x80\x8f" "b", 10, 0, NULL },		/* U+200F RLM */
	{ "\xe2\x80\xa7\xe2\x80\xaf", 10, 0, NULL },	/* U+2027, 202F */
	{ "\xe2\x81\xa5\xe2\x81\xaa", 10, 0, NULL },	/* U+2065, 206A */
	{ "\xc0\xaf", 10, 0, TEXT_UTF8 },		/* overlong '/' */
	{ "\xc1\xbf", 10, 0, TEXT_UTF8 },		/* overlong */
	{ "\xe0\x80\xaf", 10, 0, TEXT_UTF8 },		/* overlong, 3 */
	{ "\xe0\x9f\xbf", 10, 0, TEXT_UTF8 },		/* overlong, 3 */
	{ "\xf0\x80\x80\xaf", 10, 0, TEXT_UTF8 },	/* overlong, 4 */
	{ "\xf0\x8f\xbf\xbf", 10, 0, TEXT_UTF8 },	/* overlong, 4 */
	{ "\xed\xa0\x80", 10, 0, TEXT_UTF8 },		/* U+D800 */
	{ "\xed\xbf\xbf", 10, 0, TEXT_UTF8 },		/* U+DFFF */
	{ "\xf4\x90\x80\x80", 10, 0, TEXT_UTF8 },	/* U+110000 */
	{ "\xf5\x80\x80\x80", 10, 0, TEXT_UTF8 },
	{ "\xe2\x82", 10, 0, TEXT_UTF8 },		/* truncated */
	{ "\xe2\x82x", 10, 0, TEXT_UTF8 },
	{ "\xf0\x9f\x98", 10, 0, TEXT_UTF8 },
	{ "abc\xc3", 10, 0, TEXT_UTF8 },
	{ "\x80", 10, 0, TEXT_UTF8 },			/* stray */
	{ "a\xbf" "b", 10, 0, TEXT_UTF8 },
	{ "\xff", 10, 0, TEXT_UTF8 },
	{ "\xfe", 10, 0, TEXT_UTF8 },
	{ "\xf8\x88\x80\x80\x80", 10, 0, TEXT_UTF8 },	/* 5 bytes */
};

START_TEST(text_table)
{
	const struct text_case *c = &text_cases[_i];

	check_msg("validate_text", c->in, validate_text(c->in, c->max,
	    c->multiline), c->want);
}
END_TEST

START_TEST(text_limits)
{
	char	*s;

	s = repeat("", 'a', FULLNAME_MAX, "");
	check_msg("validate_text", "100 a", validate_text(s, FULLNAME_MAX,
	    0), NULL);
	free(s);
	s = repeat("", 'a', FULLNAME_MAX + 1, "");
	check_msg("validate_text", "101 a", validate_text(s, FULLNAME_MAX,
	    0), "Too long (at most 100 characters)");
	free(s);
	s = repeat("", '\n', BIO_MAX + 1, "");
	check_msg("validate_text", "1001 newlines", validate_text(s, BIO_MAX,
	    1), "Too long (at most 1000 characters)");
	free(s);
}
END_TEST

struct length_case {
	const char	*in;
	size_t		 len;
};

static const struct length_case length_cases[] = {
	{ NULL, 0 },
	{ "", 0 },
	{ "abc", 3 },
	{ "h\xc3\xa9llo", 5 },
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3 },
	{ "\xf0\x9f\x98\x80!", 2 },
	{ "a\nb\tc", 5 },
};

START_TEST(length_table)
{
	const struct length_case *c = &length_cases[_i];

	ck_assert_uint_eq(utf8_length(c->in), c->len);
}
END_TEST

/* ------------------------------------------------------------- fields */

static const char fields_json[] =
	"{\"s\": \"abc\", \"n\": 5, \"f\": 1.5, \"a\": [\"victim\", "
	"\"attacker\"], \"o\": {\"x\": 1}, \"b\": true, \"bf\": false, "
	"\"nul\": null, \"z\": \"a\\u0000b\", \"e\": \"\", "
	"\"t\": \"true\", \"fs\": \"false\", \"one\": \"1\", \"zero\": \"0\", "
	"\"on\": \"on\", \"off\": \"off\", \"no\": \"no\", \"T\": \"True\", "
	"\"onenul\": \"1\\u0000\", \"big\": \"99999999999999999999\", "
	"\"neg\": \"-5\", \"plus\": \"+7\", \"sp\": \" 5\", "
	"\"hex\": \"0x10\", "
	"\"minus\": \"-\", \"lead0\": \"00012\", \"frac\": \"1.0\", "
	"\"max\": 9223372036854775807, \"min\": -9223372036854775808, "
	"\"huge\": 18446744073709551615, \"n0\": 0, \"neg1\": -1, "
	"\"pwd\": \"hunter2\"}";

static struct json_object *fields;

static void
fields_setup(void)
{
	fields = json_tokener_parse(fields_json);
	ck_assert_ptr_nonnull(fields);
}

static void
fields_teardown(void)
{
	json_object_put(fields);
	fields = NULL;
}

struct string_field_case {
	const char		*name;
	const char *const	*aliases;
	enum field_state	 want;
	const char		*value;
};

static const char *const alias_s[] = { "nope", "s", NULL };
static const char *const alias_e[] = { "e", NULL };
static const char *const alias_nul[] = { "nul", "s", NULL };
static const char *const alias_a[] = { "a", NULL };

static const struct string_field_case string_field_cases[] = {
	{ "s", NULL, FIELD_PRESENT, "abc" },
	{ "e", NULL, FIELD_PRESENT, "" },
	{ "n", NULL, FIELD_BAD_TYPE, NULL },	/* number as string */
	{ "f", NULL, FIELD_BAD_TYPE, NULL },
	{ "a", NULL, FIELD_BAD_TYPE, NULL },	/* array as string */
	{ "o", NULL, FIELD_BAD_TYPE, NULL },
	{ "b", NULL, FIELD_BAD_TYPE, NULL },
	{ "z", NULL, FIELD_BAD_TYPE, NULL },	/* NUL inside */
	{ "nul", NULL, FIELD_NULL, NULL },
	{ "missing", NULL, FIELD_ABSENT, NULL },
	{ "S", NULL, FIELD_ABSENT, NULL },	/* names are exact */
	{ "missing", alias_s, FIELD_PRESENT, "abc" },
	{ "s", alias_e, FIELD_PRESENT, "abc" },	/* the name wins */
	{ "missing", alias_nul, FIELD_NULL, NULL },
	{ "missing", alias_a, FIELD_BAD_TYPE, NULL },
};

START_TEST(string_field_table)
{
	const struct string_field_case *c = &string_field_cases[_i];
	const char	*v = "sentinel";

	ck_assert_int_eq(field_string(fields, c->name, c->aliases, &v),
	    c->want);
	if (c->value == NULL)
		ck_assert_ptr_null(v);
	else
		ck_assert_str_eq(v, c->value);
}
END_TEST

START_TEST(string_field_not_object)
{
	struct json_object	*arr, *str;
	const char		*v = "sentinel";

	ck_assert_int_eq(field_string(NULL, "s", NULL, &v), FIELD_ABSENT);
	ck_assert_ptr_null(v);
	arr = json_tokener_parse("[\"s\"]");
	str = json_object_new_string("s");
	ck_assert_int_eq(field_string(arr, "s", NULL, &v), FIELD_ABSENT);
	ck_assert_int_eq(field_string(str, "s", NULL, &v), FIELD_ABSENT);
	json_object_put(arr);
	json_object_put(str);
}
END_TEST

struct bool_field_case {
	const char		*name;
	enum field_state	 want;
	int			 value;
};

static const struct bool_field_case bool_field_cases[] = {
	{ "b", FIELD_PRESENT, 1 },
	{ "bf", FIELD_PRESENT, 0 },
	{ "t", FIELD_PRESENT, 1 },
	{ "fs", FIELD_PRESENT, 0 },
	{ "one", FIELD_PRESENT, 1 },
	{ "zero", FIELD_PRESENT, 0 },
	{ "on", FIELD_PRESENT, 1 },
	{ "off", FIELD_PRESENT, 0 },
	{ "no", FIELD_BAD_TYPE, 0 },
	{ "T", FIELD_BAD_TYPE, 0 },
	{ "e", FIELD_BAD_TYPE, 0 },
	{ "onenul", FIELD_BAD_TYPE, 0 },
	{ "n", FIELD_BAD_TYPE, 0 },
	{ "n0", FIELD_BAD_TYPE, 0 },
	{ "a", FIELD_BAD_TYPE, 0 },
	{ "s", FIELD_BAD_TYPE, 0 },
	{ "nul", FIELD_NULL, 0 },
	{ "missing", FIELD_ABSENT, 0 },
};

START_TEST(bool_field_table)
{
	const struct bool_field_case *c = &bool_field_cases[_i];
	int	 v = 42;

	ck_assert_int_eq(field_bool(fields, c->name, &v), c->want);
	ck_assert_int_eq(v, c->value);
}
END_TEST

struct int_field_case {
	const char		*name;
	long long		 min, max;
	enum field_state	 want;
	long long		 value;
};

#define ANY	LLONG_MIN, LLONG_MAX

static const struct int_field_case int_field_cases[] = {
	{ "n", ANY, FIELD_PRESENT, 5 },
	{ "n", 5, 5, FIELD_PRESENT, 5 },
	{ "n", 0, 4, FIELD_BAD_TYPE, 0 },
	{ "n", 6, 10, FIELD_BAD_TYPE, 0 },
	{ "n0", 0, 100, FIELD_PRESENT, 0 },
	{ "neg1", 0, 100, FIELD_BAD_TYPE, 0 },
	{ "neg1", ANY, FIELD_PRESENT, -1 },
	{ "neg", ANY, FIELD_PRESENT, -5 },
	{ "plus", ANY, FIELD_PRESENT, 7 },
	{ "one", 0, 1, FIELD_PRESENT, 1 },
	{ "lead0", ANY, FIELD_PRESENT, 12 },
	{ "max", ANY, FIELD_PRESENT, LLONG_MAX },
	{ "min", ANY, FIELD_PRESENT, LLONG_MIN },
	{ "huge", ANY, FIELD_BAD_TYPE, 0 },
	{ "big", ANY, FIELD_BAD_TYPE, 0 },
	{ "sp", ANY, FIELD_BAD_TYPE, 0 },
	{ "hex", ANY, FIELD_BAD_TYPE, 0 },
	{ "minus", ANY, FIELD_BAD_TYPE, 0 },
	{ "frac", ANY, FIELD_BAD_TYPE, 0 },
	{ "f", ANY, FIELD_BAD_TYPE, 0 },
	{ "e", ANY, FIELD_BAD_TYPE, 0 },
	{ "s", ANY, FIELD_BAD_TYPE, 0 },
	{ "b", ANY, FIELD_BAD_TYPE, 0 },
	{ "a", ANY, FIELD_BAD_TYPE, 0 },
	{ "onenul", ANY, FIELD_BAD_TYPE, 0 },
	{ "nul", ANY, FIELD_NULL, 0 },
	{ "missing", ANY, FIELD_ABSENT, 0 },
};

START_TEST(int_field_table)
{
	const struct int_field_case *c = &int_field_cases[_i];
	long long	 v = 42;

	ck_assert_int_eq(field_int(fields, c->name, c->min, c->max, &v),
	    c->want);
	ck_assert_msg(v == c->value, "%s: %lld", c->name, v);
}
END_TEST

struct input_case {
	const char		*name;
	const char *const	*aliases;
	const char		*label;
	int			 required;
	size_t			 maxbytes;
	int			 want;
	const char		*value;		/* when 1 */
	const char		*msg;		/* when -1 */
};

static const char *const alias_pwd[] = { "pwd", NULL };

static const struct input_case input_cases[] = {
	{ "s", NULL, "Name", 1, 10, 1, "abc", NULL },
	{ "s", NULL, "Name", 0, 0, 1, "abc", NULL },
	{ "s", NULL, "Name", 1, 3, 1, "abc", NULL },
	{ "s", NULL, "Name", 1, 2, -1, NULL, "Name is too long" },
	{ "e", NULL, "Bio", 0, 10, 1, "", NULL },
	{ "e", NULL, "Email", 1, 10, -1, NULL, "Email is required" },
	{ "missing", NULL, "Email", 1, 10, -1, NULL, "Email is required" },
	{ "missing", NULL, "Email", 0, 10, 0, NULL, NULL },
	{ "nul", NULL, "Email", 1, 10, -1, NULL, "Email is required" },
	{ "nul", NULL, "Email", 0, 10, 0, NULL, NULL },
	{ "a", NULL, "Email", 1, 10, -1, NULL, "Email must be a string" },
	{ "a", NULL, "Email", 0, 10, -1, NULL, "Email must be a string" },
	{ "n", NULL, "Phone", 0, 10, -1, NULL, "Phone must be a string" },
	{ "z", NULL, "Name", 0, 10, -1, NULL, "Name must be a string" },
	{ "o", NULL, NULL, 0, 10, -1, NULL, "o must be a string" },
	{ "password", alias_pwd, "Password", 1, 1024, 1, "hunter2", NULL },
};

START_TEST(input_table)
{
	const struct input_case *c = &input_cases[_i];
	const struct input_field def = { c->name, c->aliases, c->label,
	    INPUT_STRING, c->maxbytes, 0 };
	struct input_errors	 errs;
	struct reply		 r;
	const struct reply_field	*e;
	const char		*v = "sentinel";

	reply_init(&r);
	input_errors_init(&errs);
	ck_assert_int_eq(input_string_def(fields, &def, c->required,
	    c->maxbytes, &errs, &v), c->want);
	/* the verdict: one error when -1, none otherwise */
	ck_assert_uint_eq(errs.n, c->want == -1 ? 1 : 0);
	ck_assert_int_eq(reply_input_errors(&r, &errs), 0);
	if (c->want == 1)
		ck_assert_str_eq(v, c->value);
	else
		ck_assert_ptr_null(v);
	if (c->want != -1) {
		ck_assert_int_eq(reply_has_errors(&r), 0);
		ck_assert_int_eq(r.code, RC_OK);
		reply_free(&r);
		return;
	}
	ck_assert_int_eq(r.code, RC_VALIDATION_FAILED);
	ck_assert_int_eq(r.status, 400);
	ck_assert((e = reply_field_find(&r, c->name)) != NULL);
	ck_assert(e->msg != NULL);
	ck_assert_str_eq(e->msg, c->msg);
	/* a value that failed is never echoed */
	ck_assert(e->value == NULL);
	reply_free(&r);
}
END_TEST

/* The error goes under the canonical name even when an alias was sent. */
START_TEST(input_alias_error)
{
	struct json_object	*in;
	struct input_errors	 errs;
	struct reply		 r;
	const char		*v;

	in = json_tokener_parse("{\"pwd\": [\"a\", \"b\"]}");
	ck_assert_ptr_nonnull(in);
	reply_init(&r);
	input_errors_init(&errs);
	ck_assert_int_eq(input_string(in, FIELD_PASSWORD, 1, &errs, &v), -1);
	ck_assert_str_eq(errs.list[0].msg, "Password must be a string");
	reply_input_errors(&r, &errs);
	ck_assert(reply_field_find(&r, "password") != NULL);
	ck_assert(reply_field_find(&r, "pwd") == NULL);
	reply_free(&r);
	json_object_put(in);
}
END_TEST

/* Every field has a wire name and a label, and no two share a name. */
START_TEST(input_field_rows)
{
	int	 f, g;

	for (f = 0; f < FIELD__MAX; f++) {
		const struct input_field *a = input_field((enum field)f);

		ck_assert_msg(a->name[0] != '\0', "field %d has no name", f);
		ck_assert_ptr_nonnull(a->label);
		ck_assert_str_eq(input_name((enum field)f), a->name);
		for (g = f + 1; g < FIELD__MAX; g++)
			ck_assert_str_ne(a->name,
			    input_field((enum field)g)->name);
	}
	ck_assert_str_eq(input_name(FIELD_NEW_PASSWORD), "new_password");
	ck_assert_str_eq(input_field(FIELD_PASSWORD)->aliases[0], "pwd");
	ck_assert_str_eq(input_name(FIELD__MAX), "");
	ck_assert(input_secret("password") && input_secret("pwd"));
	ck_assert(input_secret("new_pwd") && input_secret("current_password"));
	ck_assert(input_secret("token") && input_secret("refresh_token"));
	ck_assert(input_secret("code"));
	ck_assert(!input_secret("email") && !input_secret("verification_id"));
	ck_assert(input_forbidden("role"));
	ck_assert(!input_forbidden("nickname"));
}
END_TEST

/* Secret fields never carry their value into a verdict. */
START_TEST(input_error_secret)
{
	struct input_errors	 errs;

	input_errors_init(&errs);
	ck_assert(!input_errors_any(&errs));
	input_error(&errs, FIELD_PASSWORD, "Password is too common", "hunter2");
	input_error(&errs, FIELD_EMAIL, "Email format invalid", "a@b");
	input_error(&errs, FIELD_CODE, "Code must be digits", "12x");
	ck_assert(input_errors_any(&errs));
	ck_assert_uint_eq(errs.n, 3);
	ck_assert_str_eq(errs.list[0].param, "password");
	ck_assert_ptr_null(errs.list[0].value);
	ck_assert_str_eq(errs.list[1].param, "email");
	ck_assert_str_eq(errs.list[1].value, "a@b");
	ck_assert_ptr_null(errs.list[2].value);
}
END_TEST

/*
 * The verdict list caps as a reply does: the first error of a param
 * wins, past INPUT_ERRORS_MAX params errors are only counted, and
 * reply_input_errors carries both into the reply.
 */
START_TEST(input_errors_capped)
{
	static char		 names[INPUT_ERRORS_MAX + 5][8];
	struct input_errors	 errs;
	struct reply		 r;
	size_t			 i;

	input_errors_init(&errs);
	input_error_param(&errs, "p0", "first", NULL);
	input_error_param(&errs, "p0", "second", NULL);
	for (i = 0; i < INPUT_ERRORS_MAX + 5; i++) {
		snprintf(names[i], sizeof(names[i]), "p%zu", i);
		input_error_param(&errs, names[i], "Unknown field", NULL);
	}
	ck_assert_uint_eq(errs.n, INPUT_ERRORS_MAX);
	ck_assert_uint_eq(errs.dropped, 5);
	ck_assert_str_eq(errs.list[0].msg, "first");
	reply_init(&r);
	ck_assert_int_eq(reply_input_errors(&r, &errs), 0);
	ck_assert_int_eq(r.code, RC_VALIDATION_FAILED);
	ck_assert(reply_has_errors(&r));
	ck_assert_uint_eq(r.errors_dropped, 5);
	/* a further error of a new param is only counted by the reply */
	ck_assert_int_eq(reply_input_error(&r, FIELD_EMAIL, "late", NULL), 0);
	ck_assert_uint_eq(r.errors_dropped, 6);
	reply_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- run */

static Suite *
validate_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("validate");

	tc = tcase_create("email");
	tcase_add_loop_test(tc, email_table, 0, NELEM(email_cases));
	tcase_add_test(tc, email_lengths);
	tcase_add_test(tc, email_new);
	suite_add_tcase(s, tc);

	tc = tcase_create("username");
	tcase_add_loop_test(tc, username_table, 0, NELEM(username_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("password");
	tcase_add_loop_test(tc, password_table, 0, NELEM(password_cases));
	tcase_add_test(tc, password_lengths);
	tcase_add_test(tc, load_common);
	suite_add_tcase(s, tc);

	tc = tcase_create("phone");
	tcase_add_loop_test(tc, phone_table, 0, NELEM(phone_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("birthday");
	tcase_add_loop_test(tc, birthday_table, 0, NELEM(birthday_cases));
	tcase_add_test(tc, birthday_today_and_future);
	tcase_add_test(tc, birthday_at);
	suite_add_tcase(s, tc);

	tc = tcase_create("url");
	tcase_add_loop_test(tc, url_table, 0, NELEM(url_cases));
	tcase_add_test(tc, url_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_loop_test(tc, text_table, 0, NELEM(text_cases));
	tcase_add_test(tc, text_limits);
	tcase_add_loop_test(tc, length_table, 0, NELEM(length_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("fields");
	tcase_add_checked_fixture(tc, fields_setup, fields_teardown);
	tcase_add_loop_test(tc, string_field_table, 0,
	    NELEM(string_field_cases));
	tcase_add_test(tc, string_field_not_object);
	tcase_add_loop_test(tc, bool_field_table, 0, NELEM(bool_field_cases));
	tcase_add_loop_test(tc, int_field_table, 0, NELEM(int_field_cases));
	tcase_add_loop_test(tc, input_table, 0, NELEM(input_cases));
	tcase_add_test(tc, input_alias_error);
	tcase_add_test(tc, input_field_rows);
	tcase_add_test(tc, input_error_secret);
	tcase_add_test(tc, input_errors_capped);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return unit_main("check_validate", validate_suite, 0);
}
