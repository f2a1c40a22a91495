-- fcauth schema, version 9: the number of passkeys on the users row.
--
-- The user object says which factors are on (mfa.passkeys), and every
-- route that reads the user reads this one row: users.passkeys is kept
-- by the transaction that adds or deletes a passkey, as mfa_totp and
-- mfa_recovery_left are by the factor's, so that no read counts the
-- passkeys table (a correlated COUNT per read cost GET /profile about a
-- tenth of its rate in scripts/bench).  Account deletion cascades to
-- both.  Existing passkeys are counted once here.
ALTER TABLE users
	ADD COLUMN IF NOT EXISTS passkeys SMALLINT UNSIGNED NOT NULL DEFAULT 0;

UPDATE users SET passkeys =
	(SELECT COUNT(*) FROM passkeys WHERE passkeys.user_id = users.id);
