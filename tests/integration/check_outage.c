/*
 * check_outage: faults that disturb the whole test server, so this
 * suite never runs inside the parallel "make check": scripts/test runs
 * it alone afterwards with FCAUTH_TEST_OUTAGE=1 (it skips otherwise).
 *
 *  - MariaDB stopped: register and login answer 503 service_unavailable
 *    with Retry-After at once; started again, the next requests succeed
 *    without restarting lighttpd or the programs, and an account made
 *    before the outage still logs in.
 *  - MariaDB restarted while the programs sat idle: their stale
 *    connections are replaced without a single failed request.
 *  - MariaDB hung (SIGSTOP): 503 within the configured timeout (2 s),
 *    not a multiple of it; resumed, requests succeed again.
 *  - a row lock held by another transaction: the lock wait ends on the
 *    server before the read timeout and the login is retried once.
 *  - registration.fcgi workers killed with SIGKILL while registrations
 *    run: every account is whole (its session and audit row, all from
 *    one transaction) or absent, every 201 has its account, and the
 *    service recovers.  The requests the kills cut get lighttpd's 500
 *    (its page: "response not received"), 502 or 503 (every backend
 *    down for a second), never a 500 of ours.
 *  - the check route in feed mode (instance feed1, revocation_poll
 *    FEED_POLL_MS) does no database round trip per request: the
 *    server's Questions counter grows by the feed's polls only (this
 *    suite runs alone, so nobody else counts); with MariaDB stopped it
 *    fails closed, 503, within 3 revocation_poll, and serves again once
 *    MariaDB is back.
 *
 * Environment: FCAUTH_TEST_OUTAGE=1, FCAUTH_TEST_URL (the main
 * instance: verification off), FCAUTH_TEST_CONFIG (its configuration:
 * tells its workers from others), FCAUTH_TEST_ADMIN_CONFIG (database
 * access for the checks), FCAUTH_TEST_DB_CTL (scripts/test-db).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "db.h"
#include "fixture.h"

#define REGISTER	"/api/v1/auth/register"
#define LOGIN		"/api/v1/auth/login"
#define JWKS		"/api/v1/auth/jwks.json"
#define PW		"Tr0ub4dor & 3 horses!"

#define OUTAGE_MAX_S	2.5	/* [database] timeouts are 2 s */
#define RECOVER_S	20	/* how long the service may take to recover */

#define CHECK		"/api/v1/auth/check"
#define FEED_POLL_MS	100	/* feed1's revocation_poll (scripts/test) */
#define FEED_CHECKS	300	/* check requests counted */

#define STORM_CLIENTS	4	/* processes sending registrations */
#define STORM_EACH	40	/* registrations per process */
#define STORM_KILLS	8	/* SIGKILLs sent to registration.fcgi */
/*
 * lighttpd takes a backend it could not reach out of use for a second
 * and starts a new process: kills come farther apart than that, and a
 * client whose request failed waits a little, so that most kills hit
 * a worker in the middle of a request rather than an empty pool.
 */
#define STORM_KILL_MS	1200	/* between kills, plus up to 400 */
#define STORM_BACKOFF_MS 150	/* a client's pause after a failure */

