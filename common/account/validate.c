/*
 * validate: the field rules of API.md ("Field rules") as pure
 * functions, and typed access to request fields read by json-c.
 *
 * Messages.  Every rule returns NULL when the value is good, or an
 * English sentence for the client.  Rules that belong to one field
 * name it ("Email format invalid", "Password is too common",
 * "Username is not allowed").  The generic rules, validate_text and
 * validate_url, serve several fields and do not name one ("Too long
 * (at most 100 characters)", "Must be an http or https URL"); the
 * handler files them under the field's param.  A message holding a
 * number is formatted into a small ring of static buffers and stays
 * valid for the next MSG_RING - 1 calls: use it at once (the programs
 * are single-threaded; nothing here is thread-safe).
 *
 * Case folding is ASCII only and ignores the locale.  Text is not
 * Unicode-normalised.  UTF-8 is decoded by the utf8 module.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <sodium.h>

#include "list.h"
#include "passwd.h"
#include "reply.h"
#include "validate.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define STR(x)		STR_(x)
#define STR_(x)		#x

#define EMAIL_LOCAL_MAX		64	/* bytes, RFC 5321 */
#define DNS_LABEL_MAX		63	/* bytes */
#define PASSWORD_MIN_DEFAULT	8	/* code points, when minlen is 0 */
#define PHONE_DIGITS_MIN	7
#define PHONE_DIGITS_MAX	15
#define BIRTH_YEAR_MIN		1900
#define MSG_RING		4
#define MSG_SIZE		80

#define EMAIL_INVALID	"Email format invalid"
#define EMAIL_TOO_LONG	"Email is too long"
#define EMAIL_PERCENT	"Email must not contain '%'"
#define USERNAME_LENGTH	"Username must be " STR(USERNAME_MIN) " to " \
			    STR(USERNAME_MAX) " characters"
#define USERNAME_CHARS	"Username may only contain letters, digits, " \
			    "'_', '.' and '-'"
#define USERNAME_RESERVED "Username is not allowed"
#define PASSWORD_NONE	"Password is required"
#define PASSWORD_LONG	"Password is too long"
#define PASSWORD_UTF8	"Password must be valid UTF-8"
#define PASSWORD_SAME	"Password must not be the same as your email " \
			    "or username"
#define PASSWORD_COMMON	"Password is too common"
#define PHONE_CHARS	"Phone may only contain digits, spaces, dashes, " \
			    "parentheses and a leading '+'"
#define PHONE_DIGITS	"Phone must have " STR(PHONE_DIGITS_MIN) " to " \
			    STR(PHONE_DIGITS_MAX) " digits"
#define PHONE_LONG	"Phone is too long"
#define BIRTHDAY_BAD	"Birthday must be a real past date (YYYY-MM-DD)"
#define URL_BAD		"Must be an http or https URL"
#define URL_LONG	"Too long (at most " STR(URL_MAX) " bytes)"
#define URL_SPACE	"Must not contain spaces or control characters"
#define TEXT_UTF8	"Must be valid UTF-8"
#define TEXT_CONTROL	"Must not contain control characters"

/*
 * Local-part punctuation we accept besides letters and digits: what
 * real mailboxes use.  RFC 5322 also allows ! # $ & * / ? ^ ` { | } ~,
 * which shells and mail tools treat specially.
 */
static const char email_local_punct[] = "._%+-'=";

/* Usernames refused when the configuration gives no list. */
static const char *const reserved_names[] = {
	"admin", "administrator", "root", "system", "sysadmin", "support",
	"help", "info", "null", "undefined", "api", "www", "mail",
	"postmaster", "hostmaster", "webmaster", "security", "abuse",
	"noreply", "no-reply", "moderator", "staff", "owner", "fcauth",
	"user", "users", "guest", "anonymous", "me", "self", NULL
};

/*
 * Common passwords of 8 or more characters, lower-case, sorted by
 * strcmp for bsearch.  validate_load_common replaces the list.
 */
