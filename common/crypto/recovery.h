/*
 * recovery: single-use recovery codes of the second factor.  A code is
 * ten characters of a 31-letter alphabet without look-alikes (49
 * random bits), shown as "xxxxx-xxxxx"; only its digest is stored:
 * BLAKE2b keyed with a subkey of the [mfa] key, of the code
 * normalised (lower case, spaces and dashes dropped), so that what the
 * user types back finds it however it was written.
 */
#ifndef FCAUTH_RECOVERY_H
#define FCAUTH_RECOVERY_H

#include <stddef.h>

#define RECOVERY_CHARS	10	/* letters of a code */
#define RECOVERY_STRLEN	11	/* "xxxxx-xxxxx" */
#define RECOVERY_DIGEST	32	/* bytes */
#define RECOVERY_INPUT_MAX 32	/* longest input looked at */

/* A new code into "out" (>= RECOVERY_STRLEN + 1). */
void	 recovery_new(char *out);

/*
 * The digest of the code "code" under "key" (32 bytes) into "out":
 * 0, or -1 when "code" is not a code of the alphabet once normalised
 * (then nothing is looked up).
 */
int	 recovery_digest(const unsigned char key[32], const char *code,
	    unsigned char out[RECOVERY_DIGEST]);

#endif /* FCAUTH_RECOVERY_H */
