/*
 * users: accounts.  Every statement about the users table is in
 * users_sql, indexed by enum users_stmt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "revocations.h"
#include "users.h"

#define USER_COLS USERS_COLUMNS("")

enum users_stmt {
	USERS_BY_EMAIL,
	USERS_BY_USERNAME,
	USERS_BY_ID,
	USERS_TAKEN,
	USERS_INSERT,
	USERS_TOUCH_LOGIN,
	USERS_SET_PASSWORD,
	USERS_UPDATE_PROFILE,
	USERS_DELETE,
	USERS_SET_ROLE,
	USERS_SET_STATUS,
	USERS_SET_VERIFIED,
	USERS_LIST,
	USERS_MARK_VERIFIED,
	USERS_SET_EMAIL,
	USERS__MAX
};

static const char *const users_sql[USERS__MAX] = {
	/*
	 * The _ci index finds the row; the BINARY comparison of the
	 * canonical (lower-case) form then refuses every other spelling
	 * the collation would let in (accents, width, trailing blanks).
	 */
	"SELECT " USER_COLS " FROM users WHERE email = ? "
	    "AND BINARY email = ?", /* USERS_BY_EMAIL */
	"SELECT " USER_COLS " FROM users WHERE username = ? "
	    "AND BINARY LOWER(username) = ?", /* USERS_BY_USERNAME */
	"SELECT " USER_COLS " FROM users WHERE id = ?", /* USERS_BY_ID */
	"SELECT email = ?, COALESCE(username = ?, 0) FROM users "
	    "WHERE (email = ? OR username = ?) AND id <> ?", /* USERS_TAKEN */
	"INSERT INTO users (email, username, password_hash, status, "
	    "full_name, phone, birthday, bio, profile_picture, contacts, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP(), UTC_TIMESTAMP())", /* USERS_INSERT */
	"UPDATE users SET last_login_at = UTC_TIMESTAMP(), "
	    "last_request_at = UTC_TIMESTAMP() WHERE id = ?", /* USERS_TOUCH_LOGIN */
	"UPDATE users SET password_hash = ?, updated_at = UTC_TIMESTAMP() "
	    "WHERE id = ?", /* USERS_SET_PASSWORD */
	/* each field: a flag (1 = set it) and its value (NULL clears) */
	"UPDATE users SET username = IF(?, ?, username), "
	    "full_name = IF(?, ?, full_name), phone = IF(?, ?, phone), "
	    "birthday = IF(?, ?, birthday), bio = IF(?, ?, bio), "
	    "profile_picture = IF(?, ?, profile_picture), "
	    "contacts = IF(?, ?, contacts), updated_at = UTC_TIMESTAMP() "
	    "WHERE id = ?", /* USERS_UPDATE_PROFILE */
	"DELETE FROM users WHERE id = ?", /* USERS_DELETE */
	"UPDATE users SET role = ?, updated_at = UTC_TIMESTAMP() "
	    "WHERE id = ?", /* USERS_SET_ROLE */
	"UPDATE users SET status = ?, updated_at = UTC_TIMESTAMP() "
	    "WHERE id = ?", /* USERS_SET_STATUS */
	"UPDATE users SET email_verified = ?, updated_at = UTC_TIMESTAMP() "
	    "WHERE id = ?", /* USERS_SET_VERIFIED */
	"SELECT " USER_COLS " FROM users ORDER BY id", /* USERS_LIST */
	"UPDATE users SET email_verified = 1, status = IF(status = 'pending', "
	    "'active', status), updated_at = UTC_TIMESTAMP() "
	    "WHERE id = ?", /* USERS_MARK_VERIFIED */
	"UPDATE users SET email = ?, email_verified = 1, "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ?", /* USERS_SET_EMAIL */
};

/* Fetch one account by "sql" with "nargs" parameters: 1, 0 or -1. */
static int
users_fetch(struct db *db, const char *sql, const struct db_val *args,
    size_t nargs, struct user *u)
{
	long long	 id = 0, verified = 0;
	struct db_col	 cols[] = USERS_BIND(u, id, verified);
	int		 rc;

	memset(u, 0, sizeof(*u));
	rc = db_row(db, sql, args, nargs, cols, sizeof(cols) / sizeof(cols[0]));
	if (rc == 1) {
		u->id = id;
		u->email_verified = verified != 0;
	}
	return rc;
}

