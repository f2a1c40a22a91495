/*
 * check_feed: revocation across web nodes, through the revocation feed
 * ([tokens] session_check = feed).  Two lighttpd instances on the one
 * test database (feed1 and feed2 of scripts/test, [tokens]
 * revocation_poll = FEED_POLL_MS): a member signs in and opens
 * /members/whoami through node 1; node 2 ends the session; node 1 must
 * refuse the same token within revocation_poll + 100 ms.  Measured
 * FEED_REPS times for each event that ends sessions: logout, a
 * password change (from another session), fcauthctl user disable and
 * a reused refresh token; the maximum is printed.  Then a process
 * started after a revocation (auth.fcgi as a plain CGI: a fresh feed)
 * refuses the token too, and still takes a live one.
 *
 * Through Apache and nginx (the servers pass of scripts/test, where
 * FCAUTH_TEST_URL is one of them) node 2 is that server, with fewer
 * repetitions: the events cross server kinds too.
 *
 * Environment: FCAUTH_TEST_URL_FEED1, FCAUTH_TEST_URL_FEED2 (unset:
 * skipped), FCAUTH_TEST_CONFIG_FEED1, FCAUTH_TEST_ADMIN_CONFIG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"

#define LOGIN		"/api/v1/auth/login"
#define LOGOUT		"/api/v1/auth/logout"
#define REFRESH		"/api/v1/auth/refresh"
#define CHECK		"/api/v1/auth/check"
#define PASSWORD	"/api/v1/profile/password"
#define MEMBERS		"/members/whoami"

#define PW1		"Tr0ub4dor & 3 horses!"
#define PW2		"correct horse battery staple 2"

#define FEED_POLL_MS	100	/* revocation_poll of feed1 (scripts/test) */
#define FEED_BOUND_MS	(FEED_POLL_MS + 100)
#define FEED_REPS	50
#define FEED_REPS_SERVERS 10	/* node 2 is Apache or nginx */
#define FEED_GIVE_UP_MS	5000

static const char	*node2_env = "FCAUTH_TEST_URL_FEED2";
static int		 reps = FEED_REPS;

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
node(int n)
{
	fx_use_instance(n == 1 ? "FCAUTH_TEST_URL_FEED1" : node2_env);
}

/* GET /members/whoami with "tok" through the current node: the status. */
static long
members(const char *tok)
{
	struct resp	 r;
	long		 st;

	ck_assert_int_eq(client_get(MEMBERS, tok, &r), 0);
	st = r.status;
	resp_free(&r);
	return st;
}

/*
 * Ask node 1 for the members page with "tok" until it refuses: the
 * milliseconds since "t0".  Fails after FEED_GIVE_UP_MS.
 */
static double
refused_after(const char *tok, double t0, const char *what)
{
	long	 st;
	double	 ms;

	node(1);
	for (;;) {
		st = members(tok);
		ms = now_ms() - t0;
		if (st == 401 || st == 403)
			return ms;
		ck_assert_msg(st == 200, "%s: members page: HTTP %ld", what,
		    st);
		ck_assert_msg(ms < FEED_GIVE_UP_MS, "%s: still served after "
		    "%.0f ms", what, ms);
		usleep(2000);
	}
}

struct lat {
	double	 max;
	double	 sum;
	int	 n;
};

static void
lat_add(struct lat *l, double ms)
{
	if (ms > l->max)
		l->max = ms;
	l->sum += ms;
	l->n++;
}

static void
lat_report(const char *what, const struct lat *l)
{
	printf("check_feed: %s: refused by node 1 after %.1f ms at most, "
	    "%.1f ms on average, over %d repetitions (bound %d ms)\n", what,
	    l->max, l->n > 0 ? l->sum / l->n : 0.0, l->n, FEED_BOUND_MS);
	fflush(stdout);
	ck_assert_msg(l->max <= FEED_BOUND_MS, "%s: %.1f ms > %d ms", what,
	    l->max, FEED_BOUND_MS);
}

/* Sign "a" in through node 1 and open the members page there. */
static void
sign_in(struct fx_account *a, const char *pw)
{
	node(1);
	ck_assert_int_eq(fx_login("email", a->email, pw, a), 200);
	ck_assert_int_eq(members(a->access), 200);
}

/* POST {"refresh_token"} through the current node. */
static long
refresh(const char *rt, struct fx_account *a)
{
	struct resp	 r;
	char		 body[512];
	long		 st;

	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", rt);
	fx_call("POST", REFRESH, NULL, NULL, body, &r);
	st = r.status;
	if (st == 200 && a != NULL)
		fx_jcopy(resp_data(&r), "refresh_token", a->refresh,
		    sizeof(a->refresh));
	resp_free(&r);
	return st;
}

static void
account(struct fx_account *a, const char *prefix)
{
	node(1);
	fx_register(a, prefix, PW1, 0, NULL);
}

START_TEST(test_logout)
{
	struct fx_account	 a;
	struct resp		 r;
	struct lat		 l = { 0, 0, 0 };
	double			 t0;
	int			 i;

	account(&a, "feed-out");
	for (i = 0; i < reps; i++) {
		sign_in(&a, PW1);
		node(2);
		fx_call("POST", LOGOUT, a.access, NULL, NULL, &r);
		fx_expect(&r, 200, "ok", "logout through node 2");
		resp_free(&r);
		t0 = now_ms();
		lat_add(&l, refused_after(a.access, t0, "logout"));
	}
	lat_report("logout", &l);
}
END_TEST

