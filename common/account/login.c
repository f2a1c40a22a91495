/*
 * login: sign an account in.  Shared by login, registration (with
 * verification off) and verification, so that every sign-in makes the
 * same session, tokens, audit event and payload.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "http.h"
#include "jsonkey.h"
#include "login.h"
#include "paths.h"
#include "reply.h"
#include "sessions.h"
#include "token.h"
#include "users.h"

/* Sign the access token for session "sid" into "out". */
static int
login_sign(struct app *app, const struct user *u, int64_t sid, char *out,
    size_t outsz)
{
	struct jwt_claims	 c;

	memset(&c, 0, sizeof(c));
	snprintf(c.iss, sizeof(c.iss), "%s", app->cfg.token_issuer);
	snprintf(c.role, sizeof(c.role), "%s", u->role);
	snprintf(c.typ, sizeof(c.typ), "access");
	c.sub = u->id;
	c.sid = sid;
	c.iat = c.nbf = (int64_t)app->now;
	c.exp = c.iat + app->cfg.access_ttl;
	return jwt_sign(&app->ring, &c, out, outsz) < 0 ? -1 : 0;
}

/*
 * In cookie mode add the access cookie "access" with Max-Age "ttl":
 * HttpOnly, SameSite=Lax (a link from another site to a protected page
 * still carries it; a cross-site POST does not), Path and Domain as
 * configured.  "" and 0 clear it.  0, or -1 if the reply has no room.
 */
static int
login_access_cookie(struct app *app, struct reply *r, const char *access,
    unsigned ttl)
{
	const struct config *c = &app->cfg;

	return reply_header(r, "Set-Cookie",
	    "%s=%s; Path=%s; Max-Age=%u; HttpOnly;%s SameSite=Lax%s%s",
	    c->access_cookie_name, access, c->access_cookie_path, ttl,
	    c->cookie_secure ? " Secure;" : "",
	    c->cookie_domain[0] != '\0' ? "; Domain=" : "", c->cookie_domain);
}

int
login_cookie(struct app *app, struct reply *r, const char *refresh,
    unsigned ttl)
{
	const struct config *c = &app->cfg;
	const char	*path;
	int		 pathlen;

	if (!c->cookie_mode)
		return 0;
	/* clearing the refresh cookie ends the browser session: both go */
	if (refresh[0] == '\0' && login_access_cookie(app, r, "", 0) == -1)
		return -1;
	path = paths_cookie(&pathlen);
	return reply_header(r, "Set-Cookie",
	    "%s=%s; Path=%.*s; Max-Age=%u; HttpOnly;%s "
	    "SameSite=Strict%s%s",
	    c->refresh_cookie_name, refresh, pathlen, path, ttl,
	    c->cookie_secure ? " Secure;" : "",
	    c->cookie_domain[0] != '\0' ? "; Domain=" : "", c->cookie_domain);
}

int
login_tokens(struct app *app, struct reply *r, const struct user *u,
    int64_t sid, const char *refresh, unsigned ttl,
    struct json_object **payload)
{
	char			 access[JWT_MAX];
	struct json_object	*p = NULL, *uj;
	int			 rc = -1;

	*payload = NULL;
	if (login_sign(app, u, sid, access, sizeof(access)) == -1)
		goto out;
	if ((p = json_object_new_object()) == NULL ||
	    (uj = users_json(u)) == NULL)
		goto out;
	JSON_ADD(p, "access_token", json_object_new_string(access));
	JSON_ADD(p, "token_type", json_object_new_string("Bearer"));
	JSON_ADD(p, "expires_in", json_object_new_int64(app->cfg.access_ttl));
	JSON_ADD(p, "refresh_token", json_object_new_string(refresh));
	JSON_ADD(p, "refresh_expires_in", json_object_new_int64(ttl));
	JSON_ADD(p, "user", uj);
	if (login_cookie(app, r, refresh, ttl) == -1 ||
	    (app->cfg.cookie_mode && login_access_cookie(app, r, access,
	    app->cfg.access_ttl) == -1))
		goto out;
	*payload = p;
	p = NULL;
	rc = 0;
out:
	json_object_put(p);
	sodium_memzero(access, sizeof(access));
	return rc;
}

int
login_issue(struct app *app, const struct request *req, struct reply *r,
    const struct user *u, int remember, const char *event,
    struct json_object **payload)
{
	char			 refresh[TOKEN_STRLEN + 1];
	unsigned char		 digest[TOKEN_DIGEST];
	unsigned		 ttl;
	int64_t			 sid;
	struct user		 now_u;
	int			 rc = -1;

	*payload = NULL;
	ttl = remember ? app->cfg.refresh_ttl_remember : app->cfg.refresh_ttl;
	token_new(refresh);
	token_digest(refresh, TOKEN_STRLEN, digest);
	if (sessions_create(app->db, u->id, digest, remember, ttl,
	    ttl > app->cfg.refresh_ttl_remember ? ttl :
	    app->cfg.refresh_ttl_remember, req->addr, req->user_agent,
	    &sid) == -1)
		goto out;
	if (users_touch_login(app->db, u->id) == -1 ||
	    audit_add(app->db, u->id, event, req->addr, req->user_agent) == -1)
		goto out;

	now_u = *u;
	users_time(app->now, now_u.last_login_at, sizeof(now_u.last_login_at));
	memcpy(now_u.last_request_at, now_u.last_login_at,
	    sizeof(now_u.last_request_at));
	rc = login_tokens(app, r, &now_u, sid, refresh, ttl, payload);
out:
	sodium_memzero(refresh, sizeof(refresh));
	return rc;
}
