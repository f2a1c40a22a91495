/*
 * check_once: state-changing requests happen once (issue 19).
 *
 *  - a COMMIT whose reply never comes back: registration.fcgi runs
 *    through a small MySQL-protocol proxy (a child of this test, on
 *    127.0.0.1, to the test server's socket) that, when armed, forwards
 *    a COMMIT, waits for the server's answer and closes the connection
 *    instead of passing it on.  The account was made; the program
 *    reruns on a new connection, finds its own stored reply and
 *    answers 201 with that account (not 409 email_taken); one account,
 *    one session, one audit row.
 *  - the same, and the database stays unreachable for the first
 *    connections of the rerun (the proxy closes them at once, as a
 *    cluster whose nodes are still reconfiguring after a node's death
 *    does): the program keeps rerunning, a few times with a pause,
 *    until it can find out, and still answers 201 with the one account.
 *  - the same, the COMMIT held until the rerun looked for its stored
 *    reply and found none (a Galera node paused with the COMMIT in its
 *    socket): the rerun's insert finds the address taken by the first
 *    run, which committed meanwhile; the answer is still its 201.
 *  - Idempotency-Key through the web server: a repeated registration
 *    gets the first reply byte for byte (the same tokens), without a
 *    second session; the key with another body answers 422
 *    idempotency_key_reused; a malformed key 400; a repeated password
 *    forgot queues one mail; a repeated password reset answers its 200
 *    again (not verification_expired); a repeated email change its
 *    200 with the same verification, one mail; a repeated account
 *    delete its 200
 *    again although the account (and the token's session) is gone.
 *  - a key older than a day is not found (the request runs again, and
 *    may store its reply under the key anew), and fcauthctl purge
 *    removes it.
 *
 * Environment: FCAUTH_TEST_URL (the main instance: verification off),
 * FCAUTH_TEST_CONFIG, FCAUTH_TEST_ADMIN_CONFIG.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>
#include <sodium.h>

#include "client.h"
#include "config.h"
#include "db.h"
#include "fixture.h"

#define REGISTER	"/api/v1/auth/register"
#define FORGOT		"/api/v1/auth/password/forgot"
#define RESET		"/api/v1/auth/password/reset"
#define PROFILE		"/api/v1/profile"
#define EMAIL		"/api/v1/profile/email"
#define PW		"Tr0ub4dor & 3 horses!"

static pid_t	 proxy_pid;
static int	 proxy_port;
static char	 arm_path[256];		/* exists: drop the next COMMIT */
static char	 refuse_path[256];	/* holds N: close the next N connections */
static char	 conf_path[256];	/* the main config, through the proxy */