int
users_by_login(struct db *db, const char *login, struct user *u)
{
	char		 canon[USERS_LOGIN_MAX + 1];
	struct db_val	 args[2];
	size_t		 i;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < USERS_LOGIN_MAX && login[i] != '\0'; i++)
		canon[i] = login[i] >= 'A' && login[i] <= 'Z' ?
		    (char)(login[i] + ('a' - 'A')) : login[i];
	canon[i] = '\0';
	if (login[i] != '\0')
		return 0;	/* longer than any stored name */
	args[0] = DBV_STR(canon);
	args[1] = DBV_STR(canon);
	return users_fetch(db, users_sql[strchr(canon, '@') != NULL ?
	    USERS_BY_EMAIL : USERS_BY_USERNAME], args, 2, u);
}

int
users_by_id(struct db *db, int64_t id, struct user *u)
{
	struct db_val	 arg = DBV_INT(id);

	return users_fetch(db, users_sql[USERS_BY_ID], &arg, 1, u);
}

int
users_taken(struct db *db, const char *email, const char *username,
    int64_t except)
{
	long long	 email_hit = 0, name_hit = 0;
	int		 taken = USERS_FREE, rc;
	struct db_val	 args[] = {
		DBV_OPTSTR(email), DBV_OPTSTR(username),
		DBV_OPTSTR(email), DBV_OPTSTR(username), DBV_INT(except),
	};
	struct db_col	 cols[] = { DBC_INT(&email_hit), DBC_INT(&name_hit) };

	if (db_query(db, users_sql[USERS_TAKEN], args, 5, cols, 2) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		if (email_hit)
			taken = USERS_EMAIL_TAKEN;
		else if (name_hit && taken == USERS_FREE)
			taken = USERS_USERNAME_TAKEN;
	}
	db_done(db);
	return rc == -1 ? -1 : taken;
}

int
users_insert(struct db *db, const struct user_new *n, int64_t *id,
    enum users_taken *taken)
{
	struct db_val	 args[] = {
		DBV_STR(n->email), DBV_OPTSTR(n->username),
		DBV_STR(n->password_hash), DBV_STR(n->status),
		DBV_OPTSTR(n->full_name), DBV_OPTSTR(n->phone),
		DBV_OPTSTR(n->birthday), DBV_OPTSTR(n->bio),
		DBV_OPTSTR(n->profile_picture), DBV_OPTSTR(n->contacts),
	};

	*id = 0;
	*taken = USERS_FREE;
	if (db_exec(db, users_sql[USERS_INSERT], args, 10) == -1) {
		if (db_error(db) != DB_DUPLICATE)
			return -1;
		/* the unique key's name tells which one collided */
		*taken = strstr(db_strerror(db), "users_username") != NULL ?
		    USERS_USERNAME_TAKEN : USERS_EMAIL_TAKEN;
		db_clear_error(db);
		return 0;
	}
	*id = db_insert_id(db);
	return 1;
}

int
users_touch_login(struct db *db, int64_t id)
{
	struct db_val	 arg = DBV_INT(id);

	return db_exec(db, users_sql[USERS_TOUCH_LOGIN], &arg, 1) == -1 ? -1 : 0;
}

int
users_set_password(struct db *db, int64_t id, const char *hash)
{
	struct db_val	 args[] = { DBV_STR(hash), DBV_INT(id) };

	return db_exec(db, users_sql[USERS_SET_PASSWORD], args, 2) == -1 ?
	    -1 : 0;
}

void
users_time(time_t t, char *out, size_t outsz)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
users_mask_email(const char *email, char *out, size_t outsz)
{
	const char	*at = strrchr(email, '@');
	size_t		 local, i, o = 0;

	if (outsz == 0)
		return;
	local = at != NULL ? (size_t)(at - email) : strlen(email);
	for (i = 0; i < local && o + 1 < outsz; i++)
		out[o++] = (i == 0 || (i == local - 1 && local > 2)) ?
		    email[i] : '*';
	if (at != NULL)
		snprintf(out + o, outsz - o, "%s", at);
	else
		out[o] = '\0';
}

