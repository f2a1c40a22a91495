/*
 * verifications: codes and links.  Every statement about the
 * verifications table is in verif_sql.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "db.h"
#include "verifications.h"

#define VERIF_COLS \
	"id, public_id, user_id, purpose, email, code_digest, attempts, " \
	"consumed_at IS NOT NULL, expires_at <= UTC_TIMESTAMP(), " \
	"TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), expires_at), " \
	"TIMESTAMPDIFF(SECOND, created_at, UTC_TIMESTAMP())"

enum verif_stmt {
	VERIF_RETIRE,
	VERIF_RETIRE_ALL,
	VERIF_INSERT,
	VERIF_BY_PUBLIC,
	VERIF_BY_PUBLIC_LOCK,
	VERIF_BY_LINK,
	VERIF_BY_LINK_LOCK,
	VERIF_LATEST,
	VERIF_ATTEMPT,
	VERIF_CONSUME,
	VERIF_PURGE,
	VERIF__STMTS
};

static const char *const verif_sql[VERIF__STMTS] = {
	/* retired rows expire now; consumed_at stays "was used" */
	"UPDATE verifications SET expires_at = UTC_TIMESTAMP() "
	    "WHERE user_id = ? AND purpose = ? AND consumed_at IS NULL "
	    "AND expires_at > UTC_TIMESTAMP()", /* VERIF_RETIRE */
	"UPDATE verifications SET expires_at = UTC_TIMESTAMP() "
	    "WHERE user_id = ? AND consumed_at IS NULL "
	    "AND expires_at > UTC_TIMESTAMP()", /* VERIF_RETIRE_ALL */
	"INSERT INTO verifications (public_id, user_id, purpose, email, "
	    "code_digest, link_digest, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND)", /* VERIF_INSERT */
	"SELECT " VERIF_COLS " FROM verifications "
	    "WHERE public_id = ?", /* VERIF_BY_PUBLIC */
	"SELECT " VERIF_COLS " FROM verifications "
	    "WHERE public_id = ? FOR UPDATE", /* VERIF_BY_PUBLIC_LOCK */
	"SELECT " VERIF_COLS " FROM verifications "
	    "WHERE link_digest = ?", /* VERIF_BY_LINK */
	"SELECT " VERIF_COLS " FROM verifications "
	    "WHERE link_digest = ? FOR UPDATE", /* VERIF_BY_LINK_LOCK */
	"SELECT " VERIF_COLS " FROM verifications "
	    "WHERE user_id = ? AND purpose = ? "
	    "ORDER BY id DESC LIMIT 1", /* VERIF_LATEST */
	"UPDATE verifications SET attempts = attempts + 1 "
	    "WHERE id = ?", /* VERIF_ATTEMPT */
	"UPDATE verifications SET consumed_at = UTC_TIMESTAMP() "
	    "WHERE id = ? AND consumed_at IS NULL", /* VERIF_CONSUME */
	"DELETE FROM verifications "
	    "WHERE expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "OR consumed_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    DB_PURGE_LIMIT, /* VERIF_PURGE */
};

static const char *const verif_purposes[VERIF__MAX] = {
	"confirm", /* VERIF_CONFIRM */
	"reset", /* VERIF_RESET */
	"email_change", /* VERIF_EMAIL_CHANGE */
};

/*
 * A code is short, so its digest covers the public id too: a leaked
 * table cannot be matched against one precomputed list of codes.
 */
static void
verif_code_digest(const char *public_id, const char *code,
    unsigned char out[TOKEN_DIGEST])
{
	char	 buf[TOKEN_STRLEN + TOKEN_CODE_MAX + 2];
	size_t	 n;

	n = (size_t)snprintf(buf, sizeof(buf), "%s:%s", public_id, code);
	token_digest(buf, n, out);
	sodium_memzero(buf, sizeof(buf));
}

static int
verif_make(struct db *db, int64_t user_id, enum verif_purpose purpose,
    const char *email, unsigned digits, unsigned ttl,
    struct verif_secrets *sec, int retire_old)
{
	unsigned char	 code_d[TOKEN_DIGEST], link_d[TOKEN_DIGEST];
	struct db_val	 retire[2], args[7];

