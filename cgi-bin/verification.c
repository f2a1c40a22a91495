/*
 * verification.fcgi: confirming an address (by code or by link),
 * resending codes, and the forgotten-password flow.
 *
 * Every change is one transaction that also queues its mail
 * (mail_enqueue), so a mail exists exactly when its change was
 * committed.  Codes and link tokens are compared as digests, in
 * constant time.  Wrong codes are counted in a committed transaction
 * before the answer goes out, so a retry of the request cannot undo
 * them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "jsonkey.h"
#include "login.h"
#include "mail.h"
#include "passwd.h"
#include "reply.h"
#include "sessions.h"
#include "throttle.h"
#include "users.h"
#include "validate.h"
#include "verifications.h"

static void	 handle_verify(struct app *, struct request *, struct reply *);
static void	 handle_status(struct app *, struct request *, struct reply *);
static void	 handle_link(struct app *, struct request *, struct reply *);
static void	 handle_resend(struct app *, struct request *, struct reply *);
static void	 handle_forgot(struct app *, struct request *, struct reply *);
static void	 handle_reset(struct app *, struct request *, struct reply *);

enum route_id {
	ROUTE_VERIFY,
	ROUTE_STATUS,
	ROUTE_RESEND,
	ROUTE_LINK,
	ROUTE_FORGOT,
	ROUTE_RESET,
	ROUTE_RESET_TOKEN,
	ROUTE__MAX
};

/* "status" and "resend" come before "{token}", which would match them. */
static const struct route routes[ROUTE__MAX] = {
	{ HTTP_M(HTTP_POST), "/api/v1/auth/verify", ROUTE_COOKIES,
	    handle_verify }, /* ROUTE_VERIFY */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_POST), "/api/v1/auth/verify/status",
	    ROUTE_PUBLIC, handle_status }, /* ROUTE_STATUS */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/verify/resend", ROUTE_PUBLIC,
	    handle_resend }, /* ROUTE_RESEND */
	{ HTTP_M(HTTP_GET), "/api/v1/auth/verify/{token}", ROUTE_PUBLIC,
	    handle_link }, /* ROUTE_LINK */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/password/forgot", ROUTE_PUBLIC,
	    handle_forgot }, /* ROUTE_FORGOT */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/password/reset", ROUTE_PUBLIC,
	    handle_reset }, /* ROUTE_RESET */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/password/reset/{token}",
	    ROUTE_PUBLIC, handle_reset }, /* ROUTE_RESET_TOKEN */
};

static const char *const new_password_aliases[] = { "new_pwd", NULL };

#define ID_MAX		128	/* bytes of a verification id or token we read */
#define CODE_INPUT_MAX	32	/* bytes of a code we read */

#define MSG_FORGOT	"If the account exists, we sent a reset link"
#define MSG_RESEND_ANY	"If the address is registered and not yet " \
			"verified, we sent a new code"

/* How a verification attempt ended, for the link's redirect and page. */
enum outcome {
	OUT_VERIFIED,		/* 200 */
	OUT_EXPIRED,		/* 410 */
	OUT_INVALID,		/* 404, 400, 403, 409 */
	OUT_ERROR,		/* 5xx, reply set */
};

/* ------------------------------------------------------------------ */
/* mail                                                               */
/* ------------------------------------------------------------------ */

/*
 * The reset mail's variables for link token "token" into "link" and
 * "minutes"; fills "vars" (3).
 */
static void
reset_vars(struct app *app, const char *token, char *link, size_t linksz,
    char *minutes, size_t minsz, struct mail_var *vars)
{
	snprintf(link, linksz, "%s%s#token=%s", app->cfg.base_url,
	    app->cfg.reset_page, token);
	snprintf(minutes, minsz, "%u", (app->cfg.reset_ttl + 59) / 60);
	vars[0] = (struct mail_var){ "link", link };
	vars[1] = (struct mail_var){ "token", token };
	vars[2] = (struct mail_var){ "minutes", minutes };
}

/* ------------------------------------------------------------------ */
/* replies                                                            */
/* ------------------------------------------------------------------ */

/* 400 invalid_code with data.attempts_left. */
static void
reply_invalid_code(struct reply *r, unsigned left)
{
	struct json_object	*d;

	reply_error(r, RC_INVALID_CODE, NULL);
	if ((d = json_object_new_object()) == NULL)
		return;
	JSON_ADD(d, "attempts_left", json_object_new_int64(left));
	r->data = d;
}

