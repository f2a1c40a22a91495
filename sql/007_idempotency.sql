-- fcauth schema, version 7: the replies of state-changing requests, so
-- that a request run again gets its first reply instead of doing the
-- work twice (issue 19).
--
-- Two cases write a row, both in the transaction that does the work,
-- so the row exists exactly when the work was committed:
--  - a request with an Idempotency-Key header: the client's key; a
--    retry with the same key (same operation, same account for bearer
--    routes) and the same body gets the stored reply back, with
--    another body 422 idempotency_key_reused.
--  - every other request to those routes: a random key of its own, so
--    that when the connection dies during COMMIT (the outcome unknown)
--    the program's own rerun on a new connection finds that its work
--    was done and answers what it would have.
-- key_hash and body_hash are BLAKE2b digests; the reply (it may hold
-- tokens) is sealed with a key derived from the request's key, which
-- is never stored.  A row counts for a day; fcauthctl purge removes it
-- a day plus its grace later (a request may replace it before).
CREATE TABLE IF NOT EXISTS idempotency (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	op		VARCHAR(32) NOT NULL,
	owner		BIGINT UNSIGNED NOT NULL DEFAULT 0,
	key_hash	BINARY(32) NOT NULL,
	body_hash	BINARY(32) NOT NULL,
	reply		MEDIUMBLOB NOT NULL,
	created_at	DATETIME NOT NULL,
	UNIQUE KEY idempotency_key (op, owner, key_hash),
	KEY idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