	memset(sec, 0, sizeof(*sec));
	token_new(sec->public_id);
	token_new(sec->link);
	token_digest(sec->link, TOKEN_STRLEN, link_d);
	if (digits > 0) {
		if (token_code(sec->code, digits) == -1)
			return -1;
		verif_code_digest(sec->public_id, sec->code, code_d);
	}
	retire[0] = DBV_INT(user_id);
	retire[1] = DBV_STR(verif_purposes[purpose]);
	if (retire_old && db_exec(db, verif_sql[VERIF_RETIRE], retire, 2) == -1)
		return -1;
	args[0] = DBV_STR(sec->public_id);
	args[1] = DBV_INT(user_id);
	args[2] = DBV_STR(verif_purposes[purpose]);
	args[3] = DBV_STR(email);
	args[4] = digits > 0 ? DBV_BLOB(code_d, TOKEN_DIGEST) : DBV_NULL;
	args[5] = DBV_BLOB(link_d, TOKEN_DIGEST);
	args[6] = DBV_INT(ttl);
	if (db_exec(db, verif_sql[VERIF_INSERT], args, 7) == -1) {
		sodium_memzero(sec, sizeof(*sec));
		return -1;
	}
	return 1;
}

int
verif_create(struct db *db, int64_t user_id, enum verif_purpose purpose,
    const char *email, unsigned digits, unsigned ttl,
    struct verif_secrets *sec)
{
	return verif_make(db, user_id, purpose, email, digits, ttl, sec, 1);
}

/*
 * A new account has nothing to retire, and the retiring UPDATE would
 * lock the gap at the end of the (user_id, purpose) index, where every
 * concurrent registration inserts: under load they deadlocked.
 */
int
verif_create_new(struct db *db, int64_t user_id, enum verif_purpose purpose,
    const char *email, unsigned digits, unsigned ttl,
    struct verif_secrets *sec)
{
	return verif_make(db, user_id, purpose, email, digits, ttl, sec, 0);
}

int
verif_retire_all(struct db *db, int64_t user_id)
{
	struct db_val	 arg = DBV_INT(user_id);

	return db_exec(db, verif_sql[VERIF_RETIRE_ALL], &arg, 1) == -1 ?
	    -1 : 0;
}

int
verif_is_latest(struct db *db, const struct verif *v)
{
	struct verif	 latest;
	int		 rc;

	if ((rc = verif_latest(db, v->user_id, v->purpose, &latest)) != 1)
		return rc;
	return latest.id == v->id;
}

const char *
verif_purpose_name(enum verif_purpose purpose)
{
	return purpose < VERIF__MAX ? verif_purposes[purpose] : "";
}

/* Read one row of VERIF_COLS by "sql" with "nargs" arguments: 1, 0, -1. */
static int
verif_fetch(struct db *db, const char *sql, const struct db_val *args,
    size_t nargs, struct verif *v)
{
	char		 purpose[16];
	long long	 id = 0, user_id = 0, attempts = 0, consumed = 0;
	long long	 expired = 0, expires_in = 0, age = 0;
	size_t		 dlen = 0;
	int		 dnull = 1, rc, i;
	struct db_col	 cols[11];

	memset(v, 0, sizeof(*v));
	purpose[0] = '\0';
	cols[0] = DBC_INT(&id);
	cols[1] = DBC_STR(v->public_id);
	cols[2] = DBC_INT(&user_id);
	cols[3] = DBC_STR(purpose);
	cols[4] = DBC_STR(v->email);
	cols[5] = (struct db_col){ .type = DB_BLOB, .buf = v->code_digest,
	    .cap = sizeof(v->code_digest), .len = &dlen, .is_null = &dnull };
	cols[6] = DBC_INT(&attempts);
	cols[7] = DBC_INT(&consumed);
	cols[8] = DBC_INT(&expired);
	cols[9] = DBC_INT(&expires_in);
	cols[10] = DBC_INT(&age);
	rc = db_row(db, sql, args, nargs, cols, sizeof(cols) / sizeof(cols[0]));
	if (rc != 1)
		return rc;
	v->id = id;
	v->user_id = user_id;
	v->purpose = VERIF__MAX;
	for (i = 0; i < VERIF__MAX; i++)
		if (strcmp(purpose, verif_purposes[i]) == 0)
			v->purpose = (enum verif_purpose)i;
	v->has_code = !dnull && dlen == TOKEN_DIGEST;
	v->attempts = attempts < 0 ? 0 : (unsigned)attempts;
	v->consumed = consumed != 0;
	v->expired = expired != 0;
	v->expires_in = expires_in;
	v->age = age;
	return 1;
}