/* 410 for a verification that cannot be used any more. */
static void
reply_gone(struct reply *r, const struct verif *v)
{
	reply_error(r, RC_VERIFICATION_EXPIRED, v->consumed ?
	    "This code or link was already used" :
	    "This code or link has expired; request a new one");
}

/* 200/201 {verification_id, expires_in, resend_after}. */
static void
reply_sent(struct app *app, struct reply *r, const struct verif_secrets *sec)
{
	struct json_object	*d;

	if ((d = json_object_new_object()) == NULL) {
		app_internal(app, r, "resend: out of memory");
		return;
	}
	JSON_ADD(d, "verification_id", json_object_new_string(sec->public_id));
	JSON_ADD(d, "expires_in", json_object_new_int64(app->cfg.code_ttl));
	JSON_ADD(d, "resend_after",
	    json_object_new_int64(app->cfg.resend_cooldown));
	reply_ok(r, 200, "Verification code sent to your email", d);
}

/* ------------------------------------------------------------------ */
/* POST /verify and GET /verify/{token}                               */
/* ------------------------------------------------------------------ */

/*
 * Apply a confirmed verification "v" of account "u" inside the open
 * transaction: confirm marks the address verified (and a pending
 * account active); email_change moves the account to the new address
 * if it is still free.  1 done, 0 answered (409 email_taken), -1
 * database error.
 */
static int
verify_apply(struct app *app, struct request *req, struct reply *r,
    const struct verif *v, struct user *u)
{
	int	 rc;

	if (v->purpose == VERIF_EMAIL_CHANGE) {
		if ((rc = users_set_email(app->db, u->id, v->email)) != 1) {
			if (rc == 0) {
				db_rollback(app->db);
				reply_error(r, RC_EMAIL_TAKEN, NULL);
			}
			return rc;
		}
		if (audit_add(app->db, u->id, "email_change", req->addr,
		    req->user_agent) == -1)
			return -1;
	} else if (users_mark_verified(app->db, u->id) == -1)
		return -1;
	if (verif_consume(app->db, v->id) == -1)
		return -1;
	/* a reset mailed to the old address must not outlive the move */
	if (v->purpose == VERIF_EMAIL_CHANGE &&
	    verif_retire_all(app->db, u->id) == -1)
		return -1;
	return users_by_id(app->db, u->id, u) == 1 ? 1 : -1;
}

/* The key of the per-account cap on wrong codes of "v"'s purpose. */
static void
code_cap_key(const struct verif *v, char *out, size_t outsz)
{
	snprintf(out, outsz, "%lld:%s", (long long)v->user_id,
	    verif_purpose_name(v->purpose));
}

/*
 * Whether a code may be tried against "v" at all: the account's wrong
 * codes of this purpose, across every code a resend gave it, are
 * capped ([verification] account_max_failures in its window).  1 yes;
 * 0 no (rolled back, 429 with Retry-After set); -1 database error.
 */
static int
code_cap_ok(struct app *app, struct reply *r, const struct verif *v)
{
	char	 key[64];
	long	 wait;

	code_cap_key(v, key, sizeof(key));
	if ((wait = throttle_check(app->db, &app->cfg, THROTTLE_CODE,
	    key)) <= 0)
		return wait == 0 ? 1 : -1;
	db_rollback(app->db);
	reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
	return 0;
}

/*
 * Count a wrong code against "v" and the account's cap, and commit
 * that before the answer goes out.  0 or -1.
 */
static int
code_wrong(struct app *app, const struct verif *v)
{
	char	 key[64];

	code_cap_key(v, key, sizeof(key));
	if (verif_add_attempt(app->db, v->id) == -1 ||
	    throttle_hit(app->db, &app->cfg, THROTTLE_CODE, key) == -1 ||
	    db_commit(app->db) == -1)
		return -1;
	return 0;
}

/*
 * Check and use one verification, found by "public_id" + "code" or by
 * link token "link".  With "signin" (POST /verify), a confirmed account
 * is signed in and the reply is the login payload; otherwise (the link
 * opened by a browser, GET) the reply is {email, status}: a link
 * followed by a mail scanner must not make a session.  An email change
 * answers {user} either way.
 */
