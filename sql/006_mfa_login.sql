-- fcauth schema, version 6: the sign-in step of two-factor accounts
-- (pending sign-ins between the password and the code) and trusted
-- devices (a token that lets one browser or app skip the code).
--
-- Both tokens are random (token_new) and stored only as SHA-256
-- digests, in tables of their own: neither can be found where a
-- refresh token or an access token is looked for, nor the other way
-- round.

-- A correct password of an account with a factor: the mfa_token the
-- client sends to /auth/mfa/verify with the code.  Single use
-- (used_at), short-lived (expires_at, [mfa] token_ttl) and dead after
-- five wrong codes (tries).  remember is the login's own "remember",
-- carried to the session verify makes.
CREATE TABLE IF NOT EXISTS mfa_pending (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	digest		BINARY(32) NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	remember	TINYINT(1) NOT NULL DEFAULT 0,
	tries		INT UNSIGNED NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL,
	expires_at	DATETIME NOT NULL,
	used_at		DATETIME NULL,
	-- verify looks the sign-in up by the digest of the token sent
	UNIQUE KEY mfa_pending_digest (digest),
	-- purge removes expired rows
	KEY mfa_pending_expires (expires_at),
	CONSTRAINT mfa_pending_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A device the user trusted (remember_device): its token skips the
-- second factor of that account until expires_at ([mfa]
-- trusted_device_ttl).  Listed and revocable beside the sessions; a
-- password change or reset, "log out everywhere" and removing the
-- factor delete every row of the account.
CREATE TABLE IF NOT EXISTS trusted_devices (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	digest		BINARY(32) NOT NULL,
	created_at	DATETIME NOT NULL,
	expires_at	DATETIME NOT NULL,
	last_used_at	DATETIME NOT NULL,
	ip		VARCHAR(64) NOT NULL DEFAULT '',
	user_agent	VARCHAR(255) NOT NULL DEFAULT '',
	-- login checks the token sent by its digest
	UNIQUE KEY trusted_devices_digest (digest),
	-- the device list and the revocations work per user
	KEY trusted_devices_user (user_id),
	-- purge removes expired rows
	KEY trusted_devices_expires (expires_at),
	CONSTRAINT trusted_devices_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
