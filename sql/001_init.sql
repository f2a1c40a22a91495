-- fcauth schema, version 1.
--
-- All times are UTC DATETIME: every connection sets time_zone = '+00:00'
-- and writes UTC_TIMESTAMP().  Secrets (refresh tokens, link tokens,
-- codes) are stored only as SHA-256 digests.  fcauthctl migrate runs this
-- file once and records it in schema_migrations; statements are separated
-- by a semicolon at the end of a line.

-- Applied migrations.  fcauthctl migrate reads it to skip what is done.
CREATE TABLE IF NOT EXISTS schema_migrations (
	version		INT UNSIGNED NOT NULL PRIMARY KEY,
	name		VARCHAR(128) NOT NULL,
	applied_at	DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Accounts.  email is stored lower-cased; username keeps its case but
-- is unique case-insensitively through the _ci collation.
-- status: pending until the address is verified (when verification is
-- on), active, or disabled by an administrator.
CREATE TABLE IF NOT EXISTS users (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	email		VARCHAR(254) NOT NULL,
	username	VARCHAR(32) NULL,
	password_hash	VARCHAR(255) NOT NULL,
	status		ENUM('pending', 'active', 'disabled') NOT NULL DEFAULT 'active',
	email_verified	TINYINT(1) NOT NULL DEFAULT 0,
	role		VARCHAR(16) NOT NULL DEFAULT 'user',
	full_name	VARCHAR(100) NULL,
	phone		VARCHAR(32) NULL,
	birthday	DATE NULL,
	bio		TEXT NULL,
	profile_picture	VARCHAR(2048) NULL,
	contacts	TEXT NULL,
	created_at	DATETIME NOT NULL,
	updated_at	DATETIME NOT NULL,
	last_login_at	DATETIME NULL,
	last_request_at	DATETIME NULL,
	-- login and registration look accounts up by email
	UNIQUE KEY users_email (email),
	-- login by username; registration and profile updates check it
	UNIQUE KEY users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per login: the rotation family of its refresh tokens.  The
-- access token's sid claim is this id; the guard reads the row by its
-- primary key on every authenticated request.
CREATE TABLE IF NOT EXISTS sessions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	refresh_digest	BINARY(32) NOT NULL,
	remember	TINYINT(1) NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL,
	last_used_at	DATETIME NOT NULL,
	expires_at	DATETIME NOT NULL,
	absolute_expires_at DATETIME NOT NULL,
	revoked_at	DATETIME NULL,
	revoke_reason	VARCHAR(32) NULL,
	ip		VARCHAR(64) NOT NULL DEFAULT '',
	user_agent	VARCHAR(255) NOT NULL DEFAULT '',
	-- refresh looks the session up by the digest of the presented token
	UNIQUE KEY sessions_refresh (refresh_digest),
	-- session list and "log out everywhere" work per user
	KEY sessions_user (user_id, revoked_at),
	-- purge removes expired sessions
	KEY sessions_expires (expires_at),
	CONSTRAINT sessions_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Refresh tokens retired by rotation.  A retired token presented again
-- is reuse: its session (family) is revoked.
CREATE TABLE IF NOT EXISTS session_retired (
	digest		BINARY(32) NOT NULL PRIMARY KEY,
	session_id	BIGINT UNSIGNED NOT NULL,
	retired_at	DATETIME NOT NULL,
	KEY session_retired_session (session_id),
	CONSTRAINT session_retired_fk FOREIGN KEY (session_id)
	    REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Email confirmation, password reset and email change.  public_id is
-- the verification_id clients see; the code and the link token are
-- digests.
CREATE TABLE IF NOT EXISTS verifications (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	public_id	VARCHAR(43) NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	purpose		ENUM('confirm', 'reset', 'email_change') NOT NULL,
	email		VARCHAR(254) NOT NULL,
	code_digest	BINARY(32) NULL,
	link_digest	BINARY(32) NULL,
	attempts	INT UNSIGNED NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL,
	expires_at	DATETIME NOT NULL,
	consumed_at	DATETIME NULL,
	-- status, resend and verify by verification_id
	UNIQUE KEY verifications_public (public_id),
	-- the link in the mail and the reset token
	UNIQUE KEY verifications_link (link_digest),
	-- resend by email and "old codes die" work per user and purpose
	KEY verifications_user (user_id, purpose),
	-- purge removes expired rows
	KEY verifications_expires (expires_at),
	CONSTRAINT verifications_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed-attempt counters.  bucket names what is counted, e.g.
-- "login:pair:<user>:<addr>", "login:addr:<addr>", "register:<addr>".
CREATE TABLE IF NOT EXISTS throttle (
	bucket		VARBINARY(200) NOT NULL PRIMARY KEY,
	hits		INT UNSIGNED NOT NULL DEFAULT 0,
	window_start	DATETIME NOT NULL,
	blocked_until	DATETIME NULL,
	-- purge removes stale counters
	KEY throttle_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who did what and when.  On account deletion user_id, ip and
-- user_agent are cleared; the event and time stay.
CREATE TABLE IF NOT EXISTS audit_log (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NULL,
	event		VARCHAR(32) NOT NULL,
	at		DATETIME NOT NULL,
	ip		VARCHAR(64) NULL,
	user_agent	VARCHAR(255) NULL,
	-- GET /activity: a user's events newest first, paged by id
	KEY audit_user (user_id, id),
	CONSTRAINT audit_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mail waiting for fcauthctl mail-worker.  Rows are written in the
-- transaction of the change that causes them.
CREATE TABLE IF NOT EXISTS mail_outbox (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NULL,
	to_addr		VARCHAR(254) NOT NULL,
	subject		VARCHAR(255) NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	status		ENUM('queued', 'sent', 'failed') NOT NULL DEFAULT 'queued',
	attempts	INT UNSIGNED NOT NULL DEFAULT 0,
	next_attempt_at	DATETIME NOT NULL,
	created_at	DATETIME NOT NULL,
	sent_at		DATETIME NULL,
	last_error	VARCHAR(255) NULL,
	-- the worker picks due queued mail in order
	KEY mail_due (status, next_attempt_at),
	CONSTRAINT mail_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
