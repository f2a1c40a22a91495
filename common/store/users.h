/*
 * users: the users table.  All SQL about accounts lives here.
 */
#ifndef FCAUTH_USERS_H
#define FCAUTH_USERS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct db;

#define USER_TIME	24	/* "2023-01-01T00:00:00Z" + NUL, rounded */

struct user {
	int64_t		 id;
	char		 email[256];
	char		 username[33];		/* "" = none */
	char		 password_hash[256];
	char		 status[16];		/* pending, active, disabled */
	int		 email_verified;
	char		 role[17];
	char		 full_name[401];	/* 100 characters of UTF-8 */
	char		 phone[33];
	char		 birthday[11];		/* YYYY-MM-DD or "" */
	char		 bio[4001];
	char		 profile_picture[2049];
	char		 contacts[4001];
	char		 created_at[USER_TIME];
	char		 updated_at[USER_TIME];
	char		 last_login_at[USER_TIME];	/* "" = never */
	char		 last_request_at[USER_TIME];	/* "" = never */
	long long	 mfa_totp;		/* 1: a confirmed TOTP factor */
	long long	 mfa_recovery_left;	/* unused recovery codes */
	long long	 passkeys;		/* registered passkeys (kept by
						   passkeys_add and _delete) */
};

/*
 * The columns of one account, in the order of USERS_BIND, each name
 * prefixed with "p" ("u." in a join, "" alone).  Plain columns: the db
 * layer turns NULLs into "" and formats the times (DB_TIME), so the
 * server does no per-row function work.
 */
#define USERS_COLUMNS(p) \
	p "id, " p "email, " p "username, " p "password_hash, " \
	p "status, " p "email_verified, " p "role, " \
	p "full_name, " p "phone, " p "birthday, " \
	p "bio, " p "profile_picture, " p "contacts, " \
	p "created_at, " p "updated_at, " p "last_login_at, " \
	p "last_request_at, " p "mfa_totp, " p "mfa_recovery_left, " \
	p "passkeys"
#define USERS_NCOLS	20
#define USERS_COL_LAST_REQUEST	16	/* index of last_request_at */

/*
 * The result columns of USERS_COLUMNS bound to "u", with the id and the
 * verified flag going to the long long variables "id" and "verified"
 * (copy them into "u" after the fetch).
 */
#define USERS_BIND(u, id, verified) { \
		DBC_INT(&(id)), DBC_STR((u)->email), DBC_STR((u)->username), \
		DBC_STR((u)->password_hash), DBC_STR((u)->status), \
		DBC_INT(&(verified)), DBC_STR((u)->role), \
		DBC_STR((u)->full_name), DBC_STR((u)->phone), \
		DBC_TIME((u)->birthday), DBC_STR((u)->bio), \
		DBC_STR((u)->profile_picture), DBC_STR((u)->contacts), \
		DBC_TIME((u)->created_at), DBC_TIME((u)->updated_at), \
		DBC_TIME((u)->last_login_at), DBC_TIME((u)->last_request_at), \
		DBC_INT(&(u)->mfa_totp), DBC_INT(&(u)->mfa_recovery_left), \
		DBC_INT(&(u)->passkeys), \
	}

/* A new account; optional fields are NULL when not given. */
struct user_new {
	const char	*email;		/* lower-cased */
	const char	*username;
	const char	*password_hash;
	const char	*status;	/* "pending" or "active" */
	const char	*full_name;
	const char	*phone;
	const char	*birthday;	/* YYYY-MM-DD */
	const char	*bio;
	const char	*profile_picture;
	const char	*contacts;
};

enum users_taken {
	USERS_FREE,
	USERS_EMAIL_TAKEN,
	USERS_USERNAME_TAKEN,
};

/* Longest email or username users_by_login looks for. */
#define USERS_LOGIN_MAX	254

/*
 * Look up an account by email (if "login" holds an '@') or username,
 * compared exactly in their canonical form (ASCII lower case): one
 * account has one spelling, whatever the column's collation would
 * also match.  1 found, 0 not found, -1 database error.
 */
int	 users_by_login(struct db *db, const char *login, struct user *u);

/* By id: 1, 0 or -1. */
int	 users_by_id(struct db *db, int64_t id, struct user *u);

/*
 * Which of "email" and "username" (may be NULL) belong to an account
 * other than "except" (0 for none): USERS_FREE, USERS_*_TAKEN, or -1.
 */
int	 users_taken(struct db *db, const char *email, const char *username,
	    int64_t except);

/*
 * Insert "n".  Returns 1 with the new id in "*id", 0 if the email or
 * username is taken (then "*taken" says which), -1 database error.
 */
int	 users_insert(struct db *db, const struct user_new *n, int64_t *id,
	    enum users_taken *taken);

/* Record a login now.  0 or -1. */
int	 users_touch_login(struct db *db, int64_t id);

/* Replace the password hash.  0 or -1. */
int	 users_set_password(struct db *db, int64_t id, const char *hash);

/* "t" as API.md's UTC time, as USERS_COLUMNS formats the database's
 * times, into "out" (>= USER_TIME). */
void	 users_time(time_t t, char *out, size_t outsz);

/* "j*****e@gmail.com" for "johndoe@gmail.com", into "out". */
void	 users_mask_email(const char *email, char *out, size_t outsz);

/* The profile columns a PATCH may change, in this order. */
#define USER_UPDATE_FIELDS	7	/* username, full_name, phone, birthday,
					   bio, profile_picture, contacts */

/* A profile update: set[i] says whether column i changes; value[i] is
 * its new value, NULL to clear it. */
struct user_update {
	int		 set[USER_UPDATE_FIELDS];
	const char	*value[USER_UPDATE_FIELDS];
};

/*
 * Apply "up" to account "id" and bump updated_at.  1 done, 0 the new
 * username is taken, -1 database error.
 */
int	 users_update_profile(struct db *db, int64_t id,
	    const struct user_update *up);

/*
 * Delete account "id"; its sessions, verifications and mail go with it
 * (foreign keys), its audit rows lose their user_id.  1 deleted, 0 no
 * such account, -1.
 */
int	 users_delete(struct db *db, int64_t id);

/* Set the role, status ("pending", "active", "disabled") or verified
 * flag of "id".  1 done, 0 no such account (or no change), -1. */
int	 users_set_role(struct db *db, int64_t id, const char *role);
int	 users_set_status(struct db *db, int64_t id, const char *status);
int	 users_set_verified(struct db *db, int64_t id, int verified);

/*
 * Call "cb" for every account in id order ("u" is valid during the call
 * only); a -1 from "cb" stops the walk.  0, or -1 (database error, or
 * "cb" stopped it).
 */
int	 users_list(struct db *db, int (*cb)(const struct user *u, void *arg),
	    void *arg);

/*
 * The address is confirmed: email_verified = 1, and a pending account
 * becomes active (a disabled one stays disabled).  0 or -1.
 */
int	 users_mark_verified(struct db *db, int64_t id);

/*
 * Replace the address with a confirmed "email".  1 done, 0 the address
 * belongs to another account (unique key), -1 database error.
 */
int	 users_set_email(struct db *db, int64_t id, const char *email);

#endif /* FCAUTH_USERS_H */