static enum outcome
verify_run(struct app *app, struct request *req, struct reply *r,
    const char *public_id, const char *code, const char *link, int signin,
    int remember)
{
	struct verif		 v;
	struct user		 u;
	struct json_object	*d = NULL;
	unsigned		 max = app->cfg.code_max_attempts;
	int			 rc;

	if (db_begin(app->db) == -1)
		goto dberr;
	rc = link != NULL ? verif_by_link(app->db, link, 1, &v) :
	    verif_by_public(app->db, public_id, 1, &v);
	if (rc == -1)
		goto dberr;
	if (rc == 0 || (v.purpose != VERIF_CONFIRM &&
	    v.purpose != VERIF_EMAIL_CHANGE)) {
		db_rollback(app->db);
		reply_error(r, RC_NOT_FOUND, "Unknown verification code or link");
		return OUT_INVALID;
	}
	if (verif_state(&v, max) != VERIF_OPEN) {
		db_rollback(app->db);
		reply_gone(r, &v);
		return OUT_EXPIRED;
	}
	if (code != NULL && (rc = code_cap_ok(app, r, &v)) != 1) {
		if (rc == 0)
			return OUT_INVALID;
		goto dberr;
	}
	if (code != NULL && !verif_code_matches(&v, code)) {
		if (code_wrong(app, &v) == -1)
			goto dberr;
		if (v.attempts + 1 >= max) {
			reply_error(r, RC_VERIFICATION_EXPIRED,
			    "Too many wrong codes; request a new one");
			return OUT_EXPIRED;
		}
		reply_invalid_code(r, max - (v.attempts + 1));
		return OUT_INVALID;
	}
	if ((rc = users_by_id(app->db, v.user_id, &u)) != 1)
		goto dberr;
	if (strcmp(u.status, "disabled") == 0) {
		db_rollback(app->db);
		reply_error(r, RC_ACCOUNT_DISABLED, NULL);
		return OUT_INVALID;
	}
	/* a confirmation means something (and signs in) only while pending */
	if (v.purpose == VERIF_CONFIRM && strcmp(u.status, "pending") != 0) {
		db_rollback(app->db);
		reply_error(r, RC_VERIFICATION_EXPIRED,
		    "This code or link was already used");
		return OUT_EXPIRED;
	}
	if ((rc = verify_apply(app, req, r, &v, &u)) != 1) {
		if (rc == 0)
			return OUT_INVALID;
		goto dberr;
	}
	if (v.purpose == VERIF_EMAIL_CHANGE) {
		if ((d = json_object_new_object()) != NULL)
			JSON_ADD(d, "user", users_json(&u));
	} else if (signin) {
		if (login_issue(app, req, r, &u, remember, "verify", &d) == -1)
			goto dberr;
	} else {
		if (audit_add(app->db, u.id, "verify", req->addr,
		    req->user_agent) == -1)
			goto dberr;
		if ((d = json_object_new_object()) != NULL) {
			JSON_ADD(d, "email", json_object_new_string(u.email));
			JSON_ADD(d, "status",
			    json_object_new_string("verified"));
		}
	}
	if (d == NULL) {
		db_rollback(app->db);
		app_internal(app, r, "verify: out of memory");
		return OUT_ERROR;
	}
	if (db_commit(app->db) == -1) {
		json_object_put(d);
		goto dberr;
	}
	reply_ok(r, 200, v.purpose == VERIF_EMAIL_CHANGE ? "Email changed" :
	    "Email verified", d);
	return OUT_VERIFIED;
dberr:
	json_object_put(d);
	app_db_failed(app, r, "verify");
	return OUT_ERROR;
}

/* Whether "s" is 1..TOKEN_CODE_MAX decimal digits: 1 or 0. */
static int
code_wellformed(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i > 0 && i <= TOKEN_CODE_MAX;
}

/*
 * POST /api/v1/auth/verify: {verification_id, code} or {token}.
 * 200 the login payload (email change: {user}); 400 validation_failed
 * or invalid_code with data.attempts_left; 403 account_disabled; 404
 * not_found; 409 email_taken; 410 verification_expired (past expiry,
 * used, or after the last wrong try, which itself answers 410).
 */