int
users_update_profile(struct db *db, int64_t id, const struct user_update *up)
{
	struct db_val	 args[2 * USER_UPDATE_FIELDS + 1];
	size_t		 i;

	for (i = 0; i < USER_UPDATE_FIELDS; i++) {
		args[2 * i] = DBV_INT(up->set[i] != 0);
		args[2 * i + 1] = DBV_OPTSTR(up->value[i]);
	}
	args[2 * USER_UPDATE_FIELDS] = DBV_INT(id);
	if (db_exec(db, users_sql[USERS_UPDATE_PROFILE], args,
	    2 * USER_UPDATE_FIELDS + 1) == -1) {
		if (db_error(db) != DB_DUPLICATE)
			return -1;
		db_clear_error(db);
		return 0;	/* username is the only unique column here */
	}
	return 1;
}

int
users_delete(struct db *db, int64_t id)
{
	struct db_val	 arg = DBV_INT(id);
	long long	 n;

	if ((n = db_exec(db, users_sql[USERS_DELETE], &arg, 1)) == -1 ||
	    (n > 0 && revocations_user(db, id, 0, "deleted") == -1))
		return -1;
	return n > 0;
}

/*
 * Run a two-parameter (string, id) update: 1 changed/found, 0, -1.
 * With a "feed" reason, a change also goes to the revocation feed: the
 * access tokens of the account say what no longer holds.
 */
static int
users_set(struct db *db, const char *sql, struct db_val v, int64_t id,
    const char *feed)
{
	struct db_val	 args[] = { v, DBV_INT(id) };
	long long	 n;

	if ((n = db_exec(db, sql, args, 2)) == -1 || (n > 0 && feed != NULL &&
	    revocations_user(db, id, 0, feed) == -1))
		return -1;
	return n > 0;
}

int
users_set_role(struct db *db, int64_t id, const char *role)
{
	return users_set(db, users_sql[USERS_SET_ROLE], DBV_STR(role), id,
	    "role");
}

int
users_set_status(struct db *db, int64_t id, const char *status)
{
	return users_set(db, users_sql[USERS_SET_STATUS], DBV_STR(status), id,
	    strcmp(status, "active") != 0 ? status : NULL);
}

int
users_set_verified(struct db *db, int64_t id, int verified)
{
	return users_set(db, users_sql[USERS_SET_VERIFIED],
	    DBV_INT(verified != 0), id, NULL);
}

int
users_list(struct db *db, int (*cb)(const struct user *, void *), void *arg)
{
	struct user	*u;
	long long	 id = 0, verified = 0;
	int		 rc;

	if ((u = calloc(1, sizeof(*u))) == NULL)
		return -1;
	{
		struct db_col	 cols[] = USERS_BIND(u, id, verified);

		if (db_query(db, users_sql[USERS_LIST], NULL, 0, cols,
		    sizeof(cols) / sizeof(cols[0])) == -1) {
			free(u);
			return -1;
		}
		while ((rc = db_fetch(db)) == 1) {
			u->id = id;
			u->email_verified = verified != 0;
			if (cb(u, arg) == -1) {
				rc = -1;
				break;
			}
		}
	}
	db_done(db);
	free(u);
	return rc == -1 ? -1 : 0;
}

int
users_mark_verified(struct db *db, int64_t id)
{
	struct db_val	 arg = DBV_INT(id);

	return db_exec(db, users_sql[USERS_MARK_VERIFIED], &arg, 1) == -1 ?
	    -1 : 0;
}

int
users_set_email(struct db *db, int64_t id, const char *email)
{
	struct db_val	 args[] = { DBV_STR(email), DBV_INT(id) };

	if (db_exec(db, users_sql[USERS_SET_EMAIL], args, 2) == -1) {
		if (db_error(db) != DB_DUPLICATE)
			return -1;
		db_clear_error(db);
		return 0;
	}
	return revocations_user(db, id, 0, "email") == -1 ? -1 : 1;
}