static const char *db_ctl;
static const char *test_config;

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Run "$FCAUTH_TEST_DB_CTL action" with no descriptor of ours but 0-2
 * (a MariaDB it starts must not hold the test's pipes).  Its status.
 */
static int
db_ctl_run(const char *action)
{
	pid_t	 pid;
	int	 status, fd;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		execl(db_ctl, db_ctl, action, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* POST {"email","password"} to "path"; the reply in "r", time in "*s". */
static void
post_account(const char *path, const char *email, struct resp *r,
    double *s)
{
	double	 t0 = now_s();

	fx_post(path, r, "{\"email\":\"%s\",\"password\":\"%s\"}", email,
	    PW);
	if (s != NULL)
		*s = now_s() - t0;
}

/* A 503 service_unavailable with a positive Retry-After, soon enough. */
static void
assert_unavailable(const char *what, const struct resp *r, double secs)
{
	const char	*ra = resp_header(r, "Retry-After");

	ck_assert_msg(r->status == 503, "%s: HTTP %ld (%.200s)", what,
	    r->status, r->body != NULL ? r->body : "");
	ck_assert_msg(resp_code(r) != NULL &&
	    strcmp(resp_code(r), "service_unavailable") == 0,
	    "%s: code %s", what, resp_code(r) != NULL ? resp_code(r) : "-");
	ck_assert_msg(ra != NULL && atoi(ra) > 0, "%s: Retry-After %s", what,
	    ra != NULL ? ra : "missing");
	ck_assert_msg(secs < OUTAGE_MAX_S, "%s: answered after %.2f s "
	    "(timeouts are 2 s)", what, secs);
}

/* Log in as "email" until it works or RECOVER_S pass; the last status. */
static long
login_until_ok(const char *email)
{
	struct resp	 r;
	long		 st = 0;
	double		 end = now_s() + RECOVER_S;

	do {
		post_account(LOGIN, email, &r, NULL);
		st = r.status;
		resp_free(&r);
		if (st == 200)
			break;
		usleep(200000);
	} while (now_s() < end);
	return st;
}

/*
 * Stop MariaDB: every request that needs it gets 503 at once; requests
 * that do not (jwks.json) still work.  Start it: the same programs
 * serve again, and the account made before is there.
 */
START_TEST(test_database_stopped)
{
	char		 before[CLIENT_EMAIL_MAX], during[CLIENT_EMAIL_MAX];
	struct resp	 r;
	double		 s;
	int		 i;

	client_unique_email("outage-before", before);
	post_account(REGISTER, before, &r, NULL);
	ck_assert_int_eq(r.status, 201);
	resp_free(&r);

	ck_assert_int_eq(db_ctl_run("stop"), 0);
	for (i = 0; i < 4; i++) {	/* reaches both processes of each */
		client_unique_email("outage-during", during);
		post_account(REGISTER, during, &r, &s);
		assert_unavailable("register, database stopped", &r, s);
		resp_free(&r);
		post_account(LOGIN, before, &r, &s);
		assert_unavailable("login, database stopped", &r, s);
		resp_free(&r);
	}
	ck_assert_int_eq(client_get(JWKS, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);

	ck_assert_int_eq(db_ctl_run("start"), 0);
	/* the very first request succeeds: no restart, no warm-up */
	post_account(LOGIN, before, &r, &s);
	ck_assert_msg(r.status == 200, "first login after the restart: HTTP "
	    "%ld (%.200s)", r.status, r.body);
	resp_free(&r);
	for (i = 0; i < 4; i++) {
		post_account(LOGIN, before, &r, NULL);
		ck_assert_int_eq(r.status, 200);
		resp_free(&r);
	}
	client_unique_email("outage-after", during);
	post_account(REGISTER, during, &r, NULL);
	ck_assert_int_eq(r.status, 201);
	resp_free(&r);

	/* nothing of the refused registrations was written */
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM users WHERE "
	    "email LIKE 'outage-during-%'", FX_NOARGS), 0);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM users WHERE "
	    "email = ?", FX_ARGS(DBV_STR(before))), 1);
	fx_db_close();
}
END_TEST

/*
 * MariaDB restarted while the programs sat idle: each holds a
 * connection that is gone.  The first statement finds that out at once,
 * reconnects and goes on (db.c outside a transaction, the dispatcher's
 * rerun inside one): no request fails.
 */
START_TEST(test_database_restarted_idle)
{
	char		 email[CLIENT_EMAIL_MAX], other[CLIENT_EMAIL_MAX];
	struct resp	 r;
	int		 i;

	client_unique_email("restart", email);
	post_account(REGISTER, email, &r, NULL);
	ck_assert_int_eq(r.status, 201);
	resp_free(&r);
	/* every process of both programs gets a connection */
	for (i = 0; i < 4; i++) {
		post_account(LOGIN, email, &r, NULL);
		ck_assert_int_eq(r.status, 200);
		resp_free(&r);
		client_unique_email("restart-warm", other);
		post_account(REGISTER, other, &r, NULL);
		ck_assert_int_eq(r.status, 201);
		resp_free(&r);
	}

	ck_assert_int_eq(db_ctl_run("stop"), 0);
	ck_assert_int_eq(db_ctl_run("start"), 0);
	for (i = 0; i < 4; i++) {
		post_account(LOGIN, email, &r, NULL);
		ck_assert_msg(r.status == 200, "login %d after the restart: "
		    "HTTP %ld (%.200s)", i, r.status, r.body);
		resp_free(&r);
		client_unique_email("restart-after", other);
		post_account(REGISTER, other, &r, NULL);
		ck_assert_msg(r.status == 201, "registration %d after the "
		    "restart: HTTP %ld (%.200s)", i, r.status, r.body);
		resp_free(&r);
	}
}
END_TEST

