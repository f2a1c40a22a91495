/*
 * Integration tests for throttling (API.md "Throttling"), against the
 * "throttle" instance of scripts/test: small limits, and 127.0.0.1 as a
 * trusted proxy so that each test can speak from client addresses of
 * its own through X-Forwarded-For.  Limits there:
 *
 *	pair (account, address)	3 failures in 60 s, then 2 s doubling to 8 s
 *	account			6 consecutive failures, then locked 60 s
 *	address			5 failed logins in 60 s across accounts
 *	registrations		3 per hour per address
 *	verify attempts		5 per hour per address
 *	forgot and resend	3 per hour per address
 *	passkey sign-in options	3 per hour per address ({} and {login})
 *
 * One test uses the main instance, which trusts no proxy: there the
 * forwarded address is ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sodium.h>

#include "client.h"
#include "fixture.h"

#define PASSWORD	"correct horse battery"
#define WRONG		"wrong horse battery"

/*
 * The run's own block of client addresses, drawn once in main() before
 * the runner forks, so that the tests of one run never share an
 * address and a later run (the Apache and nginx passes use the same
 * database) does not meet this run's counters.
 */
static unsigned	 run_block[2];

/*
 * Host "host" of client network "n" of this run: a /64 of its own in
 * 2001:db8::/32 (IPv6 clients are counted by their /64).
 */
static void
addr_in(int n, int host, char *out, size_t outsz)
{
	ck_assert_int_lt(n, 256);
	snprintf(out, outsz, "2001:db8:%x:%x::%x", run_block[0],
	    (run_block[1] & 0xff) << 8 | (unsigned)n, (unsigned)host);
}

/* Client address number "n" of this run. */
static void
addr_of(int n, char *out, size_t outsz)
{
	addr_in(n, 1, out, outsz);
}

/* POST "json" to "path" as client "addr"; the reply in "r". */
static void
post_as(const char *path, const char *addr, const char *json,
    struct resp *r)
{
	char		 xff[128];

	snprintf(xff, sizeof(xff), "X-Forwarded-For: %s", addr);
	fx_send("POST", path, FX_JSON, json, NULL, NULL, xff, r);
}

/* Log in as client "addr" with {field: name, password: pw}: the status. */
static long
login_field_as(const char *addr, const char *field, const char *name,
    const char *pw)
{
	char		 body[512];
	struct resp	 r;
	long		 status;

	snprintf(body, sizeof(body), "{\"%s\":\"%s\",\"password\":\"%s\"}",
	    field, name, pw);
	post_as("/api/v1/auth/login", addr, body, &r);
	status = r.status;
	if (status == 429)
		ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
	resp_free(&r);
	return status;
}

static long
login_as(const char *addr, const char *email, const char *pw)
{
	return login_field_as(addr, "email", email, pw);
}

/* The Retry-After of a login now refused. */
static long
login_retry_after(const char *addr, const char *email)
{
	char		 body[512];
	struct resp	 r;
	const char	*ra;
	long		 secs;

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, WRONG);
	post_as("/api/v1/auth/login", addr, body, &r);
	ck_assert_int_eq(r.status, 429);
	ck_assert_str_eq(resp_code(&r), "rate_limited");
	ck_assert_ptr_nonnull(ra = resp_header(&r, "Retry-After"));
	secs = strtol(ra, NULL, 10);
	resp_free(&r);
	return secs;
}

/* Register a new account from a spare address; its email in "email". */
static void
new_user(const char *prefix, int addrno, char *email)
{
	char		 body[512], addr[32];
	struct resp	 r;

	client_unique_email(prefix, email);
	addr_of(addrno, addr, sizeof(addr));
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PASSWORD);
	post_as("/api/v1/auth/register", addr, body, &r);
	ck_assert_msg(r.status == 201, "register %s: %ld %s", email, r.status,
	    r.body != NULL ? r.body : "");
	resp_free(&r);
}

/*
 * Three failures from one address block that address for the account
 * with a doubling Retry-After; the same account from another address,
 * with the right password, still gets in.
 */
START_TEST(test_pair_backoff)
{
	char	 email[CLIENT_EMAIL_MAX], a[48], b[48];
	long	 first, second;

	new_user("pair", 40, email);
	addr_of(1, a, sizeof(a));
	addr_of(2, b, sizeof(b));
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	first = login_retry_after(a, email);
	ck_assert_int_ge(first, 1);
	ck_assert_int_le(first, 2);
	/* even the right password waits */
	ck_assert_int_eq(login_as(a, email, PASSWORD), 429);
	/* the real user elsewhere is not locked out */
	ck_assert_int_eq(login_as(b, email, PASSWORD), 200);
	sleep((unsigned)first + 1);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	second = login_retry_after(a, email);
	ck_assert_int_gt(second, first);
	ck_assert_int_le(second, 4);
}
END_TEST