static const char *const common_builtin[] = {
	"!qaz2wsx", "00000000", "0000000000", "01234567", "0123456789",
	"0987654321", "11111111", "111111111", "1111111111", "11112222",
	"11223344", "1122334455", "12121212", "123123123", "12341234",
	"12344321", "1234512345", "12345678", "123456789", "1234567890",
	"123456789012", "1234567891", "12345678910", "123456789a",
	"12345678a", "1234567q", "123456qwerty", "12345qwert", "1234abcd",
	"1234qwer", "1234qwerasdf", "123654789", "123abc123", "123qwe123",
	"123qweasd", "12qwaszx", "147258369", "147852369", "159753456",
	"1q2w3e4r", "1q2w3e4r5", "1q2w3e4r5t", "1q2w3e4r5t6y",
	"1q2w3e4r5t6y7u8i", "1qaz!qaz", "1qaz2wsx", "1qaz2wsx3edc",
	"1qazxsw2", "22222222", "33333333", "44444444", "5201314520",
	"55555555", "66666666", "741852963", "77777777", "789456123",
	"87654321", "88888888", "8characters", "987654321", "9876543210",
	"99999999", "a1234567", "a12345678", "a123456789", "a1b2c3d4",
	"aa123456", "aa12345678", "aaaaaaaa", "aaaaaaaaa", "abc12345",
	"abc123456", "abcd1234", "abcd12345", "abcdefg1", "abcdefgh",
	"admin123", "admin1234", "adminadmin", "administrator",
	"alexander", "andrew123", "anthony1", "apple123", "arsenal1",
	"asdf1234", "asdfasdf", "asdfghjk", "asdfghjkl", "asdfghjkl1",
	"ashley12", "autumn2023", "babygirl", "babygirl1", "barcelona",
	"baseball", "baseball1", "basketball", "batman123", "beautiful",
	"benjamin", "blessed1", "blink182", "butterfly", "changeme",
	"changeme1", "changeme123", "charlie1", "charlotte", "cheese123",
	"chelsea1", "chocolate", "christian", "christopher", "computer",
	"computer1", "cookie123", "corvette", "danielle", "default1",
	"diamond1", "dragon123", "elizabeth", "facebook", "fcauth123",
	"february", "football", "football1", "football12", "freedom1",
	"godisgood", "google123", "hello123", "hello1234", "hellohello",
	"helloworld", "hockey123", "ilovegod", "iloveyou", "iloveyou!",
	"iloveyou1", "iloveyou12", "iloveyou123", "iloveyou2", "instagram",
	"internet", "january1", "jennifer", "jessica1", "jesus123",
	"jesuschrist", "jonathan", "jordan23", "letmein!", "letmein1",
	"letmein123", "linkedin", "liverpool", "liverpool1", "lovelove",
	"loveyou1", "manchester", "march2024", "master123", "mercedes",
	"metallica", "michael1", "michelle", "midnight", "minecraft",
	"minecraft1", "monkey123", "mustang1", "mypassword", "myspace1",
	"nicholas", "nothing1", "p4ssw0rd", "p@ssw0rd", "p@ssword",
	"pa$$w0rd", "pa55w0rd", "pa55word", "pass1234", "pass12345",
	"passpass", "passport", "passw0rd", "password", "password!",
	"password01", "password1", "password12", "password123",
	"password1234", "password2", "password2020", "password2021",
	"password2022", "password2023", "password2024", "password2025",
	"passwords", "pepper123", "pokemon123", "princess", "princess1",
	"q1w2e3r4", "q1w2e3r4!", "q1w2e3r4t5", "q1w2e3r4t5y6", "qazwsx123",
	"qazwsxedc", "qq123456", "qweasdzxc", "qwerqwer", "qwert12345",
	"qwerty!@", "qwerty01", "qwerty11", "qwerty12", "qwerty123",
	"qwerty1234", "qwerty123456", "qwertyqwerty", "qwertyui",
	"qwertyuiop", "qwertyuiop1", "qwertyuiop123", "rainbow1",
	"realmadrid", "root1234", "rootroot", "samantha", "samsung1",
	"secret123", "security", "shadow123", "slipknot", "soccer123",
	"spiderman", "spring2024", "starwars", "starwars1", "summer2020",
	"summer2021", "summer2022", "summer2023", "summer2024",
	"sunflower", "sunshine", "sunshine1", "superman", "superman1",
	"superman123", "sweetheart", "test1234", "test12345", "testing1",
	"testing123", "testtest", "thunder1", "trustno1", "trustno1!",
	"unknown1", "victoria", "welcome!", "welcome1", "welcome12",
	"welcome123", "welcome2", "welcome2024", "whatever", "whatever1",
	"winter2023", "woaini1314", "zaq!2wsx", "zaq12wsx", "zaq1zaq1",
	"zxcvbnm1", "zxcvbnm123", "zzzzzzzz",
};

