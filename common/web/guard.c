/*
 * guard: bearer tokens.  The claims come from the JWT; whether the
 * session is still live and the account still active comes from the
 * database, in one primary-key join (sessions_with_user), on every
 * request, or for the authorizer in feed mode (guard_check_feed) from
 * the revocation feed in memory (feed.c).  The decision itself (guard_decide) is a pure function of
 * the two.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"
#include "db.h"
#include "feed.h"
#include "guard.h"
#include "http.h"
#include "jwtcache.h"
#include "list.h"
#include "log.h"
#include "render.h"
#include "seen.h"
#include "sessions.h"
#include "text.h"

enum guard_verdict
guard_decide(enum jwt_result jr, const struct guard_session *s)
{
	if (jr == JWT_EXPIRED)
		return GUARD_TOKEN_EXPIRED;
	if (jr != JWT_OK || s == NULL || !s->found)
		return GUARD_TOKEN_INVALID;
	/*
	 * The account before the session: disabling an account also
	 * revokes its sessions, and the holder of a good token should
	 * learn why it stopped working.
	 */
	if (strcmp(s->status, "pending") == 0)
		return GUARD_NOT_VERIFIED;
	if (strcmp(s->status, "active") != 0)
		/* "disabled", and anything the schema may add: fail closed */
		return GUARD_ACCOUNT_DISABLED;
	if (s->revoked)
		return GUARD_TOKEN_INVALID;
	if (s->expired)
		return GUARD_TOKEN_EXPIRED;
	return GUARD_PASS;
}

int
guard_should_touch(const struct guard_session *s, unsigned resolution)
{
	return s->user_idle >= (long long)resolution ||
	    s->session_idle >= (long long)resolution;
}

/*
 * Whether "origin" (scheme://host[:port]) is the origin of "url": the
 * same scheme and authority, both compared without regard to case, the
 * default port of the scheme written or not.  1 or 0.
 */
static int
guard_origin_of(const char *origin, const char *url)
{
	static const struct {
		const char	*scheme;	/* with "://" */
		const char	*port;		/* its default, with ':' */
	} schemes[] = {
		{ "http://", ":80" },
		{ "https://", ":443" },
	};
	const char	*oa, *ua;
	size_t		 i, sl, ol, ul, pl;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		sl = strlen(schemes[i].scheme);
		if (strncasecmp(origin, schemes[i].scheme, sl) == 0 &&
		    strncasecmp(url, schemes[i].scheme, sl) == 0)
			break;
	}
	if (i == sizeof(schemes) / sizeof(schemes[0]))
		return 0;
	oa = origin + sl;
	ua = url + sl;
	ol = strlen(oa);
	ul = strcspn(ua, "/?#");
	pl = strlen(schemes[i].port);
	if (ol > pl && strncmp(oa + ol - pl, schemes[i].port, pl) == 0)
		ol -= pl;
	if (ul > pl && strncmp(ua + ul - pl, schemes[i].port, pl) == 0)
		ul -= pl;
	return ol > 0 && ol == ul && strncasecmp(oa, ua, ol) == 0 &&
	    strcspn(oa, "/?#@") == strlen(oa);
}

int
guard_same_site(const char *origin, const char *fetch_site,
    const char *base_url, const char *cors_origins)
{
	if (origin != NULL && origin[0] != '\0')
		/* "null" (a sandboxed frame, a redirect) is nobody's */
		return guard_origin_of(origin, base_url) ||
		    render_origin_allowed(origin, cors_origins) == 2;
	return fetch_site == NULL || fetch_site[0] == '\0' ||
	    strcmp(fetch_site, "same-origin") == 0 ||
	    strcmp(fetch_site, "none") == 0;
}

/*
 * Whether "origin" is one of [webauthn] origins, exactly: the operator
 * names there the site's own origins, where a passkey signs in (and
 * POST /api/v1/auth/passkey/login sets the cookies), which need not be
 * that of base_url (the demo at http://localhost:PORT, since browsers
 * refuse passkeys on an IP address).  Only with passkeys on.  1 or 0.
 */
static int
guard_rp_origin(const struct config *cfg, const char *origin)
{
	size_t	 i;

	if (origin == NULL || origin[0] == '\0' ||
	    cfg->webauthn_rp_id == NULL || cfg->webauthn_rp_id[0] == '\0')
		return 0;
	for (i = 0; i < cfg->webauthn_norigins && i < CONFIG_ORIGINS_MAX; i++)
		if (strcmp(origin, cfg->webauthn_origin[i]) == 0)
			return 1;
	return 0;
}

enum guard_verdict
guard_check_site(const struct app *app, const struct request *req)
{
	if (!app_cookie_mode(app) || guard_same_site(req->origin,
	    req->fetch_site, app->cfg.base_url, app->cfg.cors_origins) ||
	    guard_rp_origin(&app->cfg, req->origin))
		return GUARD_PASS;
	log_info("cross-site request refused (Origin \"%.64s\", "
	    "Sec-Fetch-Site \"%.16s\")", req->origin, req->fetch_site);
	return GUARD_CROSS_SITE;
}

void
guard_forget(struct principal *w)
{
	w->user_id = 0;
	w->session_id = 0;
	w->role[0] = '\0';
	w->email[0] = '\0';
	w->user.id = 0;
	w->user.email[0] = '\0';
	w->user.status[0] = '\0';
	w->user.role[0] = '\0';
}

