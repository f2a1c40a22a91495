/*
 * login: sign an account in.  Shared by login, registration (with
 * verification off), verification and refresh, so that every sign-in
 * makes the same session, tokens and audit event.  Returns a struct;
 * never touches a reply.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "config.h"
#include "login.h"
#include "sessions.h"
#include "token.h"
#include "users.h"

/* Sign the access token for session "sid", valid "ttl" s, into "out". */
static int
login_sign(const struct login_ctx *lc, const struct user *u, int64_t sid,
    unsigned ttl, char *out, size_t outsz)
{
	struct jwt_claims	 c;

	memset(&c, 0, sizeof(c));
	snprintf(c.iss, sizeof(c.iss), "%s", lc->cfg->token_issuer);
	snprintf(c.role, sizeof(c.role), "%s", u->role);
	snprintf(c.email, sizeof(c.email), "%s", u->email);
	snprintf(c.typ, sizeof(c.typ), "access");
	c.sub = u->id;
	c.sid = sid;
	c.iat = c.nbf = (int64_t)lc->now;
	c.exp = c.iat + ttl;
	return jwt_sign(lc->ring, &c, out, outsz) < 0 ? -1 : 0;
}

int
login_tokens(const struct login_ctx *lc, const struct user *u, int64_t sid,
    const char *refresh, unsigned ttl, struct login_result *out)
{
	unsigned	 access = lc->session_ttl ? ttl : lc->cfg->access_ttl;

	if (&out->user != u)
		out->user = *u;
	if (login_sign(lc, u, sid, access, out->access_token,
	    sizeof(out->access_token)) == -1)
		return -1;
	snprintf(out->refresh_token, sizeof(out->refresh_token), "%s",
	    refresh);
	out->expires_in = access;
	out->refresh_expires_in = ttl;
	out->cookies = lc->cfg->cookie_mode || lc->cookies;
	return 0;
}

void
login_result_wipe(struct login_result *lr)
{
	sodium_memzero(lr->access_token, sizeof(lr->access_token));
	sodium_memzero(lr->refresh_token, sizeof(lr->refresh_token));
}

int
login_issue(const struct login_ctx *lc, const struct user *u, int remember,
    const char *event, struct login_result *out)
{
	char			 refresh[TOKEN_STRLEN + 1];
	unsigned char		 digest[TOKEN_DIGEST];
	unsigned		 ttl;
	int64_t			 sid;
	int			 rc = -1;

	ttl = remember ? lc->cfg->refresh_ttl_remember : lc->cfg->refresh_ttl;
	token_new(refresh);
	token_digest(refresh, TOKEN_STRLEN, digest);
	if (sessions_create(lc->db, u->id, digest, remember, ttl,
	    ttl > lc->cfg->refresh_ttl_remember ? ttl :
	    lc->cfg->refresh_ttl_remember, lc->addr, lc->user_agent,
	    &sid) == -1)
		goto out;
	if (users_touch_login(lc->db, u->id) == -1 ||
	    audit_add(lc->db, u->id, event, lc->addr, lc->user_agent) == -1)
		goto out;

	out->user = *u;
	users_time(lc->now, out->user.last_login_at,
	    sizeof(out->user.last_login_at));
	memcpy(out->user.last_request_at, out->user.last_login_at,
	    sizeof(out->user.last_request_at));
	rc = login_tokens(lc, &out->user, sid, refresh, ttl, out);
out:
	sodium_memzero(refresh, sizeof(refresh));
	return rc;
}
