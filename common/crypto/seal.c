/*
 * seal: crypto_secretbox_easy and _open_easy with the sizes checked.
 */
#include <sodium.h>

#include "seal.h"

_Static_assert(SEAL_KEY == crypto_secretbox_KEYBYTES &&
    SEAL_NONCE == crypto_secretbox_NONCEBYTES &&
    SEAL_MAC == crypto_secretbox_MACBYTES, "secretbox sizes");

int
seal_box(const unsigned char key[SEAL_KEY], const unsigned char *plain,
    size_t len, unsigned char nonce[SEAL_NONCE], unsigned char *out,
    size_t outsz)
{

	if (outsz < len + SEAL_MAC)
		return -1;
	randombytes_buf(nonce, SEAL_NONCE);
	return crypto_secretbox_easy(out, plain, len, nonce, key) == 0 ?
	    0 : -1;
}

int
seal_open(const unsigned char key[SEAL_KEY], const unsigned char *sealed,
    size_t len, const unsigned char nonce[SEAL_NONCE], unsigned char *plain,
    size_t plainsz)
{

	if (len < SEAL_MAC || plainsz < len - SEAL_MAC)
		return -1;
	if (crypto_secretbox_open_easy(plain, sealed, len, nonce, key) != 0)
		return -1;
	return (int)(len - SEAL_MAC);
}
