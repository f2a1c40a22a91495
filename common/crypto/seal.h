/*
 * seal: secrets at rest (the TOTP secret) sealed with libsodium's
 * crypto_secretbox (XSalsa20-Poly1305) under the [mfa] key, a fresh
 * random nonce each time, so that a dump of the database alone does
 * not yield them, and a changed row does not open.
 */
#ifndef FCAUTH_SEAL_H
#define FCAUTH_SEAL_H

#include <stddef.h>

#define SEAL_KEY	32	/* crypto_secretbox_KEYBYTES */
#define SEAL_NONCE	24	/* crypto_secretbox_NONCEBYTES */
#define SEAL_MAC	16	/* crypto_secretbox_MACBYTES */
#define SEAL_MAX	64	/* largest sealed value kept (plain + MAC) */

/*
 * Seal "len" bytes of "plain" into "out" (room for len + SEAL_MAC)
 * with a new nonce into "nonce".  0, or -1 when "out" is too small.
 */
int	 seal_box(const unsigned char key[SEAL_KEY], const unsigned char *plain,
	    size_t len, unsigned char nonce[SEAL_NONCE], unsigned char *out,
	    size_t outsz);

/*
 * Open "len" sealed bytes into "plain" (room for len - SEAL_MAC): the
 * plain length, or -1 (wrong key, changed bytes, too short).
 */
int	 seal_open(const unsigned char key[SEAL_KEY],
	    const unsigned char *sealed, size_t len,
	    const unsigned char nonce[SEAL_NONCE], unsigned char *plain,
	    size_t plainsz);

#endif /* FCAUTH_SEAL_H */