/*
 * A server that accepts connections but never answers: the programs
 * wait out the configured timeout once, not several times over.
 */
START_TEST(test_database_hung)
{
	char		 email[CLIENT_EMAIL_MAX], other[CLIENT_EMAIL_MAX];
	struct resp	 r;
	double		 s;
	int		 i;

	client_unique_email("hung", email);
	post_account(REGISTER, email, &r, NULL);
	ck_assert_int_eq(r.status, 201);
	resp_free(&r);

	ck_assert_int_eq(db_ctl_run("pause"), 0);
	for (i = 0; i < 3; i++) {
		post_account(LOGIN, email, &r, &s);
		if (r.status != 503)
			db_ctl_run("resume");
		assert_unavailable("login, database hung", &r, s);
		resp_free(&r);
		client_unique_email("hung-during", other);
		post_account(REGISTER, other, &r, &s);
		assert_unavailable("register, database hung", &r, s);
		resp_free(&r);
	}
	ck_assert_int_eq(db_ctl_run("resume"), 0);
	post_account(LOGIN, email, &r, &s);
	ck_assert_msg(r.status == 200, "first login after resuming: HTTP %ld "
	    "(%.200s)", r.status, r.body);
	resp_free(&r);
	ck_assert_int_eq(login_until_ok(email), 200);
}
END_TEST

/*
 * Log in as "email" from a child process while this one holds a lock
 * on the account's row for "hold_ms": the login's transaction waits for
 * it.  The child's status and time in "*st" and "*secs".
 */
static void
login_against_lock(const char *email, int hold_ms, long *st, double *secs)
{
	char		 line[64];
	pid_t		 kid;
	int		 p[2], status;
	ssize_t		 n;
	struct resp	 r;
	double		 s;

	ck_assert_int_eq(db_begin(fx_db()), 0);
	ck_assert_int_gt(fx_db_int("SELECT id FROM users WHERE email = ? "
	    "FOR UPDATE", FX_ARGS(DBV_STR(email))), 0);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_ne(kid = fork(), -1);
	if (kid == 0) {
		close(p[0]);
		post_account(LOGIN, email, &r, &s);
		n = snprintf(line, sizeof(line), "%ld %.3f", r.status, s);
		_exit(write(p[1], line, (size_t)n) == n ? 0 : 1);
	}
	close(p[1]);
	usleep((useconds_t)hold_ms * 1000);
	db_rollback(fx_db());
	fx_db_close();
	ck_assert_int_eq(waitpid(kid, &status, 0), kid);
	n = read(p[0], line, sizeof(line) - 1);
	close(p[0]);
	ck_assert_msg(n > 0, "no result from the login");
	line[n] = '\0';
	*st = strtol(line, NULL, 10);
	*secs = strtod(strchr(line, ' ') + 1, NULL);
}

/*
 * A lock wait ends on the server after [database] read_timeout - 1 s
 * (1 s here) as ER_LOCK_WAIT_TIMEOUT, and the dispatcher runs the
 * handler once more: a lock held 1.5 s costs time, not the login; a
 * lock held longer than both tries answers 503 with Retry-After.
 */
START_TEST(test_lock_wait_retried)
{
	char		 email[CLIENT_EMAIL_MAX];
	struct resp	 r;
	long		 st;
	double		 s;

	client_unique_email("lockwait", email);
	post_account(REGISTER, email, &r, NULL);
	ck_assert_int_eq(r.status, 201);
	resp_free(&r);

	login_against_lock(email, 1500, &st, &s);
	ck_assert_msg(st == 200, "login behind a 1.5 s lock: HTTP %ld", st);
	ck_assert_msg(s > 1.0 && s < OUTAGE_MAX_S, "login behind a 1.5 s "
	    "lock took %.2f s (a lock wait of 1 s, then the retry)", s);

	login_against_lock(email, 3500, &st, &s);
	ck_assert_msg(st == 503, "login behind a 3.5 s lock: HTTP %ld", st);
	ck_assert_msg(s < 3.0, "login behind a 3.5 s lock took %.2f s", s);

	post_account(LOGIN, email, &r, NULL);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
}
END_TEST

