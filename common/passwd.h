/*
 * passwd: password hashing through libcrypt (libxcrypt).  New hashes use
 * the configured method (yescrypt by default); verification accepts any
 * hash libcrypt knows: $y$ yescrypt, $2b$/$2y$ bcrypt (PHP's
 * password_hash), $6$ SHA-512 crypt.
 */
#ifndef FCAUTH_PASSWD_H
#define FCAUTH_PASSWD_H

#include <stddef.h>

#define PASSWD_HASH_MAX	128	/* CRYPT_OUTPUT_SIZE is 384, ours are shorter */
#define PASSWD_MAX	1024	/* bytes of a password we accept */

/*
 * Choose the method for new hashes: "yescrypt", "bcrypt" or
 * "sha512crypt", with "cost" (0 = the method's recommended default:
 * yescrypt 5, bcrypt 12, sha512crypt 5000 rounds).  Computes the dummy
 * hash used for unknown accounts.  Returns 0, or -1 for an unknown
 * method or if libcrypt refuses.  Call once at start.
 */
int	 passwd_init(const char *method, unsigned cost);

/* Hash "pw" into "out" (>= PASSWD_HASH_MAX).  0 or -1. */
int	 passwd_hash(const char *pw, char *out, size_t outsz);

/*
 * Verify "pw" against "hash".  1 match, 0 no match, -1 error (unknown
 * or invalid hash).  The comparison is constant-time.
 */
int	 passwd_verify(const char *pw, const char *hash);

/*
 * Spend the time of one verification with the configured method, for an
 * account that does not exist.  Always "fails".
 */
void	 passwd_dummy_verify(const char *pw);

/* 1 if "hash" uses another method or cost than passwd_init chose, else 0. */
int	 passwd_needs_rehash(const char *hash);

/*
 * The method name of "hash" by its prefix ("yescrypt", "bcrypt",
 * "sha512crypt", ...), or NULL for a hash passwd_verify would refuse.
 * Never reveals more than the method.
 */
const char *passwd_method_of(const char *hash);

#endif /* FCAUTH_PASSWD_H */