static void
handle_verify(struct app *app, struct request *req, struct reply *r)
{
	const char	*token = NULL, *id = NULL, *code = NULL;
	int		 st, rc = 0, remember = 0;

	if ((st = input_string(req->fields, r, "token", NULL, "Token", 0,
	    ID_MAX, &token)) == -1)
		return;
	if (st == 0) {
		if (input_string(req->fields, r, "verification_id", NULL,
		    "Verification id", 1, ID_MAX, &id) != 1)
			rc = -1;
		if (input_string(req->fields, r, "code", NULL, "Code", 1,
		    CODE_INPUT_MAX, &code) != 1)
			rc = -1;
		else if (!code_wellformed(code)) {
			reply_field_error(r, "code", "Code must be digits", NULL);
			rc = -1;
		}
	}
	if (input_bool(req->fields, r, "remember", "Remember",
	    &remember) == -1)
		rc = -1;
	if (rc == -1 || throttle_take(app, req->addr, r, THROTTLE_VERIFY) != 1)
		return;
	(void)verify_run(app, req, r, id, code, token, 1, remember);
}

/* "&" or "?" to add a query parameter to "url". */
static const char *
url_joiner(const char *url)
{
	return strchr(url, '?') != NULL ? "&" : "?";
}

/* "s" with & < > " ' escaped, newly allocated, or NULL. */
static char *
html_escape(const char *s)
{
	char	*out, *o;

	if ((out = malloc(strlen(s) * 6 + 1)) == NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		switch (*s) {
		case '&': o += sprintf(o, "&amp;"); break;
		case '<': o += sprintf(o, "&lt;"); break;
		case '>': o += sprintf(o, "&gt;"); break;
		case '"': o += sprintf(o, "&quot;"); break;
		case '\'': o += sprintf(o, "&#39;"); break;
		default: *o++ = *s; break;
		}
	}
	*o = '\0';
	return out;
}

/* A small self-contained page saying how the link went.  0 or -1. */
static int
link_page(struct app *app, struct reply *r, enum outcome out)
{
	static const char *const titles[] = {
		"Email verified", "Link expired", "Invalid link",
	};
	static const char *const texts[] = {
		"Your email address is confirmed. You can now sign in.",
		"This link has expired or was already used. Request a new "
		    "code from the sign-in page.",
		"This link is not valid. Check that you copied the whole "
		    "link from the email.",
	};
	char	*site, *page;
	int	 n;

	if ((site = html_escape(app->cfg.site_name)) == NULL)
		return -1;
	n = asprintf(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<title>%s - %s</title>\n"
	    "<style>body{font-family:sans-serif;max-width:32em;"
	    "margin:4em auto;padding:0 1em;color:#222}"
	    "h1{font-size:1.4em}</style>\n</head>\n<body>\n"
	    "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n"
	    "</body>\n</html>\n", titles[out], site, titles[out], texts[out],
	    site);
	free(site);
	if (n < 0)
		return -1;
	r->html = page;
	return 0;
}

/*
 * GET /api/v1/auth/verify/{token}: the link in the mail.  With
 * [verification] redirect_url, 303 there with ?status=verified,
 * expired or invalid; otherwise 200 {email, status}, 404 or 410 (or
 * errors such as 409), as JSON or, for a browser asking for text/html,
 * as a small page with the same status.  Does not sign in.
 */
static void
handle_link(struct app *app, struct request *req, struct reply *r)
{
	static const char *const names[] = { "verified", "expired", "invalid" };
	const char	*token = route_param(&app->params, "token");
	const char	*redirect = app->cfg.verify_redirect;
	enum outcome	 out;
	char		*loc;

	if (throttle_take(app, req->addr, r, THROTTLE_VERIFY) != 1)
		return;
	out = verify_run(app, req, r, NULL, NULL, token != NULL ? token : "",
	    0, 0);
	if (out == OUT_ERROR)
		return;
	if (redirect[0] != '\0') {
		if (asprintf(&loc, "%s%sstatus=%s", redirect,
		    url_joiner(redirect), names[out]) < 0) {
			app_internal(app, r, "verify link: out of memory");
			return;
		}
		reply_free(r);
		reply_ok(r, 303, "See the confirmation page", NULL);
		r->location = loc;
		return;
	}
	if (http_wants_html(req) && link_page(app, r, out) == -1)
		app_internal(app, r, "verify link: out of memory");
}

/* ------------------------------------------------------------------ */
/* GET /verify/status                                                 */
/* ------------------------------------------------------------------ */

