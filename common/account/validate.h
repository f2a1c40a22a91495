/*
 * validate: the field rules of API.md as pure functions.  Each rule
 * returns NULL when the value is good, or an English message ("Email
 * format invalid") when it is not.  Reading the fields themselves is
 * input.h's.
 */
#ifndef FCAUTH_VALIDATE_H
#define FCAUTH_VALIDATE_H

#include <stddef.h>
#include <time.h>

#include "utf8.h"

#define EMAIL_MAX	254
#define USERNAME_MIN	3
#define USERNAME_MAX	32
#define FULLNAME_MAX	100	/* characters */
#define BIO_MAX		1000	/* characters */
#define CONTACTS_MAX	1000	/* characters */
#define URL_MAX		2048	/* bytes */
#define PHONE_MAX	32	/* bytes as typed */

/*
 * Email: <= 254 bytes, local part <= 64, one '@', a dotted domain, no
 * spaces or control characters.  On success the lower-cased address is
 * written to "norm" (>= EMAIL_MAX + 1).
 */
const char	*validate_email(const char *s, char *norm, size_t normsz);

/*
 * An address to store (registration, email change, fcauthctl): as
 * validate_email, and no '%' (the percent relay hack) unless
 * "allow_percent".  Lookups (login, forgot, resend) use validate_email,
 * so that an address stored before still finds its account.
 */
const char	*validate_email_new(const char *s, int allow_percent,
		    char *norm, size_t normsz);

/* Username: 3-32 of A-Z a-z 0-9 _ . -, not reserved (compared without
 * case and without the separators _ . -, so "Admin_" is "admin").
 * "reserved" is a comma list, or NULL for the built-in list. */
const char	*validate_username(const char *s, const char *reserved);

/*
 * Password: >= "minlen" characters (code points), <= 1024 bytes, valid
 * UTF-8, not equal (case-insensitively) to "email" or "username" (either
 * may be NULL), not on the common-password list.
 */
const char	*validate_password(const char *pw, unsigned minlen,
		    const char *email, const char *username);

/* Load a common-password list (one per line) to use instead of the
 * built-in one.  0 or -1. */
int		 validate_load_common(const char *path);

/* Phone: digits with optional leading '+', spaces, dashes, parentheses;
 * 7-15 digits. */
const char	*validate_phone(const char *s);

/* Birthday: YYYY-MM-DD or DD.MM.YYYY, a real date not after the UTC
 * day of "now" (and not before 1900); normalised to YYYY-MM-DD in
 * "out" (>= 11).  validate_birthday asks the clock for "now". */
const char	*validate_birthday_at(const char *s, time_t now, char *out,
		    size_t outsz);
const char	*validate_birthday(const char *s, char *out, size_t outsz);

/* An http(s) URL with a host, <= 2048 bytes, no spaces or controls. */
const char	*validate_url(const char *s);

/* Text: valid UTF-8, no control characters (tab and newline allowed
 * when "multiline"), no bidi embeddings, overrides or isolates and no
 * U+2028/U+2029, at most "maxchars" code points. */
const char	*validate_text(const char *s, size_t maxchars, int multiline);

#endif /* FCAUTH_VALIDATE_H */
