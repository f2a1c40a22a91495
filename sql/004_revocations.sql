-- fcauth schema, version 4: the revocation feed.
--
-- Every event that ends sessions appends a row here, in the same
-- transaction as the change: one session (scope 'session') or every
-- session of an account but one (scope 'user', except_session 0 for
-- all of them), with what happened (reason) and when (revoked_at, in
-- microseconds).  Each auth.fcgi process keeps the rows of the last
-- access-token lifetime in memory and reads what is new at most once
-- per [tokens] revocation_poll, so the authorizer and GET
-- /api/v1/auth/check answer from the access token and that set,
-- without a database round trip per request.  Rows are never
-- updated; fcauthctl purge deletes those older than the longest
-- access-token lifetime ([tokens] access_ttl + leeway).
CREATE TABLE IF NOT EXISTS revocations (
	seq		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	scope		ENUM('session', 'user') NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	session_id	BIGINT UNSIGNED NOT NULL DEFAULT 0,
	reason		VARCHAR(32) NOT NULL,
	revoked_at	DATETIME(6) NOT NULL,
	-- the catch-up query: the rows since a moment (revoked_at >= ?),
	-- and the purge of the old ones
	KEY revocations_at (revoked_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