/* Pids of the registration.fcgi processes of the test instance. */
static size_t
registration_pids(pid_t *pids, size_t max)
{
	char		 path[300], exe[PATH_MAX], want[PATH_MAX + 16];
	char		*env = NULL;
	size_t		 n = 0, envlen = 0;
	int		 found;
	ssize_t		 len;
	DIR		*d;
	struct dirent	*de;
	FILE		*f;

	snprintf(want, sizeof(want), "FCAUTH_CONFIG=%s", test_config);
	if ((d = opendir("/proc")) == NULL)
		return 0;
	while (n < max && (de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/exe", de->d_name);
		if ((len = readlink(path, exe, sizeof(exe) - 1)) <= 0)
			continue;
		exe[len] = '\0';
		if (strstr(exe, "/registration.fcgi") == NULL)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/environ", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		/* environ is NUL-separated: read it entry by entry */
		found = 0;
		while (!found && getdelim(&env, &envlen, '\0', f) != -1)
			found = strcmp(env, want) == 0;
		fclose(f);
		if (found)
			pids[n++] = (pid_t)atoi(de->d_name);
	}
	closedir(d);
	free(env);
	return n;
}

/* One client of the storm: registrations, "status email" lines to fd. */
static void
storm_client(int fd, const char *prefix, int c)
{
	char		 email[CLIENT_EMAIL_MAX], line[256];
	struct resp	 r;
	int		 j, n;

	for (j = 0; j < STORM_EACH; j++) {
		snprintf(email, sizeof(email), "%s-%d-%d@example.com", prefix,
		    c, j);
		memset(&r, 0, sizeof(r));
		{
			char	 body[512];

			snprintf(body, sizeof(body), "{\"email\":\"%s\","
			    "\"password\":\"%s\"}", email, PW);
			if (client_post_json(REGISTER, body, &r) == -1)
				r.status = 0;
		}
		/*
		 * lighttpd answers 500 with its own page (no request_id)
		 * when the worker died before its reply; a 500 of ours
		 * (with a request_id) would be a bug: -500.
		 */
		if (r.status == 500 && r.body != NULL &&
		    strstr(r.body, "\"request_id\"") != NULL)
			r.status = -500;
		n = snprintf(line, sizeof(line), "%ld %s\n", r.status, email);
		if (write(fd, line, (size_t)n) != n)
			_exit(2);
		if (r.status != 201)
			usleep(STORM_BACKOFF_MS * 1000);
		resp_free(&r);
	}
	_exit(0);
}

/*
 * Registrations from several processes while registration.fcgi
 * workers are killed with SIGKILL, mostly while they hash a password
 * or write.  No account may be half made.
 */
START_TEST(test_worker_killed)
{
	char		 prefix[64], like[80], buf[65536], *line, *sp, *save;
	pid_t		 kids[STORM_CLIENTS], pids[16];
	int		 p[2], c, kills = 0, running, status;
	int		 n201 = 0, nfail = 0, nlines = 0, rc;
	size_t		 npids, off = 0;
	ssize_t		 got;
	long		 st;
	long long	 nusers;
	struct resp	 r;
	double		 end, next;

	snprintf(prefix, sizeof(prefix), "storm-%ld-%ld", (long)getpid(),
	    (long)time(NULL));
	ck_assert_int_eq(pipe(p), 0);
	for (c = 0; c < STORM_CLIENTS; c++) {
		ck_assert_int_ne(kids[c] = fork(), -1);
		if (kids[c] == 0) {
			close(p[0]);
			storm_client(p[1], prefix, c);
		}
	}
	close(p[1]);

	/* kill a worker now and then while the clients run */
	srand((unsigned)getpid());
	running = STORM_CLIENTS;
	next = now_s() + 0.2;
	while (running > 0) {
		usleep(10000);
		if (kills < STORM_KILLS && now_s() >= next &&
		    (npids = registration_pids(pids, 16)) > 0 &&
		    kill(pids[rand() % (int)npids], SIGKILL) == 0) {
			kills++;
			next = now_s() + (STORM_KILL_MS + rand() % 400) / 1000.0;
		}
		for (c = 0; c < STORM_CLIENTS; c++)
			if (kids[c] > 0 &&
			    waitpid(kids[c], &status, WNOHANG) == kids[c]) {
				ck_assert_msg(WIFEXITED(status) &&
				    WEXITSTATUS(status) == 0,
				    "storm client %d failed", c);
				kids[c] = 0;
				running--;
			}
	}
	while (off < sizeof(buf) - 1 &&
	    (got = read(p[0], buf + off, sizeof(buf) - 1 - off)) > 0)
		off += (size_t)got;
	buf[off] = '\0';
	close(p[0]);
	ck_assert_msg(kills > 0, "no registration.fcgi process found to kill "
	    "(FCAUTH_TEST_CONFIG=%s)", test_config);

	/* every 201 has its account, whole */
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		nlines++;
		st = strtol(line, &sp, 10);
		ck_assert_msg(st == 201 || st == 500 || st == 502 ||
		    st == 503 || st == 504 || st == 0,
		    "unexpected answer: %s", line);
		if (st != 201) {
			nfail++;
			continue;
		}
		n201++;
		ck_assert_msg(fx_db_int("SELECT COUNT(*) FROM users WHERE "
		    "email = ?", FX_ARGS(DBV_STR(sp + 1))) == 1,
		    "201 without its "
		    "account: %s", sp + 1);
	}
	ck_assert_int_eq(nlines, STORM_CLIENTS * STORM_EACH);

	/* no half-made account: each has its one session and audit row */
	snprintf(like, sizeof(like), "%s-%%", prefix);
	nusers = fx_db_int("SELECT COUNT(*) FROM users WHERE email LIKE ?",
	    FX_ARGS(DBV_STR(like)));
	ck_assert_msg(fx_db_int("SELECT COUNT(*) FROM users u WHERE "
	    "u.email LIKE ? AND ((SELECT COUNT(*) FROM sessions s "
	    "WHERE s.user_id = u.id) <> 1 OR (SELECT COUNT(*) FROM "
	    "audit_log a WHERE a.user_id = u.id AND a.event = 'register') "
	    "<> 1)", FX_ARGS(DBV_STR(like))) == 0, "half-made accounts");
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions s "
	    "LEFT JOIN users u ON u.id = s.user_id WHERE u.id IS NULL",
	    FX_NOARGS), 0);
	fx_db_close();
	fprintf(stderr, "worker storm: %d registrations, %d kills, %d "
	    "answered 201, %d failed, %lld accounts (%lld committed whose "
	    "answer was lost)\n", nlines, kills, n201, nfail, nusers,
	    nusers - n201);
	ck_assert_msg(nusers >= n201 && nusers <= nlines, "%lld accounts for "
	    "%d answers 201", nusers, n201);
	ck_assert_msg(nfail > 0, "no request was cut by the %d kills", kills);

	/* lighttpd starts new workers: the service recovers */
	end = now_s() + RECOVER_S;
	do {
		char	 email[CLIENT_EMAIL_MAX];

		client_unique_email("storm-after", email);
		post_account(REGISTER, email, &r, NULL);
		rc = (int)r.status;
		resp_free(&r);
		if (rc == 201)
			break;
		usleep(250000);
	} while (now_s() < end);
	ck_assert_msg(rc == 201, "no recovery after the kills: HTTP %d", rc);
}
END_TEST

