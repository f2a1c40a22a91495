/*
 * recovery: generation and digests of recovery codes.
 */
#include <string.h>

#include <sodium.h>

#include "recovery.h"

/* 31 letters: no 0/o, 1/l/i, so a code read aloud or off paper is
 * typed back right. */
static const char	 alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
static const char	 kdf_ctx[crypto_kdf_CONTEXTBYTES] = "fcmfarec";

_Static_assert(sizeof(alphabet) - 1 == 31,
    "recovery alphabet");

void
recovery_new(char *out)
{
	size_t	 i, j = 0;

	for (i = 0; i < RECOVERY_CHARS; i++) {
		if (i == RECOVERY_CHARS / 2)
			out[j++] = '-';
		out[j++] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	}
	out[j] = '\0';
}

/* "code" lower-cased without spaces and dashes into "norm"; -1 when it
 * is not RECOVERY_CHARS letters of the alphabet. */
static int
normalise(const char *code, char norm[RECOVERY_CHARS + 1])
{
	size_t	 i, n = 0;
	char	 c;

	for (i = 0; code[i] != '\0'; i++) {
		if (i >= RECOVERY_INPUT_MAX)
			return -1;
		c = code[i];
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (strchr(alphabet, c) == NULL || n == RECOVERY_CHARS)
			return -1;
		norm[n++] = c;
	}
	norm[n] = '\0';
	return n == RECOVERY_CHARS ? 0 : -1;
}

int
recovery_digest(const unsigned char key[32], const char *code,
    unsigned char out[RECOVERY_DIGEST])
{
	unsigned char	 sub[crypto_generichash_KEYBYTES];
	char		 norm[RECOVERY_CHARS + 1];
	int		 rc = 0;

	if (code == NULL || normalise(code, norm) == -1)
		return -1;
	/* a subkey, so the sealing key is never used for two things */
	if (crypto_kdf_derive_from_key(sub, sizeof(sub), 1, kdf_ctx,
	    key) != 0 || crypto_generichash(out, RECOVERY_DIGEST,
	    (const unsigned char *)norm, RECOVERY_CHARS, sub,
	    sizeof(sub)) != 0)
		rc = -1;
	sodium_memzero(sub, sizeof(sub));
	sodium_memzero(norm, sizeof(norm));
	return rc;
}
