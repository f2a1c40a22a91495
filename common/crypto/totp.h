/*
 * totp: RFC 6238 time-based one-time codes, computed by liboath (never
 * by hand): 30-second steps from the Unix epoch, HMAC-SHA-1, 6 digits,
 * as every authenticator app does by default.  The secret is 20
 * random bytes, shown to the user in base32 and as an otpauth:// URI.
 */
#ifndef FCAUTH_TOTP_H
#define FCAUTH_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TOTP_STEP		30	/* seconds */
#define TOTP_DIGITS		6
#define TOTP_WINDOW		1	/* steps accepted either side */
#define TOTP_SECRET_LEN		20	/* bytes, as the HMAC-SHA-1 key */
#define TOTP_B32_MAX		64	/* base32 of a secret + NUL */

/* Set liboath up (idempotent).  0 or -1. */
int	 totp_init(void);

/* The step of "t": floor(t / TOTP_STEP). */
int64_t	 totp_step(time_t t);

/*
 * The "digits" (6..8) digit code of "key" at "t" into "out"
 * (>= digits + 1).  0 or -1.
 */
int	 totp_code(const unsigned char *key, size_t keylen, time_t t,
	    unsigned digits, char *out);

/*
 * Whether "code" (exactly TOTP_DIGITS digits) is the code of "key" at
 * "now" or within TOTP_WINDOW steps of it: 1 with its step in "*step",
 * 0 not (also for anything but six digits), -1 liboath failed.  The
 * comparison is constant-time.
 */
int	 totp_verify(const unsigned char *key, size_t keylen,
	    const char *code, time_t now, int64_t *step);

/* A new random secret into "key" (TOTP_SECRET_LEN bytes). */
void	 totp_secret_new(unsigned char key[TOTP_SECRET_LEN]);

/*
 * "key" in base32 (RFC 4648, upper case, padding dropped) into "out".
 * 0 or -1 (too small, out of memory).
 */
int	 totp_base32(const unsigned char *key, size_t keylen, char *out,
	    size_t outsz);

/*
 * The otpauth://totp/ISSUER:LABEL?secret=...&issuer=...&algorithm=SHA1
 * &digits=6&period=30 URI (Key Uri Format), issuer and label
 * percent-encoded, into "out".  0 or -1 (too small).
 */
int	 totp_uri(const char *issuer, const char *label, const char *b32,
	    char *out, size_t outsz);

#endif /* FCAUTH_TOTP_H */