/* A success clears the pair's counter. */
START_TEST(test_success_resets)
{
	char	 email[CLIENT_EMAIL_MAX], a[48];

	new_user("reset", 41, email);
	addr_of(3, a, sizeof(a));
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, PASSWORD), 200);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, PASSWORD), 200);
}
END_TEST

/*
 * Six failures from six addresses lock the account everywhere
 * (NIST SP 800-63B's cap on consecutive failures).
 */
START_TEST(test_account_lock)
{
	char	 email[CLIENT_EMAIL_MAX], a[48];
	int	 i;

	new_user("lock", 42, email);
	for (i = 0; i < 6; i++) {
		addr_of(100 + i, a, sizeof(a));
		ck_assert_int_eq(login_as(a, email, WRONG), 401);
	}
	addr_of(120, a, sizeof(a));
	ck_assert_int_eq(login_as(a, email, PASSWORD), 429);
}
END_TEST

/*
 * A locked account stays locked under every other spelling of its
 * name that the database collation would match (trailing blank,
 * full-width or accented letters, another case): one account, one set
 * of counters.
 */
START_TEST(test_account_lock_spellings)
{
	char		 email[CLIENT_EMAIL_MAX], user[CLIENT_USERNAME_MAX];
	char		 body[512], a[40], v[CLIENT_EMAIL_MAX * 2];
	const char	*at;
	struct resp	 r;
	long		 st;
	int		 i;

	client_unique_email("spell", email);
	client_unique_username("se", user);
	addr_of(47, a, sizeof(a));
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"username\":\"%s\","
	    "\"password\":\"%s\"}", email, user, PASSWORD);
	post_as("/api/v1/auth/register", a, body, &r);
	ck_assert_int_eq(r.status, 201);
	resp_free(&r);
	for (i = 0; i < 6; i++) {
		addr_of(130 + i, a, sizeof(a));
		ck_assert_int_eq(login_as(a, email, WRONG), 401);
	}
	addr_of(140, a, sizeof(a));
	ck_assert_int_eq(login_as(a, email, PASSWORD), 429);
	at = strchr(email, '@');
	snprintf(v, sizeof(v), "%s ", email);
	st = login_field_as(a, "login", v, PASSWORD);
	ck_assert_msg(st != 200, "%s: %ld", v, st);
	/* full-width s (U+FF53) for the first letter */
	snprintf(v, sizeof(v), "\xef\xbd\x93%s", email + 1);
	st = login_field_as(a, "login", v, PASSWORD);
	ck_assert_msg(st != 200, "%s: %ld", v, st);
	snprintf(v, sizeof(v), "%.*s@exampl\xc3\xa9.com", (int)(at - email),
	    email);
	st = login_field_as(a, "login", v, PASSWORD);
	ck_assert_msg(st != 200, "%s: %ld", v, st);
	snprintf(v, sizeof(v), "S%s", email + 1);
	st = login_field_as(a, "login", v, PASSWORD);
	ck_assert_msg(st == 429, "%s: %ld", v, st);
	/* the username: locked too, under any spelling */
	ck_assert_int_eq(login_field_as(a, "username", user, PASSWORD), 429);
	snprintf(v, sizeof(v), "s\xc3\xa9%s", user + 2);
	st = login_field_as(a, "username", v, PASSWORD);
	ck_assert_msg(st != 200, "%s: %ld", v, st);
	snprintf(v, sizeof(v), "\xef\xbd\x93%s", user + 1);
	st = login_field_as(a, "username", v, PASSWORD);
	ck_assert_msg(st != 200, "%s: %ld", v, st);
	snprintf(v, sizeof(v), "%s ", user);
	st = login_field_as(a, "login", v, PASSWORD);
	ck_assert_msg(st != 200, "%s: %ld", v, st);
	snprintf(v, sizeof(v), "SE%s", user + 2);
	st = login_field_as(a, "login", v, PASSWORD);
	ck_assert_msg(st == 429, "%s: %ld", v, st);
}
END_TEST

/*
 * IPv6 clients are counted by their /64: five failures from five
 * addresses of one /64 stop a sixth address of it, not another /64.
 */
