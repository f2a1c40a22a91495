/*
 * verifications: codes and links.  Every statement about the
 * verifications table is in verif_sql.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "verifications.h"

enum verif_stmt {
	VERIF_RETIRE,
	VERIF_INSERT,
	VERIF__STMTS
};

static const char *const verif_sql[VERIF__STMTS] = {
	"UPDATE verifications SET consumed_at = UTC_TIMESTAMP() "
	    "WHERE user_id = ? AND purpose = ? AND consumed_at IS NULL", /* VERIF_RETIRE */
	"INSERT INTO verifications (public_id, user_id, purpose, email, "
	    "code_digest, link_digest, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND)", /* VERIF_INSERT */
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

int
verif_create(struct db *db, int64_t user_id, enum verif_purpose purpose,
    const char *email, unsigned digits, unsigned ttl,
    struct verif_secrets *sec)
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
	if (db_exec(db, verif_sql[VERIF_RETIRE], retire, 2) == -1)
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
