-- fcauth schema, version 8: passkeys (WebAuthn credentials, issue 17)
-- and the challenges of their ceremonies.

-- The WebAuthn user handle (user.id of the creation options) of an
-- account: 32 random bytes made at its first passkey registration, so
-- that an authenticator never holds the address or the numeric id.  A
-- discoverable credential's assertion names its account by it.
CREATE TABLE IF NOT EXISTS webauthn_handles (
	user_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	handle		BINARY(32) NOT NULL,
	created_at	DATETIME NOT NULL,
	UNIQUE KEY webauthn_handles_handle (handle),
	CONSTRAINT webauthn_handles_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One registered credential.  cred_id is the authenticator's
-- credential id (rawId), unique over all accounts: a sign-in finds the
-- credential, and so the account, by it.  public_key is the COSE key
-- as the verifier stores it (opaque here), alg its COSE algorithm.
-- sign_count is the newest counter seen: an assertion must raise it
-- (both 0: the authenticator keeps none), else the authenticator was
-- cloned.  transports is the client's list ("internal,hybrid"),
-- handed back in allowCredentials.
CREATE TABLE IF NOT EXISTS passkeys (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	cred_id		VARBINARY(256) NOT NULL,
	public_key	VARBINARY(1024) NOT NULL,
	alg		INT NOT NULL,
	sign_count	INT UNSIGNED NOT NULL DEFAULT 0,
	transports	VARCHAR(64) NOT NULL DEFAULT '',
	backup_eligible	TINYINT(1) NOT NULL DEFAULT 0,
	backed_up	TINYINT(1) NOT NULL DEFAULT 0,
	aaguid		BINARY(16) NOT NULL,
	fmt		VARCHAR(16) NOT NULL DEFAULT '',
	name		VARCHAR(64) NOT NULL DEFAULT '',
	created_at	DATETIME NOT NULL,
	last_used_at	DATETIME NULL,
	UNIQUE KEY passkeys_cred (cred_id),
	-- the list, excludeCredentials and allowCredentials work per user
	KEY passkeys_user (user_id),
	CONSTRAINT passkeys_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A challenge the server issued (options routes), stored only as its
-- SHA-256 digest.  Single use: the ceremony that answers it sets
-- used_at in an UPDATE that requires used_at IS NULL and expires_at in
-- the future.  purpose is the ceremony (1 registration, 2 sign-in);
-- user_id the account a registration or a login-named sign-in is for
-- (NULL: usernameless); mfa_pending_id the pending sign-in a second
-- factor completes.
CREATE TABLE IF NOT EXISTS webauthn_challenges (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	digest		BINARY(32) NOT NULL,
	purpose		TINYINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NULL,
	mfa_pending_id	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL,
	expires_at	DATETIME NOT NULL,
	used_at		DATETIME NULL,
	UNIQUE KEY webauthn_challenges_digest (digest),
	-- purge removes expired rows
	KEY webauthn_challenges_expires (expires_at),
	CONSTRAINT webauthn_challenges_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT webauthn_challenges_pending_fk FOREIGN KEY (mfa_pending_id)
	    REFERENCES mfa_pending (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
