/*
 * Unit tests of common/web/guard.c's decisions: what a verified (or not)
 * token and the session row read for it make of a request, and when
 * the activity times are written, and which requests may set or clear
 * the session cookies.  No database: guard_decide, guard_should_touch
 * and guard_same_site are pure, and the verdicts below (a missing
 * token, a cross-site request) come before any query.  The same decisions through the real
 * server are in tests/integration/check_sessions.c.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "app.h"
#include "guard.h"
#include "http.h"
#include "unit.h"


/* One decision: the token's verification result and the row. */
static const struct dcase {
	const char		*name;
	enum jwt_result		 jr;
	int			 found, revoked, expired;
	const char		*status;
	enum guard_verdict	 want;
} dcases[] = {
	{ "live session, active account", JWT_OK, 1, 0, 0, "active",
	    GUARD_PASS },
	{ "unknown session (or sid of another sub)", JWT_OK, 0, 0, 0, "",
	    GUARD_TOKEN_INVALID },
	{ "revoked session", JWT_OK, 1, 1, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "revoked and expired session", JWT_OK, 1, 1, 1, "active",
	    GUARD_TOKEN_INVALID },
	{ "session past its idle or absolute expiry", JWT_OK, 1, 0, 1,
	    "active", GUARD_TOKEN_EXPIRED },
	{ "disabled account", JWT_OK, 1, 0, 0, "disabled",
	    GUARD_ACCOUNT_DISABLED },
	{ "pending account", JWT_OK, 1, 0, 0, "pending",
	    GUARD_NOT_VERIFIED },
	{ "unknown status fails closed", JWT_OK, 1, 0, 0, "frozen",
	    GUARD_ACCOUNT_DISABLED },
	{ "empty status fails closed", JWT_OK, 1, 0, 0, "",
	    GUARD_ACCOUNT_DISABLED },
	/* disabling revokes the sessions; the token's holder learns why */
	{ "disabled beats revoked", JWT_OK, 1, 1, 0, "disabled",
	    GUARD_ACCOUNT_DISABLED },
	{ "expired token", JWT_EXPIRED, 1, 0, 0, "active",
	    GUARD_TOKEN_EXPIRED },
	{ "malformed token", JWT_MALFORMED, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "wrong alg (none, alg confusion)", JWT_BAD_ALG, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "unknown or removed kid", JWT_BAD_KID, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "bad signature", JWT_BAD_SIGNATURE, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "not yet valid", JWT_NOT_YET_VALID, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "another issuer", JWT_BAD_ISSUER, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "not an access token", JWT_BAD_TYPE, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "missing sub or sid", JWT_BAD_CLAIMS, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
	{ "out-of-range result", JWT__MAX, 1, 0, 0, "active",
	    GUARD_TOKEN_INVALID },
};

START_TEST(test_decide)
{
	const struct dcase	*c = &dcases[_i];
	struct guard_session	 s;

	memset(&s, 0, sizeof(s));
	s.found = c->found;
	s.revoked = c->revoked;
	s.expired = c->expired;
	snprintf(s.status, sizeof(s.status), "%s", c->status);
	ck_assert_msg(guard_decide(c->jr, &s) == c->want,
	    "%s: got %d, want %d", c->name, guard_decide(c->jr, &s), c->want);
}
END_TEST

/* Without a row (the token failed first) only the token counts. */
START_TEST(test_decide_no_row)
{
	ck_assert_int_eq(guard_decide(JWT_OK, NULL), GUARD_TOKEN_INVALID);
	ck_assert_int_eq(guard_decide(JWT_EXPIRED, NULL), GUARD_TOKEN_EXPIRED);
	ck_assert_int_eq(guard_decide(JWT_BAD_SIGNATURE, NULL),
	    GUARD_TOKEN_INVALID);
}
END_TEST

/* When last_request_date and last_used_at are written. */
static const struct tcase_touch {
	long long	 user_idle, session_idle;
	unsigned	 resolution;
	int		 want;
} touches[] = {
	{ 0, 0, 60, 0 },		/* just written */
	{ 59, 59, 60, 0 },		/* within the resolution */
	{ 60, 10, 60, 1 },		/* the account's time is due */
	{ 10, 60, 60, 1 },		/* this session's time is due */
	{ 1700000000, 5, 60, 1 },	/* never written (NULL -> epoch) */
	{ 1, 1, 2, 0 },			/* the test servers' resolution */
	{ 2, 0, 2, 1 },
	{ 0, 0, 0, 1 },			/* resolution 0: every request */
};

START_TEST(test_touch)
{
	const struct tcase_touch	*c = &touches[_i];
	struct guard_session		 s;

	memset(&s, 0, sizeof(s));
	s.user_idle = c->user_idle;
	s.session_idle = c->session_idle;
	ck_assert_int_eq(guard_should_touch(&s, c->resolution), c->want);
}
END_TEST

/* Who may set or clear the session cookies (login CSRF). */
#define BASE	"https://auth.example/app/"
#define CORS	"https://app.example, *"

static const struct scase {
	const char	*origin;
	const char	*fetch_site;
	const char	*base_url;
	int		 want;
} scases[] = {
	{ "", "", BASE, 1 },			/* curl, a native app */
	{ "", "same-origin", BASE, 1 },
	{ "", "none", BASE, 1 },		/* typed, bookmarked */
	{ "", "cross-site", BASE, 0 },		/* a link from elsewhere */
	{ "", "same-site", BASE, 0 },		/* a sibling host */
	{ "", "something-new", BASE, 0 },
	{ "https://auth.example", "same-origin", BASE, 1 },
	{ "https://AUTH.example", "", BASE, 1 },
	{ "https://auth.example:443", "", BASE, 1 },
	{ "https://auth.example", "", "https://auth.example:443", 1 },
	{ "http://auth.example", "", BASE, 0 },	/* another scheme */
	{ "https://auth.example:8443", "", BASE, 0 },
	{ "https://auth.example.evil", "", BASE, 0 },
	{ "https://evil.example", "cross-site", BASE, 0 },
	{ "https://evil.example", "", BASE, 0 },
	{ "https://evil.example", "same-origin", BASE, 0 },
	{ "null", "", BASE, 0 },		/* sandboxed, redirected */
	{ "https://app.example", "same-site", BASE, 1 },	/* named */
	{ "https://app.example", "cross-site", BASE, 1 },
	{ "https://any.example", "", BASE, 0 },	/* "*" names nobody */
	{ "http://127.0.0.1:8080", "", "http://127.0.0.1:8080", 1 },
	{ "http://127.0.0.1", "", "http://127.0.0.1:80/", 1 },
	{ "http://127.0.0.1:8081", "", "http://127.0.0.1:8080", 0 },
	{ "http://127.0.0.1:80", "", "http://127.0.0.1:8080", 0 },
	{ "https://auth.example/x", "", BASE, 0 },	/* not an origin */
};

START_TEST(test_same_site)
{
	const struct scase	*c = &scases[_i];

	ck_assert_msg(guard_same_site(c->origin, c->fetch_site, c->base_url,
	    CORS) == c->want, "Origin \"%s\", Sec-Fetch-Site \"%s\", "
	    "base_url %s: want %d", c->origin, c->fetch_site, c->base_url,
	    c->want);
}
END_TEST

/*
 * The verdicts that need no database: no token at all, and the
 * cookie routes' site check; the principal is cleared on refusal.
 */
START_TEST(test_verdicts)
{
	static struct app	 app;
	struct request		 req;
	struct principal	 who;

	memset(&app, 0, sizeof(app));
	memset(&req, 0, sizeof(req));
	memset(&who, 0, sizeof(who));
	who.user_id = 7;
	snprintf(who.email, sizeof(who.email), "a@b.example");
	ck_assert_int_eq(guard_check_token(&app, NULL, &who),
	    GUARD_TOKEN_MISSING);
	ck_assert_int_eq(who.user_id, 0);
	ck_assert_str_eq(who.email, "");
	ck_assert_int_eq(guard_check_token(&app, "", &who),
	    GUARD_TOKEN_MISSING);
	ck_assert_int_eq(guard_check(&app, &req, &who), GUARD_TOKEN_MISSING);

	req.origin = (char *)"https://evil.example";
	req.fetch_site = (char *)"cross-site";
	app.cfg.base_url = (char *)"https://app.example";
	app.cfg.cors_origins = (char *)"";
	ck_assert_int_eq(guard_check_site(&app, &req), GUARD_PASS);
	app.cfg.cookie_mode = 1;
	ck_assert_int_eq(guard_check_site(&app, &req), GUARD_CROSS_SITE);
	req.origin = (char *)"https://app.example";
	ck_assert_int_eq(guard_check_site(&app, &req), GUARD_PASS);

	/* a [webauthn] origin is the site's own (where a passkey signs
	   in), exactly as written, and only with passkeys on */
	req.origin = (char *)"http://localhost:8080";
	snprintf(app.cfg.webauthn_origin[0], sizeof(app.cfg.webauthn_origin[0]),
	    "http://localhost:8080");
	app.cfg.webauthn_norigins = 1;
	app.cfg.webauthn_rp_id = (char *)"";
	ck_assert_int_eq(guard_check_site(&app, &req), GUARD_CROSS_SITE);
	app.cfg.webauthn_rp_id = (char *)"localhost";
	ck_assert_int_eq(guard_check_site(&app, &req), GUARD_PASS);
	req.origin = (char *)"http://localhost:8081";
	ck_assert_int_eq(guard_check_site(&app, &req), GUARD_CROSS_SITE);
	req.origin = (char *)"http://localhost:80800";
	ck_assert_int_eq(guard_check_site(&app, &req), GUARD_CROSS_SITE);

	who.user.id = 3;
	snprintf(who.role, sizeof(who.role), "admin");
	guard_forget(&who);
	ck_assert_int_eq(who.user.id, 0);
	ck_assert_str_eq(who.role, "");
}
END_TEST

/*
 * [mfa] required_roles: a listed role without a factor is limited to
 * the enrolment, profile and session routes; with a factor, or an
 * unlisted role, nothing is limited.
 */
START_TEST(test_mfa_required_roles)
{
	struct config		 cfg;
	struct principal	 who;
	char			 roles[] = "admin, ops";
	int			 op;

	memset(&cfg, 0, sizeof(cfg));
	memset(&who, 0, sizeof(who));
	cfg.mfa_required_roles = roles;
	snprintf(who.role, sizeof(who.role), "admin");
	ck_assert_int_eq(guard_mfa_enrol_pending(&cfg, &who), 1);
	snprintf(who.role, sizeof(who.role), "ops");
	ck_assert_int_eq(guard_mfa_enrol_pending(&cfg, &who), 1);
	snprintf(who.role, sizeof(who.role), "adm");
	ck_assert_int_eq(guard_mfa_enrol_pending(&cfg, &who), 0);
	snprintf(who.role, sizeof(who.role), "user");
	ck_assert_int_eq(guard_mfa_enrol_pending(&cfg, &who), 0);
	snprintf(who.role, sizeof(who.role), "admin");
	who.user.mfa_totp = 1;
	ck_assert_int_eq(guard_mfa_enrol_pending(&cfg, &who), 0);
	roles[0] = '\0';
	who.user.mfa_totp = 0;
	ck_assert_int_eq(guard_mfa_enrol_pending(&cfg, &who), 0);

	for (op = 0; op < OP__MAX; op++)
		ck_assert_int_eq(guard_mfa_enrol_op((enum op)op),
		    op == OP_PROFILE_GET || op == OP_SESSIONS ||
		    op == OP_SESSION_DELETE || op == OP_MFA_TOTP_START ||
		    op == OP_MFA_TOTP_CONFIRM);
}
END_TEST

static Suite *
guard_suite(void)
{
	Suite	*s = suite_create("guard");
	TCase	*tc = tcase_create("decide");

	LOOP(tc, test_decide, dcases);
	tcase_add_test(tc, test_decide_no_row);
	LOOP(tc, test_touch, touches);
	suite_add_tcase(s, tc);
	tc = tcase_create("same site");
	LOOP(tc, test_same_site, scases);
	suite_add_tcase(s, tc);
	tc = tcase_create("verdicts");
	tcase_add_test(tc, test_verdicts);
	suite_add_tcase(s, tc);
	tc = tcase_create("mfa required roles");
	tcase_add_test(tc, test_mfa_required_roles);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_guard", guard_suite, 0);
}