/*
 * The verification id of a status request: POST {verification_id}
 * (kept out of access logs), or GET ?id= (the older form, whose id
 * does land in them).  1 with a new string in "*id"; 0 with field
 * errors in "r".
 */
static int
status_id(struct request *req, struct reply *r, char **id)
{
	const char	*v = NULL;
	int		 rc;

	*id = NULL;
	if (req->method == HTTP_POST) {
		if (input_string(req->fields, r, "verification_id", NULL,
		    "Verification id", 1, ID_MAX, &v) != 1)
			return 0;
		if ((*id = strdup(v)) == NULL) {
			reply_error(r, RC_INTERNAL_ERROR, NULL);
			return 0;
		}
		return 1;
	}
	if ((rc = http_query_get(req, "id", id)) != 1) {
		reply_field_error(r, "id", rc == 0 ? "Id is required" :
		    "Id is malformed", NULL);
		return 0;
	}
	return 1;
}

/*
 * POST /api/v1/auth/verify/status {verification_id}, or GET
 * /api/v1/auth/verify/status?id=: 200 {email, status: pending,
 * verified or expired, expires_in}; 400 validation_failed; 404
 * not_found.  "expired" covers out of tries and replaced by a resend.
 */
static void
handle_status(struct app *app, struct request *req, struct reply *r)
{
	struct verif		 v;
	struct json_object	*d;
	char			*id = NULL;
	const char		*status;
	int			 rc;

	if (status_id(req, r, &id) != 1)
		return;
	rc = verif_by_public(app->db, id, 0, &v);
	free(id);
	if (rc == -1) {
		app_db_failed(app, r, "verify status");
		return;
	}
	if (rc == 0 || (v.purpose != VERIF_CONFIRM &&
	    v.purpose != VERIF_EMAIL_CHANGE)) {
		reply_error(r, RC_NOT_FOUND, "Unknown verification");
		return;
	}
	switch (verif_state(&v, app->cfg.code_max_attempts)) {
	case VERIF_USED:
		status = "verified";
		break;
	case VERIF_DEAD:
		status = "expired";
		break;
	default:
		status = "pending";
		break;
	}
	if ((d = json_object_new_object()) == NULL) {
		app_internal(app, r, "verify status: out of memory");
		return;
	}
	JSON_ADD(d, "email", json_object_new_string(v.email));
	JSON_ADD(d, "status", json_object_new_string(status));
	JSON_ADD(d, "expires_in", json_object_new_int64(
	    strcmp(status, "pending") == 0 ? v.expires_in : 0));
	reply_ok(r, 200, NULL, d);
}

/* ------------------------------------------------------------------ */
/* POST /verify/resend                                                */
/* ------------------------------------------------------------------ */

/*
 * Seconds until "user_id" may get another "purpose" mail (0: now),
 * from its newest verification.  -1 on a database error.
 */
static long long
resend_wait(struct app *app, int64_t user_id, enum verif_purpose purpose)
{
	struct verif	 latest;
	int		 rc;

	if ((rc = verif_latest(app->db, user_id, purpose, &latest)) != 1)
		return rc;	/* -1 error, 0 none: no wait */
	if (latest.age < 0)
		latest.age = 0;
	if (latest.age >= (long long)app->cfg.resend_cooldown)
		return 0;
	return (long long)app->cfg.resend_cooldown - latest.age;
}

/*
 * Whether "v" may be resent, inside the open transaction: only the
 * newest open verification of its account and purpose (not one that
 * was used, has expired or was replaced, retired by a password reset
 * and the like), and only while it still means something: a
 * confirmation while the account is pending and at the address it was
 * sent to, an email change while the account is active.  1 yes; 0 no
 * (rolled back, 410 set); -1 database error.
 */
static int
resend_allowed(struct app *app, struct reply *r, const struct verif *v)
{
	struct user	 u;
	int		 rc;

	if (!v->consumed && !v->expired && v->expires_in > 0) {
		if ((rc = verif_is_latest(app->db, v)) != 1)
			goto no;
		if ((rc = users_by_id(app->db, v->user_id, &u)) != 1)
			goto no;
		rc = v->purpose == VERIF_CONFIRM ?
		    strcmp(u.status, "pending") == 0 &&
		    strcmp(u.email, v->email) == 0 :
		    strcmp(u.status, "active") == 0;
		if (rc)
			return 1;
	}
	rc = 0;
no:
	if (rc == -1)
		return -1;
	db_rollback(app->db);
	reply_gone(r, v);
	return 0;
}