/* Read exactly "n" bytes: 0, or -1 at the end or on an error. */
static int
read_n(int fd, unsigned char *p, size_t n)
{
	ssize_t	 k;

	while (n > 0) {
		if ((k = read(fd, p, n)) <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int
write_n(int fd, const unsigned char *p, size_t n)
{
	ssize_t	 k;

	while (n > 0) {
		if ((k = write(fd, p, n)) <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The arm file's figures: connections to refuse, ms to hold. */
static void
armed(int *refuse, long *late)
{
	FILE	*f;

	*refuse = 0;
	*late = 0;
	if ((f = fopen(arm_path, "r")) == NULL)
		return;
	if (fscanf(f, "%d %ld", refuse, late) != 2)
		*refuse = 0, *late = 0;
	fclose(f);
}

/*
 * An armed COMMIT: forwarded and its answer dropped.  Held "late" ms
 * first, the client's connection closed at once: the program's rerun
 * runs while the first transaction is still open, as on a Galera node
 * that was paused with the COMMIT in its socket and goes on later.
 */
static void
proxy_commit(int c, int s, const unsigned char *hdr,
    const unsigned char *pkt, size_t len)
{
	static unsigned char	 ans[4096];
	struct timespec		 ts;
	int			 refuse;
	long			 late;

	armed(&refuse, &late);
	if (late > 0) {
		close(c);
		ts.tv_sec = late / 1000;
		ts.tv_nsec = late % 1000 * 1000000L;
		(void)nanosleep(&ts, NULL);
	}
	if (write_n(s, hdr, 4) == -1 || write_n(s, pkt, len) == -1)
		_exit(0);
	/* the server's OK: the commit happened */
	(void)read(s, ans, sizeof(ans));
	/* the connections to refuse after the drop */
	if (refuse > 0)
		(void)rename(arm_path, refuse_path);
	else
		(void)unlink(arm_path);
	_exit(0);
}

/*
 * One client connection: the server's bytes go back as they come; the
 * client's are read packet by packet (3-byte length, sequence number),
 * and an armed COMMIT (COM_QUERY "COMMIT") goes to proxy_commit.
 */
static void
proxy_relay(int c, const char *sock)
{
	struct sockaddr_un	 sun;
	struct pollfd		 pf[2];
	static unsigned char	 buf[1 << 24];
	unsigned char		 hdr[4];
	size_t			 len;
	ssize_t			 k;
	int			 s;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, sock, strlen(sock) + 1);	/* checked */
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(s, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		_exit(1);
	pf[0].fd = c;
	pf[1].fd = s;
	pf[0].events = pf[1].events = POLLIN;
	for (;;) {
		if (poll(pf, 2, -1) == -1)
			_exit(1);
		if (pf[1].revents != 0) {
			if ((k = read(s, buf, sizeof(buf))) <= 0 ||
			    write_n(c, buf, (size_t)k) == -1)
				_exit(0);
		}
		if (pf[0].revents == 0)
			continue;
		if (read_n(c, hdr, 4) == -1)
			_exit(0);
		len = hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16;
		if (read_n(c, buf, len) == -1)
			_exit(0);
		if (len == 7 && memcmp(buf, "\003COMMIT", 7) == 0 &&
		    access(arm_path, F_OK) == 0)
			proxy_commit(c, s, hdr, buf, len);
		if (write_n(s, hdr, 4) == -1 || write_n(s, buf, len) == -1)
			_exit(0);
	}
}

/*
 * Whether to close a new connection at once: the refuse file holds how
 * many more to close (0: none; the file goes).
 */
static int
proxy_refuse(void)
{
	FILE	*f;
	int	 n = 0;

	if ((f = fopen(refuse_path, "r")) == NULL)
		return 0;
	if (fscanf(f, "%d", &n) != 1)
		n = 0;
	fclose(f);
	if (n <= 0) {
		unlink(refuse_path);
		return 0;
	}
	if ((f = fopen(refuse_path, "w")) != NULL) {
		fprintf(f, "%d\n", n - 1);
		fclose(f);
	}
	return 1;
}

/* The proxy: a child accepting on 127.0.0.1 (a free port). */
static void
proxy_start(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof(sin);
	struct config		 cfg;
	char			 sock[256];
	int			 l, c, one = 1;
	FILE			*f;

	fx_config("FCAUTH_TEST_CONFIG", &cfg);
	ck_assert_msg(cfg.db_socket[0] != '\0', "the test server has a socket");
	ck_assert(strlen(cfg.db_socket) < sizeof(sock));
	memcpy(sock, cfg.db_socket, strlen(cfg.db_socket) + 1);
	config_free(&cfg);
	ck_assert((l = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	(void)setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert(bind(l, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	ck_assert(listen(l, 16) == 0);
	ck_assert(getsockname(l, (struct sockaddr *)&sin, &sl) == 0);
	proxy_port = ntohs(sin.sin_port);
	snprintf(arm_path, sizeof(arm_path), "/tmp/fcauth-once-arm-%d",
	    (int)getpid());
	snprintf(refuse_path, sizeof(refuse_path),
	    "/tmp/fcauth-once-refuse-%d", (int)getpid());
	unlink(arm_path);
	unlink(refuse_path);
	ck_assert((proxy_pid = fork()) != -1);
	if (proxy_pid == 0) {
		/* not the fixture's handler, which stops the whole group */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGCHLD, SIG_IGN);
		for (;;) {
			if ((c = accept(l, NULL, NULL)) == -1)
				continue;
			if (proxy_refuse()) {
				close(c);
				continue;
			}
			if (fork() == 0) {
				close(l);
				proxy_relay(c, sock);
			}
			close(c);
		}
	}
	close(l);
	snprintf(conf_path, sizeof(conf_path), "/tmp/fcauth-once-%d.conf",
	    (int)getpid());
	ck_assert((f = fopen(conf_path, "w")) != NULL);
	fprintf(f, "include = %s\n[database]\nsocket =\nhost = 127.0.0.1:%d\n",
	    fx_env("FCAUTH_TEST_CONFIG"), proxy_port);
	fclose(f);
}

static void
proxy_stop(void)
{
	if (proxy_pid > 0) {
		kill(proxy_pid, SIGTERM);
		waitpid(proxy_pid, NULL, 0);
		proxy_pid = 0;
	}
	unlink(arm_path);
	unlink(refuse_path);
	unlink(conf_path);
}

/*
 * Drop the next COMMIT's answer (held "late" ms first), then close
 * "refuse" connections.
 */
static void
arm(int refuse, long late)
{
	FILE	*f;

	ck_assert((f = fopen(arm_path, "w")) != NULL);
	fprintf(f, "%d %ld\n", refuse, late);
	fclose(f);
}

static long long
count_for(const char *sql, const char *email)
{
	struct db_val	 a = DBV_STR(email);

	return fx_db_int(sql, &a, 1);
}

static const char users_n[] = "SELECT COUNT(*) FROM users WHERE email = ?";
static const char users_id[] = "SELECT id FROM users WHERE email = ?";
static const char sessions_n[] = "SELECT COUNT(*) FROM sessions s JOIN "
    "users u ON u.id = s.user_id WHERE u.email = ?";
static const char audit_n[] = "SELECT COUNT(*) FROM audit_log a JOIN "
    "users u ON u.id = a.user_id WHERE u.email = ? AND a.event = 'register'";
static const char outbox_n[] = "SELECT COUNT(*) FROM mail_outbox WHERE "
    "to_addr = ?";

static void
unique_email(char *buf, size_t sz, const char *what)
{
	snprintf(buf, sz, "once-%s-%ld-%d@example.com", what,
	    (long)time(NULL), rand() % 100000);
}

/*
 * Register through the proxy with its COMMIT's answer dropped (the
 * COMMIT held "late" ms) and the next "refuse" connections closed: 201
 * with the one account.
 */
static void
register_dropped(const char *what, int refuse, long late)
{
	struct resp	 r;
	char		 email[128], body[512], err[8192];
	int64_t		 id;
	int		 i;

	proxy_start();
	unique_email(email, sizeof(email), what);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PW);
	arm(refuse, late);
	fx_cgi("registration", conf_path, "POST", REGISTER, body, NULL, NULL,
	    &r, err, sizeof(err));
	/* a held COMMIT's proxy renames the file after the answer */
	for (i = 0; i < 100 && access(arm_path, F_OK) == 0; i++)
		usleep(20000);
	ck_assert_msg(access(arm_path, F_OK) == -1 &&
	    access(refuse_path, F_OK) == -1,
	    "the proxy dropped no COMMIT, or refused fewer connections "
	    "than asked");
	ck_assert_msg(strstr(err, "unknown outcome") != NULL,
	    "no rerun after the dropped COMMIT: %s", err);
	fx_expect(&r, 201, "ok", "register, its COMMIT's answer dropped");
	id = fx_jint(fx_jget(fx_jget(r.json, "data"), "user"), "id");
	ck_assert_int_eq(count_for(users_n, email), 1);
	ck_assert_int_eq(count_for(users_id, email), id);
	ck_assert_int_eq(count_for(sessions_n, email), 1);
	ck_assert_int_eq(count_for(audit_n, email), 1);
	resp_free(&r);
	proxy_stop();
}

START_TEST(commit_dropped)
{
	register_dropped("drop", 0, 0);
}
END_TEST

START_TEST(commit_dropped_db_away)
{
	register_dropped("away", 2, 0);
}
END_TEST

/*
 * The COMMIT lands only after the rerun looked for its stored reply
 * and found none: the rerun's own insert waits for the first
 * transaction and finds the address taken -- by the same request,
 * whose reply must be the answer, not 409 email_taken.
 */
START_TEST(commit_late)
{
	register_dropped("late", 0, 300);
}
END_TEST

START_TEST(key_replays)
{
	struct resp	 a, b, c;
	char		 email[128], body[512], other[512], key[512];

	unique_email(email, sizeof(email), "key");
	snprintf(key, sizeof(key), "Idempotency-Key: reg-%s", email);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PW);
	fx_send("POST", REGISTER, FX_JSON, body, NULL, NULL, key, &a);
	fx_expect(&a, 201, "ok", "register with a key");
	fx_send("POST", REGISTER, FX_JSON, body, NULL, NULL, key, &b);
	fx_expect(&b, 201, "ok", "the same again");
	ck_assert_str_eq(a.body, b.body);
	ck_assert_int_eq(count_for(users_n, email), 1);
	ck_assert_int_eq(count_for(sessions_n, email), 1);
	snprintf(other, sizeof(other), "{\"email\":\"x%s\",\"password\":\"%s\"}",
	    email, PW);
	fx_send("POST", REGISTER, FX_JSON, other, NULL, NULL, key, &c);
	fx_expect(&c, 422, "idempotency_key_reused", "the key, another body");
	resp_free(&c);
	/* without the key, the same body is a new request */
	fx_send("POST", REGISTER, FX_JSON, body, NULL, NULL, NULL, &c);
	fx_expect(&c, 409, "email_taken", "the same without a key");
	resp_free(&a);
	resp_free(&b);
	resp_free(&c);
}
END_TEST

START_TEST(key_malformed)
{
	struct resp	 r;
	char		 hdr[400];

	memset(hdr, 'k', sizeof(hdr) - 1);
	hdr[sizeof(hdr) - 1] = '\0';
	memcpy(hdr, "Idempotency-Key: ", 17);
	fx_send("POST", FORGOT, FX_JSON, "{\"email\":\"nobody@example.com\"}",
	    NULL, NULL, hdr, &r);
	fx_expect(&r, 400, "malformed_request", "a 383-byte key");
	resp_free(&r);
}
END_TEST

START_TEST(forgot_once)
{
	struct resp	 a, b;
	struct fx_account acct;
	char		 body[512], key[512];
	long long	 mails;

	fx_register(&acct, "once-forgot", PW, 0, NULL);
	snprintf(body, sizeof(body), "{\"email\":\"%s\"}", acct.email);
	snprintf(key, sizeof(key), "Idempotency-Key: forgot-%s", acct.email);
	fx_send("POST", FORGOT, FX_JSON, body, NULL, NULL, key, &a);
	fx_expect(&a, 200, "ok", "forgot with a key");
	mails = count_for(outbox_n, acct.email);
	ck_assert_int_ge(mails, 1);
	fx_send("POST", FORGOT, FX_JSON, body, NULL, NULL, key, &b);
	fx_expect(&b, 200, "ok", "the same again");
	ck_assert_str_eq(a.body, b.body);
	ck_assert_int_eq(count_for(outbox_n, acct.email), mails);
	resp_free(&a);
	resp_free(&b);
}
END_TEST

START_TEST(reset_once)
{
	struct resp	 a, b;
	struct fx_account acct;
	char		 body[512], key[512], tok[FX_TOKEN_LEN + 1], *text;

	fx_register(&acct, "once-reset", PW, 0, NULL);
	snprintf(body, sizeof(body), "{\"email\":\"%s\"}", acct.email);
	fx_send("POST", FORGOT, FX_JSON, body, NULL, NULL, NULL, &a);
	fx_expect(&a, 200, "ok", "forgot");
	resp_free(&a);
	ck_assert_int_ge(fx_mail_wait(acct.email, "FCAUTH_TEST_CONFIG", &text),
	    1);
	fx_mail_token(text, "token=", tok);
	free(text);
	snprintf(body, sizeof(body), "{\"token\":\"%s\",\"new_password\":"
	    "\"%s again\"}", tok, PW);
	snprintf(key, sizeof(key), "Idempotency-Key: reset-%s", acct.email);
	fx_send("POST", RESET, FX_JSON, body, NULL, NULL, key, &a);
	fx_expect(&a, 200, "ok", "reset with a key");
	fx_send("POST", RESET, FX_JSON, body, NULL, NULL, key, &b);
	fx_expect(&b, 200, "ok", "the same again, the token used");
	ck_assert_str_eq(a.body, b.body);
	resp_free(&b);
	fx_send("POST", RESET, FX_JSON, body, NULL, NULL, NULL, &b);
	fx_expect(&b, 410, "verification_expired", "without the key");
	resp_free(&a);
	resp_free(&b);
}
END_TEST

START_TEST(email_once)
{
	struct resp	 a, b;
	struct fx_account acct;
	char		 body[512], key[512], to[160];
	long long	 mails;

	fx_register(&acct, "once-email", PW, 0, NULL);
	snprintf(to, sizeof(to), "new-%s", acct.email);
	snprintf(body, sizeof(body), "{\"new_email\":\"%s\",\"password\":"
	    "\"%s\"}", to, PW);
	snprintf(key, sizeof(key), "Idempotency-Key: email-%s", acct.email);
	fx_send("POST", EMAIL, FX_JSON, body, acct.access, NULL, key, &a);
	fx_expect(&a, 200, "ok", "email change with a key");
	mails = count_for(outbox_n, to);
	ck_assert_int_ge(mails, 1);
	fx_send("POST", EMAIL, FX_JSON, body, acct.access, NULL, key, &b);
	fx_expect(&b, 200, "ok", "the same again");
	ck_assert_str_eq(a.body, b.body);
	ck_assert_int_eq(count_for(outbox_n, to), mails);
	resp_free(&a);
	resp_free(&b);
}
END_TEST

START_TEST(delete_once)
{
	struct resp	 a, b;
	struct fx_account acct;
	char		 body[512], key[512];

	fx_register(&acct, "once-delete", PW, 0, NULL);
	snprintf(body, sizeof(body), "{\"password\":\"%s\"}", PW);
	snprintf(key, sizeof(key), "Idempotency-Key: delete-%s", acct.email);
	fx_send("DELETE", PROFILE, FX_JSON, body, acct.access, NULL, key, &a);
	fx_expect(&a, 200, "ok", "delete with a key");
	fx_send("DELETE", PROFILE, FX_JSON, body, acct.access, NULL, key, &b);
	fx_expect(&b, 200, "ok", "the same again, the account gone");
	ck_assert_str_eq(a.body, b.body);
	resp_free(&b);
	fx_send("DELETE", PROFILE, FX_JSON, body, acct.access, NULL, NULL, &b);
	fx_expect(&b, 401, "token_invalid", "without the key");
	resp_free(&a);
	resp_free(&b);
}
END_TEST

/* The digest the idempotency table keeps of key "k" (once.c). */
static void
key_hash(const char *k, unsigned char h[32])
{
	static const char	 ctx[] = "fcauth idempotency key id v1";

	crypto_generichash(h, 32, (const unsigned char *)k, strlen(k),
	    (const unsigned char *)ctx, sizeof(ctx) - 1);
}

START_TEST(key_expires)
{
	struct resp	 r;
	char		 email[128], body[512], key[512], out[1024];
	unsigned char	 h[32];
	const char	*p;

	unique_email(email, sizeof(email), "old");
	snprintf(key, sizeof(key), "Idempotency-Key: old-%s", email);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PW);
	fx_send("POST", REGISTER, FX_JSON, body, NULL, NULL, key, &r);
	fx_expect(&r, 201, "ok", "register with a key");
	resp_free(&r);
	key_hash(key + strlen("Idempotency-Key: "), h);
	ck_assert_int_eq(fx_db_exec("UPDATE idempotency SET created_at = "
	    "UTC_TIMESTAMP() - INTERVAL 25 HOUR WHERE key_hash = ?",
	    FX_ARGS(DBV_BLOB(h, sizeof(h)))), 1);
	fx_send("POST", REGISTER, FX_JSON, body, NULL, NULL, key, &r);
	fx_expect(&r, 409, "email_taken", "the same key a day later");
	resp_free(&r);
	/* its row, not purged yet, gives way to a new request's */
	snprintf(body, sizeof(body), "{\"email\":\"new-%s\",\"password\":"
	    "\"%s\"}", email, PW);
	fx_send("POST", REGISTER, FX_JSON, body, NULL, NULL, key, &r);
	fx_expect(&r, 201, "ok", "the key a day later, another body");
	resp_free(&r);
	ck_assert_int_eq(fx_db_exec("UPDATE idempotency SET created_at = "
	    "UTC_TIMESTAMP() - INTERVAL 3 DAY WHERE key_hash = ?",
	    FX_ARGS(DBV_BLOB(h, sizeof(h)))), 1);
	ck_assert_int_eq(fx_ctl(NULL, "purge", NULL, out, sizeof(out), NULL,
	    0), 0);
	ck_assert_msg((p = strstr(out, "idempotency: ")) != NULL &&
	    strtol(p + 13, NULL, 10) >= 1, "purge: %s", out);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM idempotency WHERE "
	    "key_hash = ?", FX_ARGS(DBV_BLOB(h, sizeof(h)))), 0);
}
END_TEST

static Suite *
once_suite(void)
{
	Suite	*s = suite_create("once");
	TCase	*tc = tcase_create("once");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, commit_dropped);
	tcase_add_test(tc, commit_dropped_db_away);
	tcase_add_test(tc, commit_late);
	tcase_add_test(tc, key_replays);
	tcase_add_test(tc, key_malformed);
	tcase_add_test(tc, forgot_once);
	tcase_add_test(tc, reset_once);
	tcase_add_test(tc, email_once);
	tcase_add_test(tc, delete_once);
	tcase_add_test(tc, key_expires);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	fx_init("check_once");
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	return fx_run(srunner_create(once_suite()));
}