enum guard_verdict
guard_check(const struct app *app, const struct request *req,
    struct principal *who)
{
	return guard_check_token(app, http_bearer(req), who);
}

int64_t
guard_subject(const struct app *app, const struct request *req)
{
	struct jwt_claims	 c;
	const char		*bearer = http_bearer(req);

	if (bearer == NULL || bearer[0] == '\0' ||
	    jwt_cache_verify(app->tokens, &app->ring, bearer,
	    app->cfg.token_issuer, "access", (int64_t)app->now,
	    app->cfg.token_leeway, &c) != JWT_OK)
		return 0;
	return c.sub;
}

/*
 * The start of both token checks: forget "who", then verify "bearer"
 * (through the verified-token cache) into "*c" and "*jr".  0 when
 * there is no token at all, else 1.
 */
static int
guard_bearer(const struct app *app, const char *bearer,
    struct principal *who, struct jwt_claims *c, enum jwt_result *jr)
{
	guard_forget(who);
	if (bearer == NULL || bearer[0] == '\0')
		return 0;
	*jr = jwt_cache_verify(app->tokens, &app->ring, bearer,
	    app->cfg.token_issuer, "access", (int64_t)app->now,
	    app->cfg.token_leeway, c);
	return 1;
}

enum guard_verdict
guard_check_token(const struct app *app, const char *bearer,
    struct principal *who)
{
	struct jwt_claims	 c;
	enum jwt_result		 jr;
	enum guard_verdict	 v;
	struct guard_session	 s;
	struct session_live	 live;
	struct user		*u = &who->user;
	int			 rc;

	memset(&s, 0, sizeof(s));
	if (!guard_bearer(app, bearer, who, &c, &jr))
		return GUARD_TOKEN_MISSING;
	if (jr == JWT_OK) {
		rc = sessions_with_user(app->db, c.sid, &live, u);
		if (rc == -1)
			goto dberr;
		/* a session of another account is no session of this token */
		s.found = rc == 1 && u->id == c.sub;
		s.revoked = live.revoked;
		s.expired = live.expires_at <= (long long)app->now ||
		    live.absolute_expires_at <= (long long)app->now;
		s.user_idle = (long long)app->now - live.last_request_at;
		s.session_idle = (long long)app->now - live.last_used_at;
		text_copy(s.status, sizeof(s.status), u->status);
	} else
		log_info("bearer token refused: %s", jwt_strerror(jr));
	if ((v = guard_decide(jr, &s)) != GUARD_PASS) {
		if (jr == JWT_OK)
			log_info("bearer token refused: session %lld %s",
			    (long long)c.sid, !s.found ? "unknown" :
			    s.revoked ? "revoked" : s.expired ? "expired" :
			    "of an inactive account");
		guard_forget(who);
		return v;
	}
	who->user_id = c.sub;
	who->session_id = c.sid;
	text_copy(who->role, sizeof(who->role), u->role);
	text_copy(who->email, sizeof(who->email), u->email);
	if (guard_should_touch(&s, app->cfg.activity_resolution)) {
		if (sessions_touch(app->db, c.sid, c.sub) == -1)
			goto dberr;
		users_time(app->now, u->last_request_at,
		    sizeof(u->last_request_at));
	}
	return GUARD_PASS;
dberr:
	guard_forget(who);
	return GUARD_DB_ERROR;
}

/*
 * Whether the feed may judge claims "c" alone: a token that lives
 * longer than access_ttl (a dialect's session-long token) outlives
 * the feed's window, one without an email (signed before tokens
 * carried it) cannot fill the answer, and one of a role in [mfa]
 * required_roles needs the account's factors (guard_mfa.c), which
 * only its row says.  1 or 0.
 */
static int
guard_feed_fits(const struct app *app, const struct jwt_claims *c)
{
	return c->email[0] != '\0' &&
	    c->exp - c->iat <= (int64_t)app->cfg.access_ttl &&
	    !list_has(app->cfg.mfa_required_roles, c->role, strlen(c->role));
}

enum guard_verdict
guard_check_feed(const struct app *app, const char *bearer,
    struct principal *who)
{
	struct jwt_claims	 c;
	enum jwt_result		 jr;

	if (!guard_bearer(app, bearer, who, &c, &jr))
		return GUARD_TOKEN_MISSING;
	if (jr != JWT_OK || !guard_feed_fits(app, &c))
		return guard_check_token(app, bearer, who);
	if (feed_sync(app->feed, app->db, &app->cfg, feed_clock_ms()) == -1)
		return GUARD_FEED_STALE;
	switch (feed_lookup(app->feed, c.sub, c.sid, c.iat)) {
	case FEED_SESSION_ENDED:
		log_info("bearer token refused: session %lld revoked",
		    (long long)c.sid);
		return GUARD_TOKEN_INVALID;
	case FEED_USER_CHANGED:
		/* the database has what the token no longer says */
		return guard_check_token(app, bearer, who);
	case FEED_CLEAR:
		break;
	}
	who->user_id = c.sub;
	who->session_id = c.sid;
	text_copy(who->role, sizeof(who->role), c.role);
	text_copy(who->email, sizeof(who->email), c.email);
	if (seen_note(app->seen, app->db, c.sid, app->now,
	    app->cfg.activity_resolution) == -1)
		/* a late last_request_date refuses nobody */
		log_warn("last request times: %s", db_strerror(app->db));
	return GUARD_PASS;
}