int
verif_by_public(struct db *db, const char *public_id, int lock,
    struct verif *v)
{
	struct db_val	 arg;

	if (!token_wellformed(public_id)) {
		memset(v, 0, sizeof(*v));
		return 0;
	}
	arg = DBV_STR(public_id);
	return verif_fetch(db, verif_sql[lock ? VERIF_BY_PUBLIC_LOCK :
	    VERIF_BY_PUBLIC], &arg, 1, v);
}

int
verif_by_link(struct db *db, const char *token, int lock, struct verif *v)
{
	unsigned char	 d[TOKEN_DIGEST];
	struct db_val	 arg;

	if (!token_wellformed(token)) {
		memset(v, 0, sizeof(*v));
		return 0;
	}
	token_digest(token, TOKEN_STRLEN, d);
	arg = DBV_BLOB(d, TOKEN_DIGEST);
	return verif_fetch(db, verif_sql[lock ? VERIF_BY_LINK_LOCK :
	    VERIF_BY_LINK], &arg, 1, v);
}

int
verif_latest(struct db *db, int64_t user_id, enum verif_purpose purpose,
    struct verif *v)
{
	struct db_val	 args[2];

	args[0] = DBV_INT(user_id);
	args[1] = DBV_STR(verif_purposes[purpose]);
	return verif_fetch(db, verif_sql[VERIF_LATEST], args, 2, v);
}

enum verif_state
verif_state(const struct verif *v, unsigned max_attempts)
{
	if (v->consumed)
		return VERIF_USED;
	if (v->expired || v->expires_in <= 0 || v->attempts >= max_attempts)
		return VERIF_DEAD;
	return VERIF_OPEN;
}

int
verif_code_matches(const struct verif *v, const char *code)
{
	unsigned char	 d[TOKEN_DIGEST];
	int		 ok;

	if (!v->has_code || strlen(code) > TOKEN_CODE_MAX)
		return 0;
	verif_code_digest(v->public_id, code, d);
	ok = token_digest_equal(d, v->code_digest);
	sodium_memzero(d, sizeof(d));
	return ok;
}

int
verif_add_attempt(struct db *db, int64_t id)
{
	struct db_val	 arg = DBV_INT(id);

	return db_exec(db, verif_sql[VERIF_ATTEMPT], &arg, 1) == -1 ? -1 : 0;
}

int
verif_consume(struct db *db, int64_t id)
{
	struct db_val	 arg = DBV_INT(id);

	return db_exec(db, verif_sql[VERIF_CONSUME], &arg, 1) == -1 ? -1 : 0;
}

long long
verif_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct db_val	 args[] = { DBV_INT(grace), DBV_INT(grace) };

	(void)cfg;	/* a verification's own expiry says when it is over */
	return db_purge(db, verif_sql[VERIF_PURGE], args, 2);
}

int
verif_dummy(struct db *db, enum verif_purpose purpose)
{
	struct verif_secrets	 sec;
	unsigned char		 link_d[TOKEN_DIGEST];
	struct db_val		 retire[2];

	token_new(sec.public_id);
	token_new(sec.link);
	token_digest(sec.link, TOKEN_STRLEN, link_d);
	sodium_memzero(&sec, sizeof(sec));
	sodium_memzero(link_d, sizeof(link_d));
	/* user ids start at 1: this matches no row, as the real one may not */
	retire[0] = DBV_INT(0);
	retire[1] = DBV_STR(verif_purposes[purpose]);
	return db_exec(db, verif_sql[VERIF_RETIRE], retire, 2) == -1 ? -1 : 0;
}