START_TEST(test_address_cap_ipv6_prefix)
{
	char	 email[CLIENT_EMAIL_MAX], a[40];
	int	 i;

	for (i = 0; i < 5; i++) {
		client_unique_email("nobody6", email);
		addr_in(48, 0x100 + i, a, sizeof(a));
		ck_assert_int_eq(login_as(a, email, WRONG), 401);
	}
	client_unique_email("nobody6", email);
	addr_in(48, 0xbeef, a, sizeof(a));
	ck_assert_int_eq(login_as(a, email, WRONG), 429);
	addr_in(49, 0x100, a, sizeof(a));
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
}
END_TEST

/*
 * One address guessing across many accounts is stopped after five
 * failures; another address is not affected.
 */
START_TEST(test_address_cap)
{
	char	 email[CLIENT_EMAIL_MAX], a[48], b[48];
	int	 i;

	addr_of(5, a, sizeof(a));
	addr_of(6, b, sizeof(b));
	for (i = 0; i < 5; i++) {
		client_unique_email("nobody", email);
		ck_assert_int_eq(login_as(a, email, WRONG), 401);
	}
	client_unique_email("nobody", email);
	ck_assert_int_eq(login_as(a, email, WRONG), 429);
	/* unknown and known accounts alike */
	new_user("cap", 43, email);
	ck_assert_int_eq(login_as(a, email, PASSWORD), 429);
	ck_assert_int_eq(login_as(b, email, PASSWORD), 200);
}
END_TEST

/*
 * Behind a trusted proxy the client is the right-most untrusted
 * X-Forwarded-For entry: a client cannot pick its address by
 * prepending one.
 */
START_TEST(test_trusted_proxy_rightmost)
{
	char	 email[CLIENT_EMAIL_MAX], a[48], b[48], both[112];

	new_user("xff", 44, email);
	addr_of(7, a, sizeof(a));
	addr_of(8, b, sizeof(b));
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, WRONG), 401);
	ck_assert_int_eq(login_as(a, email, WRONG), 429);
	/* "b, a": the proxy saw a; b is the client's own claim */
	snprintf(both, sizeof(both), "%s, %s", b, a);
	ck_assert_int_eq(login_as(both, email, WRONG), 429);
	/* "a, b": the proxy saw b, a different client */
	snprintf(both, sizeof(both), "%s, %s", a, b);
	ck_assert_int_eq(login_as(both, email, WRONG), 401);
}
END_TEST

/* Registrations: three per hour per address, then 429. */
START_TEST(test_register_cap)
{
	char		 email[CLIENT_EMAIL_MAX], body[512], a[48];
	struct resp	 r;
	int		 i;

	addr_of(9, a, sizeof(a));
	for (i = 0; i < 4; i++) {
		client_unique_email("reg", email);
		snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":"
		    "\"%s\"}", email, PASSWORD);
		post_as("/api/v1/auth/register", a, body, &r);
		if (i < 3)
			ck_assert_int_eq(r.status, 201);
		else {
			ck_assert_int_eq(r.status, 429);
			ck_assert_str_eq(resp_code(&r), "rate_limited");
			ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
			ck_assert_int_gt(strtol(resp_header(&r, "Retry-After"),
			    NULL, 10), 3000);
		}
		resp_free(&r);
	}
}
END_TEST

/*
 * Every registration request counts against the per-address cap, the
 * invalid ones too: the fourth invalid request from one address is
 * refused before its fields are looked at.
 */
START_TEST(test_register_invalid_counted)
{
	struct resp	 r;
	char		 a[32];
	int		 i;

	addr_of(13, a, sizeof(a));
	for (i = 0; i < 4; i++) {
		post_as("/api/v1/auth/register", a, "{\"email\":\"bad\","
		    "\"nonsense\":1}", &r);
		ck_assert_msg(r.status == (i < 3 ? 400 : 429),
		    "invalid register %d: %ld %s", i + 1, r.status,
		    r.body != NULL ? r.body : "");
		resp_free(&r);
	}
}
END_TEST

/* POST "json" to "path" as "addr" and return the status. */
static long
status_of(const char *path, const char *addr, const char *json)
{
	struct resp	 r;
	long		 status;

	post_as(path, addr, json, &r);
	status = r.status;
	if (status == 429) {
		ck_assert_str_eq(resp_code(&r), "rate_limited");
		ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
	}
	resp_free(&r);
	return status;
}

