/*
 * validate: the field rules of API.md ("Field rules") as pure
 * functions (typed access to request fields is in input.c).
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
 * Unicode-normalised.  UTF-8 is decoded by the utf8 module.  The
 * common-password list is validate_common.c's, dates validate_date.c's.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "list.h"
#include "passwd.h"
#include "validate.h"
#include "validate_private.h"

#define STR(x)		STR_(x)
#define STR_(x)		#x

#define EMAIL_LOCAL_MAX		64	/* bytes, RFC 5321 */
#define DNS_LABEL_MAX		63	/* bytes */
#define PASSWORD_MIN_DEFAULT	8	/* code points, when minlen is 0 */
#define PHONE_DIGITS_MIN	7
#define PHONE_DIGITS_MAX	15
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
	if (validate_common_has(pw))
		return PASSWORD_COMMON;
	return NULL;
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
