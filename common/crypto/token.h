/*
 * token: opaque secrets (refresh tokens, link tokens, numeric codes)
 * and the digests under which they are stored.  Only digests reach the
 * database; the secret goes to the client once.
 */
#ifndef FCAUTH_TOKEN_H
#define FCAUTH_TOKEN_H

#include <stddef.h>

#define TOKEN_BYTES	32			/* 256 random bits */
#define TOKEN_STRLEN	43			/* base64url, no padding */
#define TOKEN_DIGEST	32			/* SHA-256 */
#define TOKEN_CODE_MAX	10			/* digits of a numeric code */

/* Fill "out" (>= TOKEN_STRLEN + 1) with a new random token. */
void	 token_new(char *out);

/*
 * Fill "out" with "digits" (1..TOKEN_CODE_MAX) random decimal digits,
 * uniformly chosen, NUL-terminated.  Returns 0, or -1 on bad "digits".
 */
int	 token_code(char *out, unsigned digits);

/* SHA-256 of "len" bytes of "s" into "out". */
void	 token_digest(const char *s, size_t len, unsigned char out[TOKEN_DIGEST]);

/*
 * Whether "s" looks like one of our tokens: exactly TOKEN_STRLEN
 * base64url characters.  1 or 0.  A cheap filter before a lookup.
 */
int	 token_wellformed(const char *s);

/* Constant-time comparison of two digests: 1 equal, 0 not. */
int	 token_digest_equal(const unsigned char a[TOKEN_DIGEST],
	    const unsigned char b[TOKEN_DIGEST]);

/* base64url without padding: returns output length or -1 (too small). */
int	 b64url_encode(const unsigned char *in, size_t len, char *out, size_t outsz);
int	 b64url_decode(const char *in, size_t len, unsigned char *out, size_t outsz);

#endif /* FCAUTH_TOKEN_H */