/* Forgot and resend share one cap; the answer stays generic below it. */
START_TEST(test_forgot_cap)
{
	char	 a[48], b[48];

	addr_of(10, a, sizeof(a));
	addr_of(11, b, sizeof(b));
	ck_assert_int_eq(status_of("/api/v1/auth/password/forgot", a,
	    "{\"email\":\"nobody@example.com\"}"), 200);
	ck_assert_int_eq(status_of("/api/v1/auth/verify/resend", a,
	    "{\"email\":\"nobody@example.com\"}"), 200);
	ck_assert_int_eq(status_of("/api/v1/auth/password/forgot", a,
	    "{\"username\":\"nobody\"}"), 200);
	ck_assert_int_eq(status_of("/api/v1/auth/password/forgot", a,
	    "{\"email\":\"nobody@example.com\"}"), 429);
	ck_assert_int_eq(status_of("/api/v1/auth/verify/resend", a,
	    "{\"email\":\"nobody@example.com\"}"), 429);
	ck_assert_int_eq(status_of("/api/v1/auth/password/forgot", b,
	    "{\"email\":\"nobody@example.com\"}"), 200);
}
END_TEST

/* Guessing verification codes from one address stops after five. */
START_TEST(test_verify_cap)
{
	char	 a[48];
	int	 i;

	addr_of(12, a, sizeof(a));
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(status_of("/api/v1/auth/verify", a,
		    "{\"verification_id\":\"nosuchverificationid\","
		    "\"code\":\"123456\"}"), 404);
	ck_assert_int_eq(status_of("/api/v1/auth/verify", a,
	    "{\"verification_id\":\"nosuchverificationid\","
	    "\"code\":\"123456\"}"), 429);
}
END_TEST

/*
 * Passkey sign-in challenges: {} and {login} share a cap of three per
 * address; a pending sign-in's {mfa_token} does not count (its own
 * five tries bound it), nor does another address.
 */
START_TEST(test_passkey_options_cap)
{
	static const char opt[] = "/api/v1/auth/passkey/options";
	char	 a[48], b[48];

	addr_of(14, a, sizeof(a));
	addr_of(15, b, sizeof(b));
	ck_assert_int_eq(status_of(opt, a, "{}"), 200);
	ck_assert_int_eq(status_of(opt, a,
	    "{\"login\":\"nobody@example.com\"}"), 200);
	ck_assert_int_eq(status_of(opt, a, "{}"), 200);
	ck_assert_int_eq(status_of(opt, a, "{}"), 429);
	ck_assert_int_eq(status_of(opt, a,
	    "{\"login\":\"nobody@example.com\"}"), 429);
	ck_assert_int_eq(status_of(opt, a,
	    "{\"mfa_token\":\"no-such-pending-sign-in\"}"), 401);
	ck_assert_int_eq(status_of(opt, b, "{}"), 200);
}
END_TEST

/*
 * Without a trusted proxy (the main instance) X-Forwarded-For is
 * ignored: a client changing it on every try is still one address.
 */
START_TEST(test_untrusted_forwarded_ignored)
{
	char	 email[CLIENT_EMAIL_MAX], a[48];
	int	 i;

	fx_use_main();
	new_user("untrusted", 45, email);
	for (i = 0; i < 5; i++) {
		addr_of(200 + i, a, sizeof(a));
		ck_assert_int_eq(login_as(a, email, WRONG), 401);
	}
	addr_of(210, a, sizeof(a));
	ck_assert_int_eq(login_as(a, email, WRONG), 429);
}
END_TEST

static Suite *
throttle_suite(void)
{
	Suite	*s = suite_create("throttle");
	TCase	*tc = fx_tcase(s, "rules");

	tcase_add_test(tc, test_pair_backoff);
	tcase_add_test(tc, test_success_resets);
	tcase_add_test(tc, test_account_lock);
	tcase_add_test(tc, test_address_cap);
	tcase_add_test(tc, test_account_lock_spellings);
	tcase_add_test(tc, test_address_cap_ipv6_prefix);
	tcase_add_test(tc, test_trusted_proxy_rightmost);
	tcase_add_test(tc, test_register_cap);
	tcase_add_test(tc, test_register_invalid_counted);
	tcase_add_test(tc, test_forgot_cap);
	tcase_add_test(tc, test_verify_cap);
	tcase_add_test(tc, test_passkey_options_cap);
	tcase_add_test(tc, test_untrusted_forwarded_ignored);
	return s;
}

int
main(void)
{
	const char	*turl = getenv("FCAUTH_TEST_URL_THROTTLE");

	fx_init("check_throttle");	/* skips without FCAUTH_TEST_URL */
	if (turl == NULL || *turl == '\0') {
		fprintf(stderr, "check_throttle: FCAUTH_TEST_URL_THROTTLE is "
		    "not set (scripts/test starts that instance)\n");
		return 1;
	}
	setenv("FCAUTH_TEST_URL", turl, 1);
	client_init_or_exit("check_throttle");
	run_block[0] = randombytes_uniform(0x10000);
	run_block[1] = randombytes_uniform(0x10000);
	return fx_run(srunner_create(throttle_suite()));
}
