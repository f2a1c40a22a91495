-- fcauth schema, version 2: the kinds of password hashes imported by
-- fcauthctl import-users, so that a login takes as long whatever kind
-- of hash the account has, or whether it has one at all.
--
-- A kind is a hash's method and cost parameters, the part before the
-- salt ("$2b$12$", "$6$rounds=656000$", "$y$j9T$").  While a kind is
-- still stored in users, every login spends one verification of it
-- (against the account's own hash or against dummy_hash); the login
-- rehashes each account with the configured method, and a kind no
-- account has any more costs nothing.

-- One row per kind fcauthctl import-users has seen; dummy_hash is a
-- random password hashed with that kind's parameters.  Each program
-- reads the whole table (SELECT kind, dummy_hash FROM password_kinds)
-- at most once a minute ([password] kinds_refresh).
CREATE TABLE IF NOT EXISTS password_kinds (
	kind		VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
	dummy_hash	VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	created_at	DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- Whether a kind is still stored: SELECT 1 FROM users WHERE
-- password_hash LIKE 'kind%' LIMIT 1, once per kind on each refresh,
-- a range read of this index instead of a scan of every account.
ALTER TABLE users ADD INDEX IF NOT EXISTS users_password_kind (password_hash(32));