/* The list in use: the built-in one, or one loaded from a file. */
static struct {
	const char *const	*words;
	size_t			 nwords;
	char			**loaded;	/* owned, or NULL */
	char			*blob;		/* owned: the file's text */
} common = {
	common_builtin,
	NELEM(common_builtin),
	NULL,
	NULL
};

/* Days in each month of a common year. */
static const int month_days[12] = {
	31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

struct date_format {
	const char	*pattern;	/* 'd' a digit, else the character */
	size_t		 year, month, day;	/* offsets */
};

static const struct date_format date_formats[] = {
	{ "dddd-dd-dd", 0, 5, 8 },	/* YYYY-MM-DD */
	{ "dd.dd.dddd", 6, 3, 0 },	/* DD.MM.YYYY */
};

static int
is_digit(int c)
{

	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(int c)
{

	return is_alpha(c) || is_digit(c);
}

static int
to_lower(int c)
{

	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether "a" and the "blen" bytes at "b" are equal but for ASCII
 * case: 1 or 0. */
static int
ci_equal_n(const char *a, const char *b, size_t blen)
{
	size_t	 i;

	for (i = 0; i < blen; i++)
		if (a[i] == '\0' || to_lower((unsigned char)a[i]) !=
		    to_lower((unsigned char)b[i]))
			return 0;
	return a[blen] == '\0';
}

/* Whether "a" and "b" (may be NULL: never equal) are equal but for
 * ASCII case: 1 or 0. */
static int
ci_equal(const char *a, const char *b)
{

	return a != NULL && b != NULL && ci_equal_n(a, b, strlen(b));
}

/* Whether "s" starts with lower-case "prefix" but for ASCII case:
 * 1 or 0. */
static int
ci_prefix(const char *s, const char *prefix)
{
	size_t	 i;

	for (i = 0; prefix[i] != '\0'; i++)
		if (to_lower((unsigned char)s[i]) != prefix[i])
			return 0;
	return 1;
}

/* A message holding one number, in the next buffer of the ring. */
static const char *
msg_num(const char *before, unsigned long long n, const char *after)
{
	static char	 ring[MSG_RING][MSG_SIZE];
	static size_t	 next;
	char		*buf;

	buf = ring[next];
	next = (next + 1) % MSG_RING;
	snprintf(buf, MSG_SIZE, "%s%llu%s", before, n, after);
	return buf;
}

/*
 * C0 controls, DEL and C1 controls, and what acts like them though
 * Unicode calls it format or separator: the bidi embeddings and
 * overrides U+202A-202E and isolates U+2066-2069, which reorder the
 * text around them (a name that reads "Annexe.png" but is stored
 * "Ann<U+202E>gnp.exe"), and the line and paragraph separators
 * U+2028 and U+2029, line breaks that tools outside a browser do not
 * expect (multiline text has '\n').  The marks LRM and RLM
 * (U+200E, U+200F) reorder nothing and stay allowed.
 */
static int
text_control(uint32_t cp)
{

	return utf8_is_control(cp) ||
	    cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Text: valid UTF-8, no control characters (text_control; tab, newline
 * and carriage return allowed when "multiline"), at most "maxchars"
 * code points.  NULL counts as empty.
 */
const char *
validate_text(const char *s, size_t maxchars, int multiline)
{
	const unsigned char	*p;
	uint32_t		 cp;
	size_t			 n = 0;
	int			 rc;

	p = (const unsigned char *)(s == NULL ? "" : s);
	while ((rc = utf8_next(&p, &cp)) == 1) {
		if (text_control(cp) && !(multiline &&
		    (cp == '\t' || cp == '\n' || cp == '\r')))
			return TEXT_CONTROL;
		n++;
	}
	if (rc == -1)
		return TEXT_UTF8;
	if (n > maxchars)
		return msg_num("Too long (at most ", maxchars, " characters)");
	return NULL;
}

/* A DNS label of "n" bytes at "p": 1-63 letters, digits and hyphens,
 * not starting or ending with a hyphen.  1 or 0. */
static int
label_ok(const char *p, size_t n)
{
	size_t	 i;

	if (n == 0 || n > DNS_LABEL_MAX)
		return 0;
	if (p[0] == '-' || p[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!is_alnum((unsigned char)p[i]) && p[i] != '-')
			return 0;
	return 1;
}

/* Whether the "n" bytes at "p" are all digits: 1 or 0. */
static int
all_digits(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)p[i]))
			return 0;
	return 1;
}

/*
 * A host name of "n" bytes at "p": dot-separated DNS labels, no empty
 * label.  With "dotted", at least two labels and a top-level label that
 * is not all digits.  1 or 0.
 */
static int
host_ok(const char *p, size_t n, int dotted)
{
	const char	*end = p + n, *dot;
	size_t		 labels = 0, len = 0;

	if (n == 0)
		return 0;
	for (;;) {
		dot = memchr(p, '.', (size_t)(end - p));
		len = (size_t)((dot != NULL ? dot : end) - p);
		if (!label_ok(p, len))
			return 0;
		labels++;
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	if (dotted && (labels < 2 || all_digits(p, len)))
		return 0;
	return 1;
}

/*
 * The local part of an address, "n" bytes at "p": letters, digits and
 * email_local_punct; no leading, trailing or doubled dot.  A leading
 * '-' is refused too, so that an address can never pass for an option
 * of the sendmail command.  1 or 0.
 */
static int
email_local_ok(const char *p, size_t n)
{
	size_t	 i;

	if (n == 0 || p[0] == '.' || p[0] == '-' || p[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '.' && p[i + 1] == '.')
			return 0;
		if (!is_alnum((unsigned char)p[i]) &&
		    strchr(email_local_punct, p[i]) == NULL)
			return 0;
	}
	return 1;
}

/*
 * Email: <= 254 bytes, local part <= 64, one '@', a dotted domain of
 * DNS labels.  Only ASCII: internationalised addresses (SMTPUTF8) are
 * refused, IDN domains work in their xn-- form.  No quoted local parts
 * and no address literals.  On success the lower-cased address goes
 * to "norm" (>= EMAIL_MAX + 1) unless it is NULL.
 */
const char *
validate_email(const char *s, char *norm, size_t normsz)
{
	const char	*at;
	size_t		 len, i;

	if (norm != NULL && normsz > 0)
		norm[0] = '\0';
	if (s == NULL)
		return EMAIL_INVALID;
	if ((len = strlen(s)) > EMAIL_MAX)
		return EMAIL_TOO_LONG;
	if ((at = strchr(s, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return EMAIL_INVALID;
	if ((size_t)(at - s) > EMAIL_LOCAL_MAX)
		return EMAIL_TOO_LONG;
	if (!email_local_ok(s, (size_t)(at - s)) ||
	    !host_ok(at + 1, strlen(at + 1), 1))
		return EMAIL_INVALID;
	if (norm == NULL)
		return NULL;
	if (normsz <= len)
		return EMAIL_TOO_LONG;
	for (i = 0; i <= len; i++)
		norm[i] = (char)to_lower((unsigned char)s[i]);
	return NULL;
}

/* The separators a username may hold, ignored when names are
 * compared against the reserved ones. */
static int
is_name_sep(int c)
{

	return c == '_' || c == '.' || c == '-';
}

/*
 * Whether "a" and the "blen" bytes at "b" have the same canonical form:
 * lower case with the separators _ . - left out, so that "Admin_" and
 * "a-d-m-i-n" are "admin".  1 or 0.
 */
static int
canon_equal_n(const char *a, const char *b, size_t blen)
{
	size_t	 i = 0, j = 0;

	for (;;) {
		while (a[i] != '\0' && is_name_sep((unsigned char)a[i]))
			i++;
		while (j < blen && is_name_sep((unsigned char)b[j]))
			j++;
		if (a[i] == '\0' || j == blen)
			return a[i] == '\0' && j == blen;
		if (to_lower((unsigned char)a[i]) !=
		    to_lower((unsigned char)b[j]))
			return 0;
		i++;
		j++;
	}
}

/*
 * An address about to be stored: validate_email, and no '%' unless
 * "allow_percent".  Old relays route "a%b@relay" on to "a@b" (the
 * percent hack), a way round a domain allowlist or a mail filter; the
 * domain cannot hold a '%', so any '%' is in the local part.
 */
const char *
validate_email_new(const char *s, int allow_percent, char *norm,
    size_t normsz)
{
	const char	*why;

	if ((why = validate_email(s, norm, normsz)) != NULL)
		return why;
	if (!allow_percent && strchr(s, '%') != NULL) {
		if (norm != NULL && normsz > 0)
			norm[0] = '\0';
		return EMAIL_PERCENT;
	}
	return NULL;
}

/* Whether "s" is in the comma-separated "list" (blanks around names
 * ignored) in canonical form (canon_equal_n): 1 or 0. */
static int
in_list(const char *s, const char *list)
{
	struct list_iter	 it;
	const char		*item;
	size_t			 len;

	list_start(&it, list, strlen(list));
	while (list_next(&it, &item, &len))
		if (canon_equal_n(s, item, len))
			return 1;
	return 0;
}

/* Whether "s" is a reserved name of "list", or of the built-in list
 * when "list" is NULL, in canonical form: 1 or 0. */
static int
reserved(const char *s, const char *list)
{
	size_t	 i;

	if (list != NULL)
		return in_list(s, list);
	for (i = 0; reserved_names[i] != NULL; i++)
		if (canon_equal_n(s, reserved_names[i],
		    strlen(reserved_names[i])))
			return 1;
	return 0;
}

/*
 * Username: 3-32 of A-Z a-z 0-9 _ . -, and not reserved: "reserved" is
 * a comma list, NULL for the built-in list ("" reserves nothing).
 * Reserved names match without case and separators ("Admin_").
 */
const char *
validate_username(const char *s, const char *reserved_list)
{
	size_t	 i;

	if (s == NULL)
		return USERNAME_LENGTH;
	for (i = 0; s[i] != '\0'; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '.' && s[i] != '-')
			return USERNAME_CHARS;
	if (i < USERNAME_MIN || i > USERNAME_MAX)
		return USERNAME_LENGTH;
	if (reserved(s, reserved_list))
		return USERNAME_RESERVED;
	return NULL;
}

static int
cmp_key(const void *key, const void *elem)
{

	return strcmp(key, *(const char *const *)elem);
}

static int
cmp_words(const void *a, const void *b)
{

	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether "pw" (<= PASSWD_MAX bytes) is on the common list, ASCII
 * case-insensitively: 1 or 0. */
static int
common_has(const char *pw)
{
	char	 low[PASSWD_MAX + 1];
	size_t	 i, len;
	int	 found;

	if ((len = strlen(pw)) > PASSWD_MAX || common.nwords == 0)
		return 0;
	for (i = 0; i <= len; i++)
		low[i] = (char)to_lower((unsigned char)pw[i]);
	found = bsearch(low, common.words, common.nwords,
	    sizeof(common.words[0]), cmp_key) != NULL;
	sodium_memzero(low, len);
	return found;
}

/*
 * Password: at most PASSWD_MAX bytes, valid UTF-8, at least "minlen"
 * code points (0 means 8), not equal to "email" or "username" (either
 * may be NULL) but for case, and not on the common-password list.
 * Control characters and spaces are allowed: a password is taken
 * exactly as typed.
 */
const char *
validate_password(const char *pw, unsigned minlen, const char *email,
    const char *username)
{
	const unsigned char	*p;
	uint32_t		 cp;
	size_t			 n = 0;
	int			 rc;

	if (pw == NULL)
		return PASSWORD_NONE;
	if (strlen(pw) > PASSWD_MAX)
		return PASSWORD_LONG;
	p = (const unsigned char *)pw;
	while ((rc = utf8_next(&p, &cp)) == 1)
		n++;
	if (rc == -1)
		return PASSWORD_UTF8;
	if (minlen == 0)
		minlen = PASSWORD_MIN_DEFAULT;
	if (n < minlen)
		return msg_num("Password must be at least ", minlen,
		    " characters");
	if (ci_equal(pw, email) || ci_equal(pw, username))
		return PASSWORD_SAME;
	if (common_has(pw))
		return PASSWORD_COMMON;
	return NULL;
}

/*
 * Read all of "f" into a new NUL-terminated string.  NULL on read
 * error or out of memory.  The caller frees.
 */
static char *
read_all(FILE *f)
{
	char	*buf = NULL, *nbuf;
	size_t	 len = 0, size = 0, got;

	for (;;) {
		if (size - len < 4096) {
			if (size > SIZE_MAX / 2 ||
			    (nbuf = realloc(buf, size * 2 + 8192)) == NULL)
				goto fail;
			buf = nbuf;
			size = size * 2 + 8192;
		}
		got = fread(buf + len, 1, size - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	buf[len] = '\0';
	return buf;
fail:
	free(buf);
	return NULL;
}

/*
 * Split "blob" into lines in place, lower-case them and collect the
 * non-empty ones into a new sorted array, its length in "*n".  NULL
 * when out of memory.
 */
static char **
split_words(char *blob, size_t *n)
{
	char	**words, *p, *nl;
	size_t	  max = 1, len;

	*n = 0;
	for (p = blob; (p = strchr(p, '\n')) != NULL; p++)
		max++;
	if ((words = calloc(max, sizeof(words[0]))) == NULL)
		return NULL;
	for (p = blob; p != NULL; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		len = strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			p[--len] = '\0';
		if (len == 0)
			continue;
		for (len = 0; p[len] != '\0'; len++)
			p[len] = (char)to_lower((unsigned char)p[len]);
		words[(*n)++] = p;
	}
	qsort(words, *n, sizeof(words[0]), cmp_words);
	return words;
}

/*
 * Use the passwords of file "path", one a line (every non-empty line
 * counts, compared ASCII case-insensitively), instead of the current
 * list.  Returns 0, or -1 if the file cannot be read or memory runs
 * out; the current list stays then.
 */
int
validate_load_common(const char *path)
{
	FILE	 *f = NULL;
	char	 *blob = NULL, **words = NULL;
	size_t	  n;
	int	  rc = -1;

	if (path == NULL || (f = fopen(path, "r")) == NULL)
		goto out;
	if ((blob = read_all(f)) == NULL)
		goto out;
	if ((words = split_words(blob, &n)) == NULL)
		goto out;
	free(common.loaded);
	free(common.blob);
	common.loaded = words;
	common.blob = blob;
	common.words = (const char *const *)words;
	common.nwords = n;
	words = NULL;
	blob = NULL;
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	free(words);
	free(blob);
	return rc;
}

/*
 * Phone: digits, spaces, dashes, one optional leading '+', parentheses
 * (not nested, closed); 7-15 digits; <= PHONE_MAX bytes as typed.
 */
const char *
validate_phone(const char *s)
{
	size_t	 i, digits = 0;
	int	 open = 0;

	if (s == NULL)
		return PHONE_DIGITS;
	if (strlen(s) > PHONE_MAX)
		return PHONE_LONG;
	for (i = 0; s[i] != '\0'; i++) {
		if (is_digit((unsigned char)s[i]))
			digits++;
		else if (s[i] == '(' && !open)
			open = 1;
		else if (s[i] == ')' && open)
			open = 0;
		else if (!(s[i] == '+' && i == 0) && s[i] != ' ' &&
		    s[i] != '-')
			return PHONE_CHARS;
	}
	if (open)
		return PHONE_CHARS;
	if (digits < PHONE_DIGITS_MIN || digits > PHONE_DIGITS_MAX)
		return PHONE_DIGITS;
	return NULL;
}

/* The value of the "n" digits at "p" (known to be digits). */
static int
digits_value(const char *p, size_t n)
{
	int	 v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

static int
is_leap(int y)
{

	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d, y >= 1. */
static long
days_from_civil(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Whether "s" has the shape of "pattern" ('d' a digit): 1 or 0. */
static int
matches(const char *s, const char *pattern)
{

	for (; *pattern != '\0'; s++, pattern++)
		if (*pattern == 'd' ? !is_digit((unsigned char)*s) :
		    *s != *pattern)
			return 0;
	return *s == '\0';
}

/*
 * Birthday: YYYY-MM-DD or DD.MM.YYYY, a real calendar date, not before
 * 1900 and not after today (UTC); normalised to YYYY-MM-DD in "out"
 * (>= 11).
 */
const char *
validate_birthday(const char *s, char *out, size_t outsz)
{
	const struct date_format	*f = NULL;
	size_t				 i;
	int				 y, m, d, mdays;

	if (out != NULL && outsz > 0)
		out[0] = '\0';
	if (s == NULL || out == NULL || outsz < sizeof("YYYY-MM-DD"))
		return BIRTHDAY_BAD;
	for (i = 0; i < NELEM(date_formats); i++)
		if (matches(s, date_formats[i].pattern))
			f = &date_formats[i];
	if (f == NULL)
		return BIRTHDAY_BAD;
	y = digits_value(s + f->year, 4);
	m = digits_value(s + f->month, 2);
	d = digits_value(s + f->day, 2);
	if (y < BIRTH_YEAR_MIN || m < 1 || m > 12)
		return BIRTHDAY_BAD;
	mdays = month_days[m - 1] + (m == 2 && is_leap(y));
	if (d < 1 || d > mdays)
		return BIRTHDAY_BAD;
	if (days_from_civil(y, m, d) > (long)(time(NULL) / 86400))
		return BIRTHDAY_BAD;
	snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
	return NULL;
}

/*
 * The authority of an http(s) URL, "n" bytes at "p": a host name or a
 * bracketed IPv6 address, then an optional ":port" (1-65535).  No user
 * information: "https://good.example@evil.example/" is refused.  1 or 0.
 */
static int
authority_ok(const char *p, size_t n)
{
	const char	*end = p + n, *host_end, *colon;
	size_t		 i, plen;

	if (n > 0 && p[0] == '[') {
		host_end = memchr(p, ']', n);
		if (host_end == NULL || host_end == p + 1)
			return 0;
		for (i = 1; p + i < host_end; i++)
			if (strchr("0123456789abcdefABCDEF:.", p[i]) == NULL)
				return 0;
		host_end++;
		if (host_end < end && *host_end != ':')
			return 0;
	} else {
		colon = memchr(p, ':', n);
		host_end = colon != NULL ? colon : end;
		if (!host_ok(p, (size_t)(host_end - p), 0))
			return 0;
	}
	if (host_end == end)
		return 1;
	plen = (size_t)(end - host_end - 1);
	return plen >= 1 && plen <= 5 && all_digits(host_end + 1, plen) &&
	    digits_value(host_end + 1, plen) >= 1 &&
	    digits_value(host_end + 1, plen) <= 65535;
}

/*
 * An http or https URL (scheme in any case) with a host, <= URL_MAX
 * bytes, valid UTF-8 without spaces or control characters.  The host
 * must be ASCII (IDN in its xn-- form); path, query and fragment may
 * hold UTF-8.
 */
const char *
validate_url(const char *s)
{
	const unsigned char	*p;
	const char		*auth;
	uint32_t		 cp;
	int			 rc;

	if (s == NULL)
		return URL_BAD;
	if (strlen(s) > URL_MAX)
		return URL_LONG;
	p = (const unsigned char *)s;
	while ((rc = utf8_next(&p, &cp)) == 1)
		if (cp == ' ' || text_control(cp) || cp == 0xa0)
			return URL_SPACE;
	if (rc == -1)
		return TEXT_UTF8;
	auth = NULL;
	if (ci_prefix(s, "http://"))
		auth = s + strlen("http://");
	else if (ci_prefix(s, "https://"))
		auth = s + strlen("https://");
	if (auth == NULL ||
	    !authority_ok(auth, strcspn(auth, "/?#")))
		return URL_BAD;
	return NULL;
}

/* Strings a form body may use for a boolean. */
static const struct {
	const char	*word;
	int		 value;
} bool_words[] = {
	{ "true", 1 }, { "false", 0 },
	{ "1", 1 }, { "0", 0 },
	{ "on", 1 }, { "off", 0 },
};

/*
 * Find field "name", or failing that the first of the NULL-terminated
 * "aliases" (may be NULL) present, in the object "fields".  Returns the
 * state; "*v" borrows the value (NULL unless FIELD_PRESENT).
 */
static enum field_state
field_find(struct json_object *fields, const char *name,
    const char *const *aliases, struct json_object **v)
{
	size_t	 i;
	int	 found;

	*v = NULL;
	if (name == NULL || !json_object_is_type(fields, json_type_object))
		return FIELD_ABSENT;
	found = json_object_object_get_ex(fields, name, v);
	for (i = 0; !found && aliases != NULL && aliases[i] != NULL; i++)
		found = json_object_object_get_ex(fields, aliases[i], v);
	if (!found)
		return FIELD_ABSENT;
	return *v == NULL ? FIELD_NULL : FIELD_PRESENT;
}

/* The string of "v" if it is a JSON string without NUL, else NULL.
 * Borrowed from "v". */
static const char *
string_of(struct json_object *v)
{
	const char	*s;

	if (!json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	if (s == NULL ||
	    strlen(s) != (size_t)json_object_get_string_len(v))
		return NULL;
	return s;
}

/*
 * Read field "name" (or an alias) as a string into "*out", which
 * borrows from "fields" and is NULL unless FIELD_PRESENT.  Any other
 * JSON type, and a string holding NUL, is FIELD_BAD_TYPE.
 */
enum field_state
field_string(struct json_object *fields, const char *name,
    const char *const *aliases, const char **out)
{
	struct json_object	*v;
	enum field_state	 st;

	*out = NULL;
	if ((st = field_find(fields, name, aliases, &v)) != FIELD_PRESENT)
		return st;
	if ((*out = string_of(v)) == NULL)
		return FIELD_BAD_TYPE;
	return FIELD_PRESENT;
}

/*
 * Read field "name" as a boolean into "*out" (0 unless FIELD_PRESENT):
 * JSON true/false, or exactly one of the bool_words strings.  Numbers
 * and other strings are FIELD_BAD_TYPE.
 */
enum field_state
field_bool(struct json_object *fields, const char *name, int *out)
{
	struct json_object	*v;
	enum field_state	 st;
	const char		*s;
	size_t			 i;

	*out = 0;
	if ((st = field_find(fields, name, NULL, &v)) != FIELD_PRESENT)
		return st;
	if (json_object_is_type(v, json_type_boolean)) {
		*out = json_object_get_boolean(v) ? 1 : 0;
		return FIELD_PRESENT;
	}
	if ((s = string_of(v)) == NULL)
		return FIELD_BAD_TYPE;
	for (i = 0; i < NELEM(bool_words); i++)
		if (strcmp(s, bool_words[i].word) == 0) {
			*out = bool_words[i].value;
			return FIELD_PRESENT;
		}
	return FIELD_BAD_TYPE;
}

/*
 * Parse "s" as a whole decimal integer: an optional sign and 1 to 19
 * digits, nothing else (no blanks).  0, or -1 if it is not one or out
 * of range.
 */
static int
parse_decimal(const char *s, long long *v)
{
	const char	*p = s;
	char		*end;

	if (*p == '-' || *p == '+')
		p++;
	if (!is_digit((unsigned char)*p) || strlen(p) > 19 ||
	    !all_digits(p, strlen(p)))
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	return 0;
}

/*
 * Read field "name" as an integer in ["min", "max"] into "*out" (0
 * unless FIELD_PRESENT): a JSON integer, or a decimal string.  Other
 * types, fractions and out-of-range values are FIELD_BAD_TYPE.
 */
enum field_state
field_int(struct json_object *fields, const char *name, long long min,
    long long max, long long *out)
{
	struct json_object	*v;
	enum field_state	 st;
	const char		*s;
	long long		 n;

	*out = 0;
	if ((st = field_find(fields, name, NULL, &v)) != FIELD_PRESENT)
		return st;
	if (json_object_is_type(v, json_type_int)) {
		n = json_object_get_int64(v);
		/* an unsigned value above INT64_MAX reads as INT64_MAX */
		if (n == INT64_MAX &&
		    json_object_get_uint64(v) != (uint64_t)INT64_MAX)
			return FIELD_BAD_TYPE;
	} else if ((s = string_of(v)) == NULL || parse_decimal(s, &n) == -1)
		return FIELD_BAD_TYPE;
	if (n < min || n > max)
		return FIELD_BAD_TYPE;
	*out = n;
	return FIELD_PRESENT;
}

/*
 * Read string field "name" (or an alias) into "*out", borrowed from
 * "fields".  A field error is recorded in "r" under "name" (never
 * echoing the value) when the field is required but absent, null or
 * empty ("<Label> is required"), not a string ("<Label> must be a
 * string"), or longer than "maxbytes" when that is not 0 ("<Label> is
 * too long").  "label" NULL means "name".  Returns 1 present and good
 * (possibly "" when not required), 0 absent or null and allowed, -1
 * error recorded.
 */
int
input_string(struct json_object *fields, struct reply *r,
    const char *name, const char *const *aliases, const char *label,
    int required, size_t maxbytes, const char **out)
{
	char		 msg[128];
	const char	*s, *what;

	*out = NULL;
	switch (field_string(fields, name, aliases, &s)) {
	case FIELD_PRESENT:
		if (maxbytes > 0 && strlen(s) > maxbytes)
			what = "is too long";
		else if (required && s[0] == '\0')
			what = "is required";
		else {
			*out = s;
			return 1;
		}
		break;
	case FIELD_BAD_TYPE:
		what = "must be a string";
		break;
	default:
		if (!required)
			return 0;
		what = "is required";
		break;
	}
	snprintf(msg, sizeof(msg), "%s %s", label != NULL ? label : name,
	    what);
	if (r != NULL)
		(void)reply_field_error(r, name, msg, NULL);
	return -1;
}

int
input_bool(struct json_object *fields, struct reply *r, const char *name,
    const char *label, int *out)
{
	char	 msg[128];
	int	 v = 0;

	switch (field_bool(fields, name, &v)) {
	case FIELD_PRESENT:
		*out = v;
		return 1;
	case FIELD_BAD_TYPE:
		snprintf(msg, sizeof(msg), "%s must be a boolean", label);
		reply_field_error(r, name, msg, NULL);
		return -1;
	default:
		return 0;
	}
}
