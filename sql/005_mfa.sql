-- fcauth schema, version 5: a second factor (TOTP authenticator apps)
-- and its recovery codes.
--
-- users.mfa_totp says whether the account has a confirmed TOTP factor
-- and users.mfa_recovery_left how many recovery codes it has left, so
-- that every route that reads the user knows its factors from that one
-- row, without a second query.  Both are written in the transaction
-- that confirms, removes or uses a factor.
ALTER TABLE users
	ADD COLUMN IF NOT EXISTS mfa_totp TINYINT(1) NOT NULL DEFAULT 0,
	ADD COLUMN IF NOT EXISTS mfa_recovery_left TINYINT UNSIGNED NOT NULL
	    DEFAULT 0;

-- One TOTP factor per account.  The shared secret is sealed with
-- crypto_secretbox under the [mfa] key of the configuration (nonce
-- beside it), so a dump of the database alone does not yield it.
-- confirmed_at is NULL while enrolment waits for its first code; a new
-- start replaces an unconfirmed row.  last_used_step is the newest
-- 30-second step accepted: a code is accepted only for a later step
-- (UPDATE ... WHERE last_used_step < ?), so each code works once.
CREATE TABLE IF NOT EXISTS mfa_totp (
	user_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	secret_sealed	VARBINARY(128) NOT NULL,
	nonce		BINARY(24) NOT NULL,
	created_at	DATETIME NOT NULL,
	confirmed_at	DATETIME NULL,
	last_used_step	BIGINT NOT NULL DEFAULT 0,
	CONSTRAINT mfa_totp_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Recovery codes, ten per set, stored only as keyed digests (BLAKE2b
-- under the [mfa] key).  A code is consumed by setting used_at in an
-- UPDATE that also requires used_at IS NULL; a new set deletes the old.
CREATE TABLE IF NOT EXISTS mfa_recovery (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	digest		BINARY(32) NOT NULL,
	created_at	DATETIME NOT NULL,
	used_at		DATETIME NULL,
	-- a code is looked up by its digest within the account
	UNIQUE KEY mfa_recovery_digest (user_id, digest),
	CONSTRAINT mfa_recovery_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
