/*
 * token: opaque random secrets, numeric codes, their SHA-256 digests,
 * and the base64url coding shared with the jwt module.  All randomness
 * comes from the libsodium CSPRNG; nothing here allocates.
 */
#include <limits.h>
#include <string.h>

#include <sodium.h>

#include "token.h"

#define B64URL	sodium_base64_VARIANT_URLSAFE_NO_PADDING

/*
 * Make sure libsodium is initialised: it picks the fastest
 * implementations and opens the random source.  sodium_init() is
 * idempotent and thread-safe, so calling it on every use is fine.
 * Returns 0, or -1 if libsodium cannot be used.
 */
static int
token_sodium(void)
{

	return sodium_init() < 0 ? -1 : 0;
}

/*
 * Whether "c" is in the base64url alphabet (RFC 4648 section 5).
 * Written without a table so it does not depend on the locale.
 */
static int
token_b64char(char c)
{

	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/*
 * Fill "out" with TOKEN_STRLEN base64url characters of TOKEN_BYTES
 * random bytes and a NUL.  Should libsodium be unusable, "out" is left
 * empty, which token_wellformed() refuses.
 */
void
token_new(char *out)
{
	unsigned char	 buf[TOKEN_BYTES];

	out[0] = '\0';
	if (token_sodium() == -1)
		return;
	randombytes_buf(buf, sizeof(buf));
	if (b64url_encode(buf, sizeof(buf), out, TOKEN_STRLEN + 1) !=
	    TOKEN_STRLEN)
		out[0] = '\0';
	sodium_memzero(buf, sizeof(buf));
}

/*
 * Fill "out" (>= digits + 1) with "digits" decimal digits, each drawn
 * with randombytes_uniform() so that there is no modulo bias.
 * Returns 0, or -1 on bad "digits" (then "out" is untouched).
 */
int
token_code(char *out, unsigned digits)
{
	unsigned	 i;

	if (digits < 1 || digits > TOKEN_CODE_MAX)
		return -1;
	if (token_sodium() == -1)
		return -1;
	for (i = 0; i < digits; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[digits] = '\0';
	return 0;
}

/*
 * SHA-256 of "len" bytes of "s" into "out".  crypto_hash_sha256 cannot
 * fail; sodium_init() is not needed for it.
 */
void
token_digest(const char *s, size_t len, unsigned char out[TOKEN_DIGEST])
{

	crypto_hash_sha256(out, (const unsigned char *)s, len);
}

/*
 * Whether "s" is exactly TOKEN_STRLEN base64url characters.  Never
 * reads past the first character that is not one.  1 or 0; NULL is 0.
 */
int
token_wellformed(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < TOKEN_STRLEN; i++)
		if (!token_b64char(s[i]))
			return 0;
	return s[TOKEN_STRLEN] == '\0';
}

/* Constant-time comparison of two digests: 1 equal, 0 not. */
int
token_digest_equal(const unsigned char a[TOKEN_DIGEST],
    const unsigned char b[TOKEN_DIGEST])
{

	return sodium_memcmp(a, b, TOKEN_DIGEST) == 0;
}

/*
 * Encode "len" bytes of "in" as base64url without padding into "out",
 * NUL-terminated.  Returns the length written (without the NUL), or -1
 * if "outsz" is too small or the result would not fit an int.
 */
int
b64url_encode(const unsigned char *in, size_t len, char *out, size_t outsz)
{
	size_t	 need;

	/* Keeps both the size computation and the return value in range. */
	if (out == NULL || len > (size_t)INT_MAX / 4 * 3)
		return -1;
	need = sodium_base64_ENCODED_LEN(len, B64URL);
	if (outsz < need)
		return -1;
	sodium_bin2base64(out, outsz, in, len, B64URL);
	return (int)(need - 1);
}

/*
 * Decode "len" characters of base64url without padding from "in" into
 * "out".  Refuses any character outside the alphabet (including '='
 * and whitespace), an impossible length, and non-zero trailing bits,
 * so that every byte string has exactly one accepted encoding.
 * Returns the number of bytes written, or -1 (bad input or "outsz" too
 * small).
 */
int
b64url_decode(const char *in, size_t len, unsigned char *out, size_t outsz)
{
	const char	*end = NULL;
	size_t		 binlen = 0;

	if (in == NULL || out == NULL || len > INT_MAX)
		return -1;
	if (sodium_base642bin(out, outsz, in, len, NULL, &binlen, &end,
	    B64URL) != 0)
		return -1;
	/* libsodium stops quietly at the first foreign character. */
	if (end != in + len)
		return -1;
	return (int)binlen;
}