/*
 * Resend by verification id: 200 {verification_id, expires_in,
 * resend_after} with a new code and link (the old ones die); 404;
 * 410 when it cannot be resent (see resend_allowed); 429 rate_limited
 * with Retry-After inside the cooldown.
 */
static void
resend_by_id(struct app *app, struct request *req, struct reply *r,
    const char *id)
{
	struct verif		 v;
	struct verif_secrets	 sec;
	long long		 wait;
	int			 rc;

	(void)req;
	if (db_begin(app->db) == -1 ||
	    (rc = verif_by_public(app->db, id, 1, &v)) == -1)
		goto dberr;
	if (rc == 0 || (v.purpose != VERIF_CONFIRM &&
	    v.purpose != VERIF_EMAIL_CHANGE)) {
		db_rollback(app->db);
		reply_error(r, RC_NOT_FOUND, "Unknown verification");
		return;
	}
	if ((rc = resend_allowed(app, r, &v)) != 1) {
		if (rc == -1)
			goto dberr;
		return;
	}
	if ((wait = resend_wait(app, v.user_id, v.purpose)) == -1)
		goto dberr;
	if (wait > 0) {
		db_rollback(app->db);
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return;
	}
	if (verif_create(app->db, v.user_id, v.purpose, v.email,
	    app->cfg.code_digits, app->cfg.code_ttl, &sec) == -1 ||
	    verif_mail(app->db, &app->cfg, v.user_id, v.email, v.purpose,
	    &sec) == -1 ||
	    db_commit(app->db) == -1) {
		sodium_memzero(&sec, sizeof(sec));
		goto dberr;
	}
	reply_sent(app, r, &sec);
	sodium_memzero(&sec, sizeof(sec));
	return;
dberr:
	app_db_failed(app, r, "resend");
}

/*
 * Resend by address: the same 200 whether the address is unknown,
 * already verified, pending or inside the cooldown; a mail is queued
 * only for a pending account outside the cooldown.
 */
static void
resend_by_email(struct app *app, struct request *req, struct reply *r,
    const char *email)
{
	struct user		 u;
	struct verif_secrets	 sec;
	long long		 wait = 1;
	int			 found;

	(void)req;
	memset(&sec, 0, sizeof(sec));
	if (db_begin(app->db) == -1 ||
	    (found = users_by_login(app->db, email, &u)) == -1)
		goto dberr;
	if (found && strcmp(u.status, "pending") == 0 &&
	    (wait = resend_wait(app, u.id, VERIF_CONFIRM)) == -1)
		goto dberr;
	if (found && strcmp(u.status, "pending") == 0 && wait == 0 &&
	    (verif_create(app->db, u.id, VERIF_CONFIRM, u.email,
	    app->cfg.code_digits, app->cfg.code_ttl, &sec) == -1 ||
	    verif_mail(app->db, &app->cfg, u.id, u.email, VERIF_CONFIRM,
	    &sec) == -1))
		goto dberr;
	sodium_memzero(&sec, sizeof(sec));
	if (db_commit(app->db) == -1)
		goto dberr;
	reply_ok(r, 200, MSG_RESEND_ANY, NULL);
	return;
dberr:
	sodium_memzero(&sec, sizeof(sec));
	app_db_failed(app, r, "resend");
}

/*
 * POST /api/v1/auth/verify/resend: {verification_id} or {email}; see
 * resend_by_id and resend_by_email.  400 validation_failed when
 * neither is given or one is not a string (or not an address).
 */
static void
handle_resend(struct app *app, struct request *req, struct reply *r)
{
	const char	*id = NULL, *email = NULL, *why;
	char		 norm[EMAIL_MAX + 1];
	int		 st;

	if ((st = input_string(req->fields, r, "verification_id", NULL,
	    "Verification id", 0, ID_MAX, &id)) == -1)
		return;
	if (st == 1) {
		if (throttle_take(app, req->addr, r, THROTTLE_FORGOT) == 1)
			resend_by_id(app, req, r, id);
		return;
	}
	if ((st = input_string(req->fields, r, "email", NULL, "Email", 0,
	    EMAIL_MAX * 4, &email)) == -1)
		return;
	if (st == 0) {
		reply_field_error(r, "verification_id",
		    "Verification id or email is required", NULL);
		return;
	}
	if ((why = validate_email(email, norm, sizeof(norm))) != NULL) {
		reply_field_error(r, "email", why, email);
		return;
	}
	if (throttle_take(app, req->addr, r, THROTTLE_FORGOT) == 1)
		resend_by_email(app, req, r, norm);
}