/* The server's Questions counter (statements its clients sent). */
static long long
questions(void)
{
	return fx_db_int("SELECT CAST(VARIABLE_VALUE AS SIGNED) FROM "
	    "information_schema.GLOBAL_STATUS "
	    "WHERE VARIABLE_NAME = 'QUESTIONS'", FX_NOARGS);
}

/* GET /check with "tok" on the current instance: the status. */
static long
check_status(const char *tok)
{
	struct resp	 r;
	long		 st;

	ck_assert_int_eq(client_get(CHECK, tok, &r), 0);
	st = r.status;
	resp_free(&r);
	return st;
}

/* A member signed in on instance feed1 (skips the test without it). */
static int
feed_member(struct fx_account *a)
{
	const char	*u = getenv("FCAUTH_TEST_URL_FEED1");

	if (u == NULL || *u == '\0')
		return 0;
	fx_use_instance("FCAUTH_TEST_URL_FEED1");
	fx_register(a, "outage-feed", PW, 0, NULL);
	return 1;
}

START_TEST(test_feed_no_query)
{
	struct fx_account	 a;
	long long		 q0, q1, polls;
	double			 t0, ms;
	int			 i;

	if (!feed_member(&a))
		return;
	for (i = 0; i < 20; i++)	/* every process has read the feed */
		ck_assert_int_eq(check_status(a.access), 200);
	q0 = questions();
	t0 = now_s();
	/* long enough for a dozen polls of each process */
	for (i = 0; i < FEED_CHECKS || now_s() - t0 < 1.2; i++)
		ck_assert_int_eq(check_status(a.access), 200);
	ms = (now_s() - t0) * 1e3;
	q1 = questions();
	/*
	 * At most one feed read per process per poll (lighttpd runs a
	 * few), the one last-request write, our own two counter reads and
	 * the mail worker: nowhere near one per request.
	 */
	polls = 4 * ((long long)(ms / FEED_POLL_MS) + 1);
	printf("check_outage: %d checks in %.0f ms: %lld statements on the "
	    "server (feed reads allowed: %lld)\n", i, ms, q1 - q0, polls);
	fflush(stdout);
	ck_assert_msg(q1 - q0 <= polls + 10 && q1 - q0 < i / 4,
	    "%lld statements for %d checks in %.0f ms", q1 - q0, i, ms);
	fx_use_main();
}
END_TEST