START_TEST(test_password_change)
{
	struct fx_account	 a, b;
	struct resp		 r;
	struct lat		 l = { 0, 0, 0 };
	const char		*pw[2] = { PW1, PW2 };
	char			 body[256];
	double			 t0;
	int			 i;

	account(&a, "feed-pw");
	b = a;
	for (i = 0; i < reps; i++) {
		sign_in(&a, pw[i % 2]);
		sign_in(&b, pw[i % 2]);
		node(2);
		snprintf(body, sizeof(body), "{\"current_password\":\"%s\","
		    "\"new_password\":\"%s\"}", pw[i % 2], pw[(i + 1) % 2]);
		fx_call("POST", PASSWORD, a.access, NULL, body, &r);
		fx_expect(&r, 200, "ok", "password change through node 2");
		resp_free(&r);
		t0 = now_ms();
		lat_add(&l, refused_after(b.access, t0, "password change"));
	}
	lat_report("password change", &l);
	/* the session that changed it lives on */
	node(1);
	ck_assert_int_eq(members(a.access), 200);
}
END_TEST

START_TEST(test_disable)
{
	struct fx_account	 a;
	struct lat		 l = { 0, 0, 0 };
	char			 args[64];
	double			 t0;
	int			 i;

	account(&a, "feed-dis");
	for (i = 0; i < reps; i++) {
		sign_in(&a, PW1);
		snprintf(args, sizeof(args), "user disable %lld",
		    (long long)a.id);
		fx_ctl_ok(args);
		t0 = now_ms();
		lat_add(&l, refused_after(a.access, t0, "disable"));
		snprintf(args, sizeof(args), "user enable %lld",
		    (long long)a.id);
		fx_ctl_ok(args);
	}
	lat_report("fcauthctl user disable", &l);
}
END_TEST

START_TEST(test_refresh_reuse)
{
	struct fx_account	 a;
	char			 first[256];
	struct lat		 l = { 0, 0, 0 };
	double			 t0;
	int			 i;

	account(&a, "feed-reuse");
	for (i = 0; i < reps; i++) {
		sign_in(&a, PW1);
		snprintf(first, sizeof(first), "%s", a.refresh);
		node(2);
		ck_assert_int_eq(refresh(first, &a), 200);
		/* the first token again: reuse, the session ends */
		ck_assert_int_eq(refresh(first, NULL), 401);
		t0 = now_ms();
		lat_add(&l, refused_after(a.access, t0, "refresh reuse"));
	}
	lat_report("reused refresh token", &l);
}
END_TEST

/* GET /check with "tok" in a new auth.fcgi process: the status. */
static long
fresh_check(const char *tok)
{
	struct resp	 r;
	char		 err[1024];
	long		 st;

	fx_cgi("auth", fx_env("FCAUTH_TEST_CONFIG_FEED1"), "GET", CHECK,
	    NULL, tok, NULL, &r, err, sizeof(err));
	st = r.status;
	resp_free(&r);
	return st;
}

START_TEST(test_fresh_process)
{
	struct fx_account	 a, b;
	struct resp		 r;

	account(&a, "feed-fresh");
	b = a;
	sign_in(&a, PW1);
	sign_in(&b, PW1);
	node(2);
	fx_call("POST", LOGOUT, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "logout through node 2");
	resp_free(&r);
	/* a process that never saw the token, nor the logout */
	ck_assert_int_eq(fresh_check(a.access), 401);
	ck_assert_int_eq(fresh_check(b.access), 200);
}
END_TEST

static Suite *
feed_suite(void)
{
	Suite	*s = suite_create("feed");
	TCase	*tc = fx_tcase(s, "feed");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_logout);
	tcase_add_test(tc, test_password_change);
	tcase_add_test(tc, test_disable);
	tcase_add_test(tc, test_refresh_reuse);
	tcase_add_test(tc, test_fresh_process);
	return s;
}

/* Whether FCAUTH_TEST_URL is the Apache or nginx of scripts/test. */
static int
under_servers(void)
{
	const char	*url = getenv("FCAUTH_TEST_URL"), *v;

	if (url == NULL)
		return 0;
	return ((v = getenv("FCAUTH_TEST_URL_APACHE")) != NULL &&
	    strcmp(v, url) == 0) ||
	    ((v = getenv("FCAUTH_TEST_URL_NGINX")) != NULL &&
	    strcmp(v, url) == 0);
}

int
main(void)
{
	const char	*u1 = getenv("FCAUTH_TEST_URL_FEED1");
	const char	*u2 = getenv("FCAUTH_TEST_URL_FEED2");

	if (u1 == NULL || *u1 == '\0' || u2 == NULL || *u2 == '\0') {
		printf("FCAUTH_TEST_URL_FEED1/2 not set: skipping\n");
		return CLIENT_EXIT_SKIP;
	}
	if (under_servers()) {
		/* fx_use_instance moves FCAUTH_TEST_URL: keep this one */
		setenv("FCAUTH_TEST_URL_FEED_NODE2", getenv("FCAUTH_TEST_URL"),
		    1);
		node2_env = "FCAUTH_TEST_URL_FEED_NODE2";
		reps = FEED_REPS_SERVERS;
	}
	fx_init("check_feed");
	return fx_run(srunner_create(feed_suite()));
}