/* ------------------------------------------------------------------ */
/* password forgot and reset                                          */
/* ------------------------------------------------------------------ */

/*
 * Read {email} or {username} into "login".  0, or -1 with field errors
 * in "r" (missing both, wrong type, a malformed address).
 */
static int
forgot_read(struct request *req, struct reply *r, char *login, size_t loginsz)
{
	const char	*v = NULL, *why;
	int		 st;

	if ((st = input_string(req->fields, r, "email", NULL, "Email", 0,
	    EMAIL_MAX * 4, &v)) == -1)
		return -1;
	if (st == 1) {
		if ((why = validate_email(v, login, loginsz)) != NULL) {
			reply_field_error(r, "email", why, v);
			return -1;
		}
		return 0;
	}
	if ((st = input_string(req->fields, r, "username", NULL, "Username",
	    0, EMAIL_MAX, &v)) == -1)
		return -1;
	if (st == 0) {
		reply_field_error(r, "email", "Email or username is required",
		    NULL);
		return -1;
	}
	snprintf(login, loginsz, "%s", v);
	return 0;
}

/*
 * POST /api/v1/auth/password/forgot: {email} or {username}.  Always
 * 200 MSG_FORGOT for a well-formed request; 400 validation_failed
 * otherwise.  Both paths do the same work in the same order, so that
 * neither the answer nor its timing tells whether the account exists:
 * one transaction with the account lookup, the token draws and the
 * retiring UPDATE, the mail rendered, an audit row, a commit.  A known
 * account's transaction also inserts the verification and the mail.
 */
static void
handle_forgot(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct verif_secrets	 sec;
	struct mail_var		 vars[3];
	char			 login[EMAIL_MAX + 1], link[4096], minutes[16];
	int			 found, rc;

	memset(&sec, 0, sizeof(sec));
	if (forgot_read(req, r, login, sizeof(login)) == -1 ||
	    throttle_take(app, req->addr, r, THROTTLE_FORGOT) != 1)
		return;
	if (db_begin(app->db) == -1 ||
	    (found = users_by_login(app->db, login, &u)) == -1)
		goto dberr;
	if (found && strcmp(u.status, "disabled") == 0)
		found = 0;	/* no mail: a disabled account cannot reset */
	if (found) {
		if (verif_create(app->db, u.id, VERIF_RESET, u.email, 0,
		    app->cfg.reset_ttl, &sec) == -1)
			goto dberr;
		reset_vars(app, sec.link, link, sizeof(link), minutes,
		    sizeof(minutes), vars);
		rc = mail_enqueue(app->db, &app->cfg, u.id, u.email,
		    MAIL_RESET, vars, 3);
	} else {
		/*
		 * The same mail row is written and taken back at once: it
		 * costs what the real insert costs, is never visible to the
		 * mail worker, and never commits.
		 */
		if (verif_dummy(app->db, VERIF_RESET) == -1)
			goto dberr;
		token_new(sec.link);
		reset_vars(app, sec.link, link, sizeof(link), minutes,
		    sizeof(minutes), vars);
		if (db_exec_text(app->db, "SAVEPOINT forgot_unknown") == -1)
			goto dberr;
		rc = mail_enqueue(app->db, &app->cfg, 0, login, MAIL_RESET,
		    vars, 3);
		if (rc == 0 && db_exec_text(app->db,
		    "ROLLBACK TO SAVEPOINT forgot_unknown") == -1)
			goto dberr;
	}
	sodium_memzero(link, sizeof(link));
	sodium_memzero(&sec, sizeof(sec));
	if (rc == -1 || audit_add(app->db, found ? u.id : 0,
	    "password_forgot", req->addr, req->user_agent) == -1 ||
	    db_commit(app->db) == -1)
		goto dberr;
	reply_ok(r, 200, MSG_FORGOT, NULL);
	return;
dberr:
	app_db_failed(app, r, "password forgot");
}

/* What a reset request asks for. */
struct reset_input {
	const char	*token;
	const char	*password;
};