START_TEST(test_feed_fail_closed)
{
	struct fx_account	 a;
	double			 t0, ms, stop;
	long			 st;
	int			 i;

	if (!feed_member(&a))
		return;
	for (i = 0; i < 20; i++)
		ck_assert_int_eq(check_status(a.access), 200);
	/* from the moment the stop begins: MariaDB takes a while to go */
	t0 = now_s();
	ck_assert_int_eq(db_ctl_run("stop"), 0);
	stop = (now_s() - t0) * 1e3;
	do {
		st = check_status(a.access);
		ms = (now_s() - t0) * 1e3;
		ck_assert_msg(st == 200 || st == 503, "check, database "
		    "stopped: HTTP %ld", st);
		if (st == 200)
			usleep(5000);
	} while (st == 200 && ms < stop + 10 * FEED_POLL_MS);
	printf("check_outage: feed mode fails closed %.0f ms after the stop "
	    "of MariaDB began, which took %.0f ms (bound: that + %d ms)\n",
	    ms, stop, 3 * FEED_POLL_MS + 100);
	fflush(stdout);
	ck_assert_msg(st == 503 && ms <= stop + 3 * FEED_POLL_MS + 100,
	    "still HTTP %ld after %.0f ms", st, ms);
	/* every process refuses, not only the one that noticed */
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(check_status(a.access), 503);
	ck_assert_int_eq(db_ctl_run("start"), 0);
	t0 = now_s();
	while ((st = check_status(a.access)) != 200 && now_s() - t0 < RECOVER_S)
		usleep(50000);
	ck_assert_int_eq(st, 200);
	fx_use_main();
}
END_TEST

static Suite *
outage_suite(void)
{
	Suite	*s = suite_create("outage");
	TCase	*tc = fx_tcase(s, "faults");

	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_feed_no_query);
	tcase_add_test(tc, test_feed_fail_closed);
	tcase_add_test(tc, test_database_stopped);
	tcase_add_test(tc, test_database_restarted_idle);
	tcase_add_test(tc, test_database_hung);
	tcase_add_test(tc, test_lock_wait_retried);
	tcase_add_test(tc, test_worker_killed);
	return s;
}

int
main(void)
{
	const char	*on = getenv("FCAUTH_TEST_OUTAGE");
	int		 status;

	if (on == NULL || strcmp(on, "1") != 0) {
		printf("FCAUTH_TEST_OUTAGE is not 1: skipping (scripts/test "
		    "runs this suite alone, after make check)\n");
		return CLIENT_EXIT_SKIP;
	}
	db_ctl = getenv("FCAUTH_TEST_DB_CTL");
	test_config = getenv("FCAUTH_TEST_CONFIG");
	if (db_ctl == NULL || test_config == NULL ||
	    getenv("FCAUTH_TEST_ADMIN_CONFIG") == NULL) {
		fprintf(stderr, "check_outage: FCAUTH_TEST_DB_CTL, "
		    "FCAUTH_TEST_CONFIG and FCAUTH_TEST_ADMIN_CONFIG must be "
		    "set\n");
		return 1;
	}
	fx_init("check_outage");
	status = fx_run(srunner_create(outage_suite()));
	/* whatever failed half-way: leave the database running */
	db_ctl_run("resume");
	db_ctl_run("start");
	return status;
}
