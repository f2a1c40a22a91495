/*
 * totp: the liboath wrapper.  liboath does the HMAC and the truncation;
 * this file only fixes the parameters, compares in constant time and
 * turns liboath's window position into an absolute step, which the
 * caller stores so that each step is accepted once (replay).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "totp.h"

static int	 totp_ready;

int
totp_init(void)
{

	if (totp_ready)
		return 0;
	if (oath_init() != OATH_OK)
		return -1;
	totp_ready = 1;
	return 0;
}

int64_t
totp_step(time_t t)
{

	if (t < 0)
		return 0;
	return (int64_t)(t / TOTP_STEP);
}

int
totp_code(const unsigned char *key, size_t keylen, time_t t,
    unsigned digits, char *out)
{

	if (digits < 6 || digits > 8 || totp_init() == -1)
		return -1;
	if (oath_totp_generate((const char *)key, keylen, t, TOTP_STEP,
	    OATH_TOTP_DEFAULT_START_TIME, digits, out) != OATH_OK)
		return -1;
	return 0;
}

/* Six ASCII digits and nothing else. */
static int
six_digits(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < TOTP_DIGITS; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[TOTP_DIGITS] == '\0';
}

/* liboath's compare callback: 0 on a match, in constant time. */
static int
totp_cmp(void *handle, const char *test)
{

	return sodium_memcmp(handle, test, TOTP_DIGITS) == 0 ? 0 : 1;
}

int
totp_verify(const unsigned char *key, size_t keylen, const char *code,
    time_t now, int64_t *step)
{
	char		 given[TOTP_DIGITS + 1];
	uint64_t	 counter = 0;
	int		 pos = 0, rc;

	if (!six_digits(code))
		return 0;
	if (totp_init() == -1)
		return -1;
	memcpy(given, code, sizeof(given));
	rc = oath_totp_validate3_callback((const char *)key, keylen, now,
	    TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, TOTP_WINDOW,
	    &pos, &counter, totp_cmp, given);
	sodium_memzero(given, sizeof(given));
	if (rc == OATH_INVALID_OTP)
		return 0;
	if (rc < 0)
		return -1;
	*step = (int64_t)counter;
	return 1;
}

void
totp_secret_new(unsigned char key[TOTP_SECRET_LEN])
{

	randombytes_buf(key, TOTP_SECRET_LEN);
}

int
totp_base32(const unsigned char *key, size_t keylen, char *out,
    size_t outsz)
{
	char	*b32 = NULL;
	size_t	 len = 0;

	if (totp_init() == -1 || oath_base32_encode((const char *)key,
	    keylen, &b32, &len) != OATH_OK)
		return -1;
	while (len > 0 && b32[len - 1] == '=')
		len--;
	if (len + 1 > outsz) {
		sodium_memzero(b32, len);
		free(b32);
		return -1;
	}
	memcpy(out, b32, len);
	out[len] = '\0';
	sodium_memzero(b32, len);
	free(b32);
	return 0;
}

/* Percent-encode "s" (RFC 3986 unreserved kept) onto "out" at "*n". */
static int
pct(const char *s, char *out, size_t outsz, size_t *n)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			if (*n + 1 >= outsz)
				return -1;
			out[(*n)++] = (char)c;
			continue;
		}
		if (*n + 3 >= outsz)
			return -1;
		out[(*n)++] = '%';
		out[(*n)++] = hex[c >> 4];
		out[(*n)++] = hex[c & 0xf];
	}
	out[*n] = '\0';
	return 0;
}

/* Append the literal "s" onto "out" at "*n". */
static int
lit(const char *s, char *out, size_t outsz, size_t *n)
{
	size_t	 len = strlen(s);

	if (*n + len >= outsz)
		return -1;
	memcpy(out + *n, s, len + 1);
	*n += len;
	return 0;
}

int
totp_uri(const char *issuer, const char *label, const char *b32,
    char *out, size_t outsz)
{
	char	 tail[64];
	size_t	 n = 0;

	if (outsz == 0)
		return -1;
	(void)snprintf(tail, sizeof(tail), "&algorithm=SHA1&digits=%d"
	    "&period=%d", TOTP_DIGITS, TOTP_STEP);
	if (lit("otpauth://totp/", out, outsz, &n) == -1 ||
	    pct(issuer, out, outsz, &n) == -1 ||
	    lit(":", out, outsz, &n) == -1 ||
	    pct(label, out, outsz, &n) == -1 ||
	    lit("?secret=", out, outsz, &n) == -1 ||
	    lit(b32, out, outsz, &n) == -1 ||
	    lit("&issuer=", out, outsz, &n) == -1 ||
	    pct(issuer, out, outsz, &n) == -1 ||
	    lit(tail, out, outsz, &n) == -1) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
