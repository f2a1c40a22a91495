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

/*
 * Kinds.  A kind is a hash's method and cost parameters, the part
 * before the salt: "$2b$12$", "$6$rounds=656000$", "$6$", "$y$j9T$".
 * Hashes of one kind take the same time to verify.
 */
#define PASSWD_KIND_MAX	64	/* bytes of a kind, with its NUL */

/*
 * The kind of "hash" (or of a setting) into "out" (PASSWD_KIND_MAX
 * bytes).  1, or 0 with "out" empty for a hash of no kind we know
 * (another method, malformed parameters, too long).
 */
int	 passwd_kind(const char *hash, char *out, size_t outsz);

/*
 * A dummy hash of "kind": a random password hashed with the kind's
 * parameters and a fresh salt, into "out" (>= PASSWD_HASH_MAX).  Needs
 * no passwd_init.  0, or -1 if "kind" is not a kind passwd_kind gives
 * or libcrypt fails.
 */
int	 passwd_kind_dummy(const char *kind, char *out, size_t outsz);

/*
 * Verify "pw" against "hash" (NULL for an account that does not exist)
 * with one verification per kind: the configured one and that of each
 * of the "n" hashes in "dummies" (dummy hashes of further kinds still
 * stored).  The kind of "hash" verifies "hash", every other kind its
 * dummy, so the time does not tell the account or its kind apart.  A
 * hash of none of these kinds is verified on top.  As passwd_verify;
 * 0 for a NULL hash; -1 if passwd_init was not called.
 */
int	 passwd_verify_kinds(const char *pw, const char *hash,
	    const char *const *dummies, size_t n);

/* 1 if "hash" uses another method or cost than passwd_init chose, else 0. */
int	 passwd_needs_rehash(const char *hash);

/*
 * The method name of "hash" by its prefix ("yescrypt", "bcrypt",
 * "sha512crypt", ...), or NULL for a hash passwd_verify would refuse.
 * Never reveals more than the method.
 */
const char *passwd_method_of(const char *hash);

#endif /* FCAUTH_PASSWD_H */