/* Read the token (path or body) and the new password.  0 or -1. */
static int
reset_read(struct app *app, struct request *req, struct reply *r,
    struct reset_input *in)
{
	int	 rc = 0;

	memset(in, 0, sizeof(*in));
	in->token = route_param(&app->params, "token");
	if (in->token == NULL && input_string(req->fields, r, "token", NULL,
	    "Token", 1, ID_MAX, &in->token) != 1)
		rc = -1;
	if (input_string(req->fields, r, "new_password", new_password_aliases,
	    "New password", 1, PASSWD_MAX * 4, &in->password) != 1)
		rc = -1;
	return rc;
}

/*
 * Find the reset verification of "token" and its account; 1 usable,
 * 0 answered (404, 410, or 403 for a disabled account), -1 database
 * error.  A token mailed to another address than the account's
 * current one is dead (410).
 */
static int
reset_find(struct app *app, struct reply *r, const char *token, int lock,
    struct verif *v, struct user *u)
{
	int	 rc;

	if ((rc = verif_by_link(app->db, token, lock, v)) == -1)
		return -1;
	if (rc == 0 || v->purpose != VERIF_RESET) {
		db_rollback(app->db);
		reply_error(r, RC_NOT_FOUND, "Unknown reset token");
		return 0;
	}
	if (verif_state(v, 1) != VERIF_OPEN) {
		db_rollback(app->db);
		reply_gone(r, v);
		return 0;
	}
	if (users_by_id(app->db, v->user_id, u) != 1)
		return -1;
	if (strcmp(u->status, "disabled") == 0) {
		db_rollback(app->db);
		reply_error(r, RC_ACCOUNT_DISABLED, NULL);
		return 0;
	}
	/* mailed to an address the account no longer has */
	if (strcmp(u->email, v->email) != 0) {
		db_rollback(app->db);
		reply_gone(r, v);
		return 0;
	}
	return 1;
}

/*
 * POST /api/v1/auth/password/reset {token, new_password} and
 * POST /api/v1/auth/password/reset/{token} {new_password}: 200; every
 * session of the account is revoked, the token used, a notice mailed.
 * 400 validation_failed (a bad new password leaves the token usable);
 * 403 account_disabled; 404 not_found; 410 verification_expired (past
 * expiry, used, retired, or mailed to an address the account no
 * longer has).  Every other open verification of the account ends
 * too.
 */
static void
handle_reset(struct app *app, struct request *req, struct reply *r)
{
	struct reset_input	 in;
	struct verif		 v;
	struct user		 u;
	char			 hash[PASSWD_HASH_MAX];
	const char		*why;
	int			 rc;

	if (reset_read(app, req, r, &in) == -1)
		return;
	/* check and hash outside the transaction: hashing is slow */
	if ((rc = reset_find(app, r, in.token, 0, &v, &u)) != 1) {
		if (rc == -1)
			app_db_failed(app, r, "password reset");
		return;
	}
	if ((why = validate_password(in.password, app->cfg.password_min,
	    u.email, u.username[0] != '\0' ? u.username : NULL)) != NULL) {
		reply_field_error(r, "new_password", why, NULL);
		return;
	}
	if (passwd_hash(in.password, hash, sizeof(hash)) == -1) {
		app_internal(app, r, "password reset: cannot hash");
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (rc = reset_find(app, r, in.token, 1, &v, &u)) == -1)
		goto dberr;
	if (rc == 0)
		goto out;
	/* the link reached the address: a pending account is confirmed */
	if (users_set_password(app->db, u.id, hash) == -1 ||
	    (strcmp(u.status, "pending") == 0 &&
	    users_mark_verified(app->db, u.id) == -1) ||
	    verif_consume(app->db, v.id) == -1 ||
	    verif_retire_all(app->db, u.id) == -1 ||
	    sessions_revoke_all(app->db, u.id, "password_reset") == -1 ||
	    mail_enqueue(app->db, &app->cfg, u.id, u.email, MAIL_RESET_DONE,
	    NULL, 0) == -1 ||
	    audit_add(app->db, u.id, "password_reset", req->addr,
	    req->user_agent) == -1 ||
	    db_commit(app->db) == -1)
		goto dberr;
	reply_ok(r, 200, "Password has been reset", NULL);
	goto out;
dberr:
	app_db_failed(app, r, "password reset");
out:
	sodium_memzero(hash, sizeof(hash));
}

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "verification", routes, ROUTE__MAX);
}
