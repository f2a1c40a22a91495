/*
 * mfa_factors: the mfa_totp and mfa_recovery tables and the factor
 * flags of users (sql/005_mfa.sql).  Sealed secrets and digests in,
 * sealed secrets and counts out; no crypto here.
 */
#ifndef FCAUTH_MFA_FACTORS_H
#define FCAUTH_MFA_FACTORS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define MFA_SEALED_MAX	64	/* bytes of a sealed secret kept */
#define MFA_NONCE_LEN	24

/* The TOTP row of an account. */
struct mfa_totp_row {
	unsigned char	 sealed[MFA_SEALED_MAX];
	size_t		 sealed_len;
	unsigned char	 nonce[MFA_NONCE_LEN];
	size_t		 nonce_len;
	int		 confirmed;
	long long	 last_step;
};

/* The row of "user_id": 1, 0 none, -1.  With "lock", FOR UPDATE. */
int	 mfa_store_totp(struct db *db, int64_t user_id, int lock,
	    struct mfa_totp_row *row);

/*
 * Store a new unconfirmed secret for "user_id", replacing an
 * unconfirmed one: 1 done, 0 a confirmed factor is there (nothing
 * changed), -1.
 */
int	 mfa_store_pending(struct db *db, int64_t user_id,
	    const unsigned char *sealed, size_t len,
	    const unsigned char nonce[MFA_NONCE_LEN]);

/*
 * Record that step "step" was accepted: only when it is later than
 * the last one, and (with "confirm") only for an unconfirmed factor,
 * which it confirms and flags in users; else only a confirmed one.  1
 * done, 0 not (a replay, or the state changed), -1.
 */
int	 mfa_store_use_step(struct db *db, int64_t user_id, long long step,
	    int confirm);

/*
 * Replace the recovery codes of "user_id" by the "n" digests (32 bytes
 * each) and set users.mfa_recovery_left to "n".  0 or -1.
 */
int	 mfa_store_codes(struct db *db, int64_t user_id,
	    const unsigned char (*digests)[32], size_t n);

/*
 * Consume the code of digest "d": 1 used (with the count still unused
 * in "*left"), 0 no such unused code, -1.
 */
int	 mfa_store_use_code(struct db *db, int64_t user_id,
	    const unsigned char d[32], int *left);

/* The flags of users: 1 with "*totp" and "*left", 0 no account, -1. */
int	 mfa_store_flags(struct db *db, int64_t user_id, int *totp,
	    int *left);

/* Remove the factor and the codes, clear the flags.  0 or -1. */
int	 mfa_store_remove(struct db *db, int64_t user_id);

#endif /* FCAUTH_MFA_FACTORS_H */
