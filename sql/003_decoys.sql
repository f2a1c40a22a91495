-- fcauth schema, version 3: decoy verifications, so that a resend by
-- address answers an unknown (or already verified) address as it
-- answers a pending one, with a verification id of its own.
--
-- A decoy is a verifications row with purpose 'decoy' and no account
-- (user_id NULL): it has a public id drawn like every other, the
-- digest of a code nobody is ever sent, an expiry and a try counter.
-- GET /verify/status reads it as a pending confirmation and POST
-- /verify counts wrong codes on it like on one, until it is out of
-- tries or expired; it never confirms anything.  fcauthctl purge
-- removes it with the other expired rows.
ALTER TABLE verifications
	MODIFY user_id BIGINT UNSIGNED NULL,
	MODIFY purpose ENUM('confirm', 'reset', 'email_change', 'decoy')
	    NOT NULL;

-- A resend by address finds the newest decoy of an address (for the
-- cooldown) and retires the earlier ones: WHERE email = ? AND purpose
-- = 'decoy', without scanning (and locking) the whole table.
ALTER TABLE verifications
	ADD INDEX IF NOT EXISTS verifications_email (email, purpose);
