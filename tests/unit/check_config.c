/*
 * check_config: the config module.  Table-driven: defaults, values that
 * load, texts that must fail with a given "line: message", includes,
 * keys, config_dump, and the shipped conf/fcauth.conf.example (found
 * under $FCAUTH_SRCDIR, default ".").
 */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <sodium.h>

#include "config.h"
#include "unit.h"

#ifndef FCAUTH_TEMPLATES_DIR
#define FCAUTH_TEMPLATES_DIR	"/usr/local/share/fcauth/templates"
#endif
#ifndef FCAUTH_DIALECTS_DIR
#define FCAUTH_DIALECTS_DIR	"/usr/local/share/fcauth/dialects"
#endif
#ifndef FCAUTH_SYSCONFDIR
#define FCAUTH_SYSCONFDIR	"/usr/local/etc"
#endif

#define OFF(f)		offsetof(struct config, f)

enum kind {
	K_STR,			/* char * */
	K_UINT,			/* unsigned */
	K_SIZE,			/* size_t */
	K_BOOL,			/* int */
	K_ALG,			/* enum config_alg */
};

/* One field of struct config and the value it should hold. */
struct expect {
	const char	*name;
	size_t		 offset;
	enum kind	 kind;
	const char	*str;
	unsigned long	 num;
};

static const struct expect defaults[] = {
	{ "db_host", OFF(db_host), K_STR, "localhost", 0 },
	{ "db_port", OFF(db_port), K_UINT, NULL, 3306 },
	{ "db_socket", OFF(db_socket), K_STR, "", 0 },
	{ "db_user", OFF(db_user), K_STR, "fcauth", 0 },
	{ "db_password", OFF(db_password), K_STR, "", 0 },
	{ "db_name", OFF(db_name), K_STR, "fcauth", 0 },
	{ "db_connect_timeout", OFF(db_connect_timeout), K_UINT, NULL, 2 },
	{ "db_read_timeout", OFF(db_read_timeout), K_UINT, NULL, 2 },
	{ "db_write_timeout", OFF(db_write_timeout), K_UINT, NULL, 2 },
	{ "db_sync_wait", OFF(db_sync_wait), K_UINT, NULL, 0 },
	{ "token_alg", OFF(token_alg), K_ALG, NULL, CONFIG_ALG_HS256 },
	{ "token_issuer", OFF(token_issuer), K_STR, "fcauth", 0 },
	{ "token_current_kid", OFF(token_current_kid), K_STR, "", 0 },
	{ "access_ttl", OFF(access_ttl), K_UINT, NULL, 900 },
	{ "refresh_ttl", OFF(refresh_ttl), K_UINT, NULL, 86400 },
	{ "refresh_ttl_remember", OFF(refresh_ttl_remember), K_UINT, NULL,
	  2592000 },
	{ "token_leeway", OFF(token_leeway), K_UINT, NULL, 30 },
	{ "revocation_poll", OFF(revocation_poll), K_UINT, NULL, 1000 },
	{ "session_check", OFF(session_check), K_STR, "feed", 0 },
	{ "nkeys", OFF(nkeys), K_SIZE, NULL, 0 },
	{ "max_body", OFF(max_body), K_SIZE, NULL, 65536 },
	{ "max_json_depth", OFF(max_json_depth), K_UINT, NULL, 16 },
	{ "trusted_proxies", OFF(trusted_proxies), K_STR, "", 0 },
	{ "cors_origins", OFF(cors_origins), K_STR, "", 0 },
	{ "cookie_mode", OFF(cookie_mode), K_BOOL, NULL, 0 },
	{ "cookie_secure", OFF(cookie_secure), K_BOOL, NULL, 1 },
	{ "cookie_domain", OFF(cookie_domain), K_STR, "", 0 },
	{ "refresh_cookie_name", OFF(refresh_cookie_name), K_STR,
	  "fcauth_refresh", 0 },
	{ "access_cookie_name", OFF(access_cookie_name), K_STR,
	  "fcauth_access", 0 },
	{ "device_cookie_name", OFF(device_cookie_name), K_STR,
	  "fcauth_device", 0 },
	{ "access_cookie_path", OFF(access_cookie_path), K_STR, "/", 0 },
	{ "verification", OFF(verification), K_BOOL, NULL, 1 },
	{ "username_required", OFF(username_required), K_BOOL, NULL, 0 },
	{ "password_min", OFF(password_min), K_UINT, NULL, 8 },
	{ "reserved_usernames", OFF(reserved_usernames), K_STR, "", 0 },
	{ "email_allow_percent", OFF(email_allow_percent), K_BOOL, NULL, 0 },
	{ "common_passwords", OFF(common_passwords), K_STR, "", 0 },
	{ "activity_resolution", OFF(activity_resolution), K_UINT, NULL, 60 },
	{ "hash_method", OFF(hash_method), K_STR, "yescrypt", 0 },
	{ "hash_cost", OFF(hash_cost), K_UINT, NULL, 0 },
	{ "code_digits", OFF(code_digits), K_UINT, NULL, 6 },
	{ "code_ttl", OFF(code_ttl), K_UINT, NULL, 600 },
	{ "code_max_attempts", OFF(code_max_attempts), K_UINT, NULL, 5 },
	{ "resend_cooldown", OFF(resend_cooldown), K_UINT, NULL, 60 },
	{ "reset_ttl", OFF(reset_ttl), K_UINT, NULL, 1800 },
	{ "verify_redirect", OFF(verify_redirect), K_STR, "", 0 },
	{ "reset_page", OFF(reset_page), K_STR, "/reset.html", 0 },
	{ "site_name", OFF(site_name), K_STR, "fcauth", 0 },
	{ "base_url", OFF(base_url), K_STR, "http://127.0.0.1:8080", 0 },
	{ "mail_from", OFF(mail_from), K_STR, "fcauth <noreply@localhost>",
	  0 },
	{ "sendmail", OFF(sendmail), K_STR, "/usr/sbin/sendmail -t -i", 0 },
	{ "templates_dir", OFF(templates_dir), K_STR, FCAUTH_TEMPLATES_DIR,
	  0 },
	{ "mail_max_attempts", OFF(mail_max_attempts), K_UINT, NULL, 8 },
	{ "mail_retry_base", OFF(mail_retry_base), K_UINT, NULL, 60 },
	{ "login_pair_max", OFF(login_pair_max), K_UINT, NULL, 5 },
	{ "login_pair_window", OFF(login_pair_window), K_UINT, NULL, 900 },
	{ "login_backoff_base", OFF(login_backoff_base), K_UINT, NULL, 30 },
	{ "login_backoff_max", OFF(login_backoff_max), K_UINT, NULL, 900 },
	{ "login_account_max", OFF(login_account_max), K_UINT, NULL, 100 },
	{ "login_account_lock", OFF(login_account_lock), K_UINT, NULL, 900 },
	{ "login_addr_max", OFF(login_addr_max), K_UINT, NULL, 100 },
	{ "login_addr_window", OFF(login_addr_window), K_UINT, NULL, 900 },
	{ "register_addr_max", OFF(register_addr_max), K_UINT, NULL, 30 },
	{ "verify_addr_max", OFF(verify_addr_max), K_UINT, NULL, 60 },
	{ "forgot_addr_max", OFF(forgot_addr_max), K_UINT, NULL, 20 },
	{ "passkey_options_addr_max", OFF(passkey_options_addr_max), K_UINT,
	  NULL, 300 },
	{ "log_level", OFF(log_level), K_STR, "info", 0 },
	{ "log_syslog", OFF(log_syslog), K_BOOL, NULL, 0 },
	{ "dialect", OFF(dialect), K_STR, "", 0 },
	{ "dialects_dir", OFF(dialects_dir), K_STR, FCAUTH_DIALECTS_DIR, 0 },
};

/* A text that loads, and one field it must set. */
struct good {
	const char	*text;
	struct expect	 want;
};

static const struct good goods[] = {
	{ "[database]\nhost = db1,db2\n",
	  { "host list", OFF(db_host), K_STR, "db1,db2", 0 } },
	{ "[database]\npassword = \"  sp ace  \"\n",
	  { "quoted spaces", OFF(db_password), K_STR, "  sp ace  ", 0 } },
	{ "[database]\npassword = a;b#c=d \"e\n",
	  { "inline ; # = kept", OFF(db_password), K_STR, "a;b#c=d \"e", 0 } },
	{ "[database]\npassword = \"\"\n",
	  { "empty quotes", OFF(db_password), K_STR, "", 0 } },
	{ "[database]\nhost = \"\"\"\n",
	  { "quote in quotes", OFF(db_host), K_STR, "\"", 0 } },
	{ "[database]\nhost = \"\n",
	  { "lone quote", OFF(db_host), K_STR, "\"", 0 } },
	{ "[mail]\nfrom = \"Site\" <a@example.com>\n",
	  { "leading quote only", OFF(mail_from), K_STR,
	    "\"Site\" <a@example.com>", 0 } },
	{ "[database]\nsocket =\n",
	  { "empty value", OFF(db_socket), K_STR, "", 0 } },
	{ "[database]\nuser = x\nuser = y\n",
	  { "last value wins", OFF(db_user), K_STR, "y", 0 } },
	{ "  [ database ]  \r\n\t port\t=\t3307  \r\n",
	  { "white space and CRLF", OFF(db_port), K_UINT, NULL, 3307 } },
	{ "\xef\xbb\xbf[database]\nport = 1\n",
	  { "byte order mark", OFF(db_port), K_UINT, NULL, 1 } },
	{ "# c\n; c\n\n[database]\n   # c\n\t; c\nport = 65535",
	  { "comments, no final newline", OFF(db_port), K_UINT, NULL,
	    65535 } },
	{ "[database]\nport = 007\n",
	  { "leading zeros", OFF(db_port), K_UINT, NULL, 7 } },
	{ "[http]\nmax_body = 1024\n",
	  { "size min", OFF(max_body), K_SIZE, NULL, 1024 } },
	{ "[http]\nmax_body = 67108864\n",
	  { "size max", OFF(max_body), K_SIZE, NULL, 67108864 } },
	{ "[tokens]\nleeway = 0\n",
	  { "uint zero", OFF(token_leeway), K_UINT, NULL, 0 } },
	{ "[tokens]\nrevocation_poll = 2\n",
	  { "ms, plain seconds", OFF(revocation_poll), K_UINT, NULL, 2000 } },
	{ "[tokens]\nrevocation_poll = 3s\n",
	  { "ms, seconds", OFF(revocation_poll), K_UINT, NULL, 3000 } },
	{ "[tokens]\nrevocation_poll = 100ms\n",
	  { "ms, milliseconds", OFF(revocation_poll), K_UINT, NULL, 100 } },
	{ "[tokens]\nsession_check = strict\n",
	  { "session_check strict", OFF(session_check), K_STR, "strict",
	  0 } },
	{ "[tokens]\nalgorithm = eddsa\n",
	  { "alg any case", OFF(token_alg), K_ALG, NULL, CONFIG_ALG_EDDSA } },
	{ "[tokens]\nalgorithm = EdDSA\n[tokens]\nalgorithm = HS256\n",
	  { "alg HS256", OFF(token_alg), K_ALG, NULL, CONFIG_ALG_HS256 } },
	{ "[verification]\ncode_digits = 4\n",
	  { "digits min", OFF(code_digits), K_UINT, NULL, 4 } },
	{ "[verification]\ncode_digits = 10\n",
	  { "digits max", OFF(code_digits), K_UINT, NULL, 10 } },
	{ "[verification]\nredirect_url = https://x.test/done?a=1;b=2\n",
	  { "redirect url", OFF(verify_redirect), K_STR,
	    "https://x.test/done?a=1;b=2", 0 } },
	{ "[password]\nmethod = bcrypt\ncost = 12\n",
	  { "bcrypt cost", OFF(hash_cost), K_UINT, NULL, 12 } },
	{ "[password]\nmethod = sha512crypt\ncost = 5000\n",
	  { "sha512crypt", OFF(hash_method), K_STR, "sha512crypt", 0 } },
	{ "[password]\ncost = 11\n",
	  { "yescrypt cost", OFF(hash_cost), K_UINT, NULL, 11 } },
	{ "[mail]\nbase_url = https://auth.example.com\n",
	  { "https base url", OFF(base_url), K_STR,
	    "https://auth.example.com", 0 } },
	{ "[log]\nlevel = debug\nsyslog = on\n",
	  { "syslog", OFF(log_syslog), K_BOOL, NULL, 1 } },
	{ "[api]\ndialect = seed001\n",
	  { "dialect by name", OFF(dialect), K_STR, "seed001", 0 } },
	{ "[api]\ndialect = /etc/fcauth/old-api\n",
	  { "dialect by path", OFF(dialect), K_STR, "/etc/fcauth/old-api",
	    0 } },
	{ "[api]\ndialects_dir = /srv/dialects\n",
	  { "dialects_dir", OFF(dialects_dir), K_STR, "/srv/dialects", 0 } },
	{ "[throttle]\nlogin_backoff_base = 900\n",
	  { "backoff base = max", OFF(login_backoff_base), K_UINT, NULL,
	    900 } },
	{ "[keys]\nk1 = @32\n[tokens]\ncurrent_kid = k1\n",
	  { "current kid", OFF(token_current_kid), K_STR, "k1", 0 } },
	{ "[keys]\na = @32\nb = @64\nc = @33\n",
	  { "three keys", OFF(nkeys), K_SIZE, NULL, 3 } },
	{ "[tokens]\nalgorithm = EdDSA\n[keys]\ned1 = @32\n",
	  { "EdDSA seed", OFF(nkeys), K_SIZE, NULL, 1 } },
	{ "[keys]\nk1 = @32\nk2 = @32\nk3 = @32\nk4 = @32\n"
	  "k5 = @32\nk6 = @32\nk7 = @32\nk8 = @32\n",
	  { "eight keys", OFF(nkeys), K_SIZE, NULL, 8 } },
	{ "[keys]\nA.b_c-9 = @32\n",
	  { "kid characters", OFF(nkeys), K_SIZE, NULL, 1 } },
	{ "[keys]\n12345678901234567890123456789012 = @32\n",
	  { "kid of 32", OFF(nkeys), K_SIZE, NULL, 1 } },
};

/* A text that must fail at "line" (0: no line) with "msg". */
struct bad {
	const char	*text;
	unsigned	 line;
	const char	*msg;
};

static const struct bad bads[] = {
	{ "[nope]\n", 1, "unknown section [nope]" },
	{ "[tokens]\nrevocation_poll = 5ms\n", 2,
	  "revocation_poll in [tokens]: 5ms is out of range (10..60000)" },
	{ "[tokens]\nrevocation_poll = 61s\n", 2,
	  "revocation_poll in [tokens]: 61s is out of range (10..60000)" },
	{ "[tokens]\nrevocation_poll = 1m\n", 2,
	  "revocation_poll in [tokens]: '1m' is not a number" },
	{ "[tokens]\nsession_check = lazy\n", 2,
	  "unknown session_check 'lazy' (feed or strict)" },
	{ "[database]\n[ Database ]\n", 2, "unknown section [Database]" },
	{ "[http\n", 1, "missing ']' after section name" },
	{ "\n[http]\nfoo = 1\n", 3, "unknown key 'foo' in [http]" },
	{ "[http]\nhost = x\n", 2, "unknown key 'host' in [http]" },
	{ "host = x\n", 1, "key 'host' outside any section" },
	{ "[database]\nhost\n", 2, "missing '='" },
	{ "[database]\n = x\n", 2, "missing key before '='" },
	{ "[database]\nport = abc\n", 2,
	  "port in [database]: 'abc' is not a number" },
	{ "[database]\nport =\n", 2,
	  "port in [database]: '' is not a number" },
	{ "[database]\nport = -1\n", 2,
	  "port in [database]: '-1' is not a number" },
	{ "[database]\nport = +5\n", 2,
	  "port in [database]: '+5' is not a number" },
	{ "[database]\nport = 0x10\n", 2,
	  "port in [database]: '0x10' is not a number" },
	{ "[database]\nport = 1 2\n", 2,
	  "port in [database]: '1 2' is not a number" },
	{ "[database]\nport = 3306 ; comment\n", 2,
	  "port in [database]: '3306 ; comment' is not a number" },
	{ "[database]\nport = 0\n", 2,
	  "port in [database]: 0 is out of range (1..65535)" },
	{ "[database]\nport = 65536\n", 2,
	  "port in [database]: 65536 is out of range (1..65535)" },
	{ "[database]\nport = 99999999999999999999999\n", 2,
	  "port in [database]: 99999999999999999999999 is out of range "
	  "(1..65535)" },
	{ "[http]\nmax_body = 1023\n", 2,
	  "max_body in [http]: 1023 is out of range (1024..67108864)" },
	{ "[verification]\ncode_digits = 3\n", 2,
	  "code_digits in [verification]: 3 is out of range (4..10)" },
	{ "[verification]\ncode_digits = 11\n", 2,
	  "code_digits in [verification]: 11 is out of range (4..10)" },
	{ "[http]\ncookie_mode = maybe\n", 2,
	  "cookie_mode in [http]: 'maybe' is not a boolean "
	  "(yes/no, true/false, on/off, 1/0)" },
	{ "[http]\ncookie_mode =\n", 2,
	  "cookie_mode in [http]: '' is not a boolean "
	  "(yes/no, true/false, on/off, 1/0)" },
	{ "[tokens]\nalgorithm = RS256\n", 2,
	  "algorithm in [tokens]: unknown algorithm 'RS256' "
	  "(HS256 or EdDSA)" },
	{ "[tokens]\nalgorithm = none\n", 2,
	  "algorithm in [tokens]: unknown algorithm 'none' (HS256 or EdDSA)" },
	{ "[keys]\nk/1 = @32\n", 2,
	  "bad key id 'k/1': use 1 to 32 of A-Z a-z 0-9 _ . -" },
	{ "[keys]\n123456789012345678901234567890123 = @32\n", 2,
	  "bad key id '123456789012345678901234567890123': "
	  "use 1 to 32 of A-Z a-z 0-9 _ . -" },
	{ "[keys]\nk1 = @32\n\nk1 = @32\n", 4, "duplicate key id 'k1'" },
	{ "[keys]\nk1 = @32\nk2 = @32\nk3 = @32\nk4 = @32\n"
	  "k5 = @32\nk6 = @32\nk7 = @32\nk8 = @32\nk9 = @32\n", 10,
	  "too many keys (max 8)" },
	{ "[keys]\nk1 = not base64!\n", 2,
	  "key 'k1' is not base64url without padding" },
	{ "[keys]\nk1 = AAAA+/AA\n", 2,
	  "key 'k1' is not base64url without padding" },
	{ "[keys]\nk1 = AAAAAA==\n", 2,
	  "key 'k1' is not base64url without padding" },
	{ "[keys]\nk1 =\n", 2, "key 'k1' is not base64url without padding" },
	{ "[keys]\nk1 = @65\n", 2, "key 'k1' is longer than 64 bytes" },
	{ "[keys]\nk1 = @16\n", 2,
	  "key 'k1' is too short for HS256: 16 bytes, need at least 32" },
	{ "[keys]\nk1 = @32\nk2 = @31\n", 3,
	  "key 'k2' is too short for HS256: 31 bytes, need at least 32" },
	{ "[keys]\nk1 = @32\n[tokens]\nalgorithm = EdDSA\n[keys]\nk2 = @64\n",
	  6, "key 'k2' is not an Ed25519 seed: 64 bytes, need exactly 32" },
	{ "[tokens]\nalgorithm = EdDSA\n[keys]\nk1 = @31\n", 4,
	  "key 'k1' is not an Ed25519 seed: 31 bytes, need exactly 32" },
	{ "[tokens]\ncurrent_kid = k9\n[keys]\nk1 = @32\n", 2,
	  "current_kid 'k9' names no key in [keys]" },
	{ "[tokens]\ncurrent_kid = k9\n", 2,
	  "current_kid 'k9' names no key in [keys]" },
	{ "[password]\nmethod = md5\n", 2,
	  "unknown password method 'md5' (yescrypt, bcrypt or sha512crypt)" },
	{ "[password]\nmethod = bcrypt\ncost = 3\n", 3,
	  "cost 3 is out of range for bcrypt (4..31, or 0)" },
	{ "[password]\ncost = 12\n", 2,
	  "cost 12 is out of range for yescrypt (1..11, or 0)" },
	{ "[password]\nmethod = sha512crypt\ncost = 999\n", 3,
	  "cost 999 is out of range for sha512crypt (1000..999999999, or 0)" },
	{ "[log]\nlevel = loud\n", 2,
	  "unknown log level 'loud' (err, warn, info or debug)" },
	{ "[mail]\nbase_url = ftp://x\n", 2,
	  "base_url must start with http:// or https://" },
	{ "[mail]\nbase_url =\n", 2,
	  "base_url must start with http:// or https://" },
	{ "[throttle]\nlogin_backoff_base = 1000\n", 2,
	  "login_backoff_base 1000 is above login_backoff_max 900" },
	{ "[throttle]\n\nlogin_backoff_max = 10\n", 3,
	  "login_backoff_base 30 is above login_backoff_max 10" },
	{ "[database]\nhost = a:3307, b:0\n", 2,
	  "host 'b:0' is not host, host:port or [address]:port (port 1 to 65535)" },
	{ "[database]\nhost = 127.0.0.1:3307,[::1\n", 2,
	  "host '[::1' is not host, host:port or [address]:port (port 1 to 65535)" },
	{ "include =\n", 1, "include needs a path" },
	{ "[database]\ninclude = \"\"\n", 2, "include needs a path" },
};

static const char *const bool_yes[] = { "yes", "YES", "true", "True", "on",
	"ON", "1" };
static const char *const bool_no[] = { "no", "No", "false", "FALSE", "off",
	"Off", "0" };

static char	 tmpdir_path[256];

/* A directory for test files, made on first use in each test. */
static const char *
tmpdir(void)
{
	char		*dir = tmpdir_path;
	const char	*base;

	if (dir[0] != '\0')
		return dir;
	if ((base = getenv("TMPDIR")) == NULL || base[0] == '\0')
		base = "/tmp";
	snprintf(dir, sizeof(tmpdir_path), "%s/check_config.XXXXXX", base);
	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	return dir;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{

	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Fixture teardown: remove what the test left in its directory. */
static void
tmpdir_remove(void)
{

	if (tmpdir_path[0] == '\0')
		return;
	nftw(tmpdir_path, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	tmpdir_path[0] = '\0';
}

/*
 * Replace each "@N" (N digits) of "text" by N bytes (0, 1, 2...) in base64url.
 * Returns a malloc'd string.
 */
static char *
expand_keys(const char *text)
{
	unsigned char	 bin[128];
	char		*out, *o;
	size_t		 i, n;

	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)i;
	out = o = malloc(strlen(text) * 4 + 256);
	ck_assert_ptr_nonnull(out);
	while (*text != '\0') {
		if (text[0] != '@' || !isdigit((unsigned char)text[1])) {
			*o++ = *text++;
			continue;
		}
		n = strtoul(text + 1, (char **)&text, 10);
		ck_assert_uint_le(n, sizeof(bin));
		sodium_bin2base64(o, sodium_base64_ENCODED_LEN(n,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING), bin, n,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		o += strlen(o);
	}
	*o = '\0';
	return out;
}

/* Write "len" bytes to a new mkstemp(3) file; returns its malloc'd path. */
static char *
write_bytes(const char *buf, size_t len)
{
	char	*path;
	int	 fd;

	path = malloc(strlen(tmpdir()) + 16);
	ck_assert_ptr_nonnull(path);
	sprintf(path, "%s/cfgXXXXXX", tmpdir());
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Write "text" with its @N keys expanded to a temporary file. */
static char *
write_temp(const char *text)
{
	char	*s, *path;

	s = expand_keys(text);
	path = write_bytes(s, strlen(s));
	free(s);
	return path;
}

/* Write "text" to "dir/name" (directories made as needed: one level). */
static void
write_named(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*fp;
	char	*s;

	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/%s", dir, name),
	    (int)sizeof(path));
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	s = expand_keys(text);
	fputs(s, fp);
	free(s);
	fclose(fp);
}

/* Check that the field of "cfg" holds what "e" says. */
static void
check_field(const struct config *cfg, const struct expect *e)
{
	const char	*p = (const char *)cfg + e->offset;

	switch (e->kind) {
	case K_STR:
		ck_assert_ptr_nonnull(*(char *const *)p);
		ck_assert_msg(strcmp(*(char *const *)p, e->str) == 0,
		    "%s: '%s', want '%s'", e->name, *(char *const *)p, e->str);
		break;
	case K_UINT:
		ck_assert_msg(*(const unsigned *)p == e->num,
		    "%s: %u, want %lu", e->name, *(const unsigned *)p, e->num);
		break;
	case K_SIZE:
		ck_assert_msg(*(const size_t *)p == e->num,
		    "%s: %zu, want %lu", e->name, *(const size_t *)p, e->num);
		break;
	case K_BOOL:
		ck_assert_msg(*(const int *)p == (int)e->num,
		    "%s: %d, want %lu", e->name, *(const int *)p, e->num);
		break;
	case K_ALG:
		ck_assert_msg(*(const enum config_alg *)p == e->num,
		    "%s: %d, want %lu", e->name,
		    (int)*(const enum config_alg *)p, e->num);
		break;
	}
}

/*
 * Load "path" and fail the test unless config_load answers -1 with the
 * message "fmt" formats.
 */
static void	 load_fails(const char *path, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

static void
load_fails(const char *path, const char *fmt, ...)
{
	struct config	 cfg;
	char		 err[1024], want[1400];
	va_list		 ap;

	ck_assert_int_eq(config_load(&cfg, path, err, sizeof(err)), -1);
	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	ck_assert_str_eq(err, want);
}

/*
 * Load "[http]" with "key = " each of the "n" words of "words" and fail
 * the test unless the int at "offset" of struct config is "want".
 */
static void
bool_words(const char *key, const char *const *words, size_t n,
    size_t offset, int want)
{
	struct config	 cfg;
	char		 text[64], err[512];
	size_t		 i;

	for (i = 0; i < n; i++) {
		char	*path;

		snprintf(text, sizeof(text), "[http]\n%s = %s\n", key,
		    words[i]);
		path = write_temp(text);
		ck_assert_int_eq(config_load(&cfg, path, err, sizeof(err)), 0);
		ck_assert_msg(*(const int *)((const char *)&cfg + offset) ==
		    want, "%s", words[i]);
		config_free(&cfg);
		unlink(path);
		free(path);
	}
}

/* config_dump of "cfg" as a malloc'd string. */
static char *
dump(const struct config *cfg)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	config_dump(cfg, fp);
	fclose(fp);
	return buf;
}

/* $FCAUTH_SRCDIR/conf/fcauth.conf.example */
static void
example_path(char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/conf/fcauth.conf.example", unit_srcdir());
}

START_TEST(test_defaults)
{
	struct config	 cfg;

	ck_assert_int_eq(config_defaults(&cfg), 0);
	check_field(&cfg, &defaults[_i]);
	config_free(&cfg);
}
END_TEST

START_TEST(test_empty_file)
{
	struct config	 cfg;
	char		 err[512];
	char		*path = write_temp("");

	ck_assert_int_eq(config_load(&cfg, path, err, sizeof(err)), 0);
	check_field(&cfg, &defaults[_i]);
	config_free(&cfg);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_good)
{
	const struct good	*g = &goods[_i];
	struct config		 cfg;
	char			 err[512];
	char			*path = write_temp(g->text);

	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s: %s", g->want.name, err);
	check_field(&cfg, &g->want);
	config_free(&cfg);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_bad)
{
	const struct bad	*b = &bads[_i];
	struct config		 cfg;
	char			 err[512], want[1024];
	char			*path = write_temp(b->text);

	memset(&cfg, 0xa5, sizeof(cfg));
	ck_assert_int_eq(config_load(&cfg, path, err, sizeof(err)), -1);
	if (b->line > 0)
		snprintf(want, sizeof(want), "%s:%u: %s", path, b->line,
		    b->msg);
	else
		snprintf(want, sizeof(want), "%s: %s", path, b->msg);
	ck_assert_str_eq(err, want);
	/* left freed: config_free need not (but may) be called */
	ck_assert_ptr_null(cfg.db_host);
	ck_assert_uint_eq(cfg.nkeys, 0);
	config_free(&cfg);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_bool)
{

	bool_words("cookie_mode", bool_yes, NELEM(bool_yes),
	    OFF(cookie_mode), 1);
	bool_words("cookie_secure", bool_no, NELEM(bool_no),
	    OFF(cookie_secure), 0);
}
END_TEST

START_TEST(test_keys_decode)
{
	struct config		 cfg;
	const struct config_key	*k;
	char			 err[512];
	char			*path;
	size_t			 i;

	path = write_temp("[keys]\n"
	    "first = @32\n"
	    "second = @64\n"
	    "[tokens]\n"
	    "current_kid = second\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(cfg.nkeys, 2);
	ck_assert_str_eq(cfg.keys[0].kid, "first");
	ck_assert_uint_eq(cfg.keys[0].secretlen, 32);
	ck_assert_str_eq(cfg.keys[1].kid, "second");
	ck_assert_uint_eq(cfg.keys[1].secretlen, 64);
	for (i = 0; i < 64; i++)
		ck_assert_uint_eq(cfg.keys[1].secret[i], i);
	ck_assert_ptr_nonnull(k = config_current_key(&cfg));
	ck_assert_str_eq(k->kid, "second");

	free(cfg.token_current_kid);
	cfg.token_current_kid = strdup("");
	ck_assert_ptr_eq(config_current_key(&cfg), &cfg.keys[0]);

	config_free(&cfg);
	ck_assert_uint_eq(cfg.nkeys, 0);
	for (i = 0; i < sizeof(cfg.keys[1].secret); i++)
		ck_assert_uint_eq(cfg.keys[1].secret[i], 0);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_no_key)
{
	struct config	 cfg;

	ck_assert_int_eq(config_defaults(&cfg), 0);
	ck_assert_ptr_null(config_current_key(&cfg));
	ck_assert_ptr_null(config_current_key(NULL));
	config_free(&cfg);
}
END_TEST

/*
 * [mfa] key: 32 bytes of base64url decode into mfa_key; another length
 * is an error naming the line; none leaves mfa_has_key 0.  The issuer
 * falls back to [tokens] issuer.
 */
START_TEST(test_mfa_key)
{
	struct config	 cfg;
	char		 err[512];
	char		*path;
	size_t		 i;

	path = write_temp("[tokens]\nissuer = Example\n[mfa]\nkey = @32\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(cfg.mfa_has_key, 1);
	for (i = 0; i < 32; i++)
		ck_assert_uint_eq(cfg.mfa_key[i], i);
	ck_assert_str_eq(config_mfa_issuer(&cfg), "Example");
	ck_assert_int_eq(cfg.mfa_enabled, 1);
	ck_assert_uint_eq(cfg.mfa_token_ttl, 300);
	ck_assert_uint_eq(cfg.mfa_trusted_device_ttl, 2592000);
	config_free(&cfg);
	for (i = 0; i < 32; i++)
		ck_assert_uint_eq(cfg.mfa_key[i], 0);
	unlink(path);
	free(path);

	path = write_temp("[mfa]\nissuer = Shop\nkey = @31\n");
	ck_assert_int_eq(config_load(&cfg, path, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, ":3: [mfa] key must be 32 bytes") != NULL,
	    "%s", err);
	unlink(path);
	free(path);
	path = write_temp("[mfa]\nkey = not*base64\n");
	ck_assert_int_eq(config_load(&cfg, path, err, sizeof(err)), -1);
	unlink(path);
	free(path);

	path = write_temp("[mfa]\nissuer = Shop\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(cfg.mfa_has_key, 0);
	ck_assert_str_eq(config_mfa_issuer(&cfg), "Shop");
	config_free(&cfg);
	unlink(path);
	free(path);
}
END_TEST

/*
 * [webauthn]: off without an rp_id; with one, a domain name (never an
 * IP address) and origins under it, space or comma separated; a bad
 * user_verification, origin or rp_id names its line.
 */
static void
webauthn_fails(const char *text, const char *want)
{
	struct config	 cfg;
	char		 err[512];
	char		*path;

	path = write_temp(text);
	ck_assert_int_eq(config_load(&cfg, path, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, want) != NULL, "%s: %s", text, err);
	unlink(path);
	free(path);
}

START_TEST(test_webauthn)
{
	struct config	 cfg;
	char		 err[512];
	char		*path;

	path = write_temp("[log]\nlevel = info\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_str_eq(cfg.webauthn_rp_id, "");
	ck_assert_str_eq(cfg.webauthn_rp_name, "fcauth");
	ck_assert_int_eq(cfg.webauthn_uv, CONFIG_UV_PREFERRED);
	ck_assert_uint_eq(cfg.webauthn_timeout, 300);
	ck_assert_uint_eq(cfg.webauthn_norigins, 0);
	config_free(&cfg);
	unlink(path);
	free(path);

	path = write_temp("[webauthn]\nrp_id = example.com\n"
	    "origins = https://example.com, https://app.example.com "
	    "http://localhost.example.com:8080\n"
	    "user_verification = required\ntimeout = 120\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(cfg.webauthn_norigins, 3);
	ck_assert_str_eq(cfg.webauthn_origin[0], "https://example.com");
	ck_assert_str_eq(cfg.webauthn_origin[1], "https://app.example.com");
	ck_assert_str_eq(cfg.webauthn_origin[2],
	    "http://localhost.example.com:8080");
	ck_assert_int_eq(cfg.webauthn_uv, CONFIG_UV_REQUIRED);
	ck_assert_uint_eq(cfg.webauthn_timeout, 120);
	config_free(&cfg);
	unlink(path);
	free(path);

	path = write_temp("[webauthn]\nrp_id = localhost\n"
	    "origins = http://localhost:20300\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(cfg.webauthn_norigins, 1);
	config_free(&cfg);
	unlink(path);
	free(path);

	webauthn_fails("[webauthn]\nrp_id = 127.0.0.1\n"
	    "origins = http://127.0.0.1\n", ":2: rp_id '127.0.0.1' is not a "
	    "domain name");
	webauthn_fails("[webauthn]\nrp_id = ::1\n", "not a domain name");
	webauthn_fails("[webauthn]\nrp_id = Example.com\n",
	    "not a domain name");
	webauthn_fails("[webauthn]\nrp_id = example.com\n",
	    "origins lists none");
	webauthn_fails("[webauthn]\nrp_id = example.com\n"
	    "origins = https://evil.com\n", ":3: origin 'https://evil.com' "
	    "is not the rp_id");
	webauthn_fails("[webauthn]\nrp_id = example.com\n"
	    "origins = https://badexample.com\n", "is not the rp_id");
	webauthn_fails("[webauthn]\nrp_id = example.com\n"
	    "origins = https://example.com/\n", "no path");
	webauthn_fails("[webauthn]\nrp_id = example.com\n"
	    "origins = example.com\n", "must start with http");
	webauthn_fails("[webauthn]\nrp_id = example.com\n"
	    "origins = https://example.com:x\n", "bad port");
	webauthn_fails("[webauthn]\nuser_verification = always\n",
	    ":2: unknown user_verification 'always'");
	webauthn_fails("[webauthn]\ntimeout = 5\n", ":2:");
}
END_TEST

START_TEST(test_include)
{
	struct config	 cfg;
	char		 dir[512], main_conf[600], err[512];

	snprintf(dir, sizeof(dir), "%s/inc", tmpdir());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(main_conf, sizeof(main_conf), "%s/sub", dir);
	ck_assert_int_eq(mkdir(main_conf, 0700), 0);

	write_named(dir, "main.conf",
	    "include = sub/secrets.conf\n"
	    "[keys]\n"
	    "include = keys.conf\n"
	    "k2 = @32\n"
	    "[database]\n"
	    "port = 1234\n");
	/* relative to sub/, starts outside any section */
	write_named(dir, "sub/secrets.conf",
	    "[database]\n"
	    "password = s3cret;#\n"
	    "include = more.conf\n"
	    "[http]\n"
	    "max_body = 2048\n");
	/* starts in [database], the section of its include line */
	write_named(dir, "sub/more.conf", "user = other\n");
	/* starts in [keys]; its header does not leak into main.conf */
	write_named(dir, "keys.conf", "k1 = @32\n[log]\nlevel = debug\n");

	snprintf(main_conf, sizeof(main_conf), "%s/main.conf", dir);
	ck_assert_msg(config_load(&cfg, main_conf, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_str_eq(cfg.db_password, "s3cret;#");
	ck_assert_str_eq(cfg.db_user, "other");
	ck_assert_uint_eq(cfg.max_body, 2048);
	ck_assert_uint_eq(cfg.db_port, 1234);
	ck_assert_str_eq(cfg.log_level, "debug");
	ck_assert_uint_eq(cfg.nkeys, 2);
	ck_assert_str_eq(cfg.keys[0].kid, "k1");
	ck_assert_str_eq(cfg.keys[1].kid, "k2");
	config_free(&cfg);
}
END_TEST

START_TEST(test_include_errors)
{
	char		 dir[512], path[600], text[700];

	snprintf(dir, sizeof(dir), "%s/incerr", tmpdir());
	ck_assert_int_eq(mkdir(dir, 0700), 0);

	/* an error inside an included file names that file and line */
	write_named(dir, "a.conf", "[http]\n\ninclude = b.conf\n");
	write_named(dir, "b.conf", "\nmax_body = 1\n");
	snprintf(path, sizeof(path), "%s/a.conf", dir);
	load_fails(path, "%s/b.conf:2: max_body in [http]: "
	    "1 is out of range (1024..67108864)", dir);

	/* a missing include names the include line */
	write_named(dir, "c.conf", "[log]\ninclude = missing.conf\n");
	snprintf(path, sizeof(path), "%s/c.conf", dir);
	load_fails(path, "%s/c.conf:2: cannot open %s/missing.conf: %s", dir,
	    dir, strerror(ENOENT));

	/* an absolute include */
	snprintf(text, sizeof(text), "[log]\ninclude = %s/b.conf\n", dir);
	write_named(dir, "d.conf", text);
	snprintf(path, sizeof(path), "%s/d.conf", dir);
	load_fails(path, "%s/b.conf:2: unknown key 'max_body' in [log]", dir);

	/* a file that includes itself stops at the depth limit */
	write_named(dir, "loop.conf", "include = loop.conf\n");
	snprintf(path, sizeof(path), "%s/loop.conf", dir);
	load_fails(path, "%s/loop.conf:1: include nested too deeply (max 4)",
	    dir);
}
END_TEST

START_TEST(test_include_depth)
{
	struct config	 cfg;
	char		 dir[512], name[32], text[64], path[600], err[1024];
	int		 i;

	snprintf(dir, sizeof(dir), "%s/depth", tmpdir());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	/* f0 includes f1 ... f4 includes f5: four levels are fine */
	for (i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "f%d.conf", i);
		if (i < 5)
			snprintf(text, sizeof(text), "include = f%d.conf\n",
			    i + 1);
		else
			snprintf(text, sizeof(text), "[database]\nport = 5\n");
		write_named(dir, name, text);
	}
	snprintf(path, sizeof(path), "%s/f1.conf", dir);
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(cfg.db_port, 5);
	config_free(&cfg);

	snprintf(path, sizeof(path), "%s/f0.conf", dir);
	load_fails(path, "%s/f4.conf:1: include nested too deeply (max 4)",
	    dir);
}
END_TEST

START_TEST(test_cannot_open)
{
	struct config	 cfg;
	const char	*path = "/nonexistent/fcauth.conf";

	load_fails(path, "cannot open %s: %s", path, strerror(ENOENT));
	/* no buffer for the message is allowed too */
	ck_assert_int_eq(config_load(&cfg, path, NULL, 0), -1);
}
END_TEST

START_TEST(test_line_length)
{
	struct config	 cfg;
	char		 buf[8192], err[512];
	char		*path;
	size_t		 n;

	/* 4096 bytes plus the newline load */
	n = (size_t)snprintf(buf, sizeof(buf), "[mail]\nsite_name = ");
	memset(buf + n, 'x', 4096 - strlen("site_name = "));
	n = 7 + 4096;
	buf[n++] = '\n';
	path = write_bytes(buf, n);
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(strlen(cfg.site_name),
	    4096 - strlen("site_name = "));
	config_free(&cfg);
	unlink(path);
	free(path);

	/* one more byte is refused */
	n = 7 + 4096;
	buf[n++] = 'x';
	buf[n++] = '\n';
	path = write_bytes(buf, n);
	load_fails(path, "%s:2: line too long (max 4096 bytes)", path);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char	 text[] = "[log]\nlevel = info\0x\n";
	char			*path;

	path = write_bytes(text, sizeof(text) - 1);
	load_fails(path, "%s:2: nul byte in line", path);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_dump_secrets)
{
	struct config	 cfg;
	char		 err[512];
	char		*path, *text, *out;

	path = write_temp("[database]\npassword = hunter2hunter2\n"
	    "[keys]\nk1 = @32\nold = @48\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	out = dump(&cfg);
	ck_assert_ptr_nonnull(strstr(out, "\n[database]\n"));
	ck_assert_ptr_nonnull(strstr(out, "\npassword = (set)\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n[keys]\nk1 = (set, 32 bytes)\n"
	    "old = (set, 48 bytes)\n"));
	ck_assert_ptr_null(strstr(out, "hunter2"));
	text = expand_keys("@32");
	ck_assert_ptr_null(strstr(out, text));
	free(text);
	free(out);
	config_free(&cfg);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_dump_reload)
{
	struct config	 cfg, again;
	char		 err[512];
	char		*path, *path2, *out, *out2;

	path = write_temp("[mail]\nsite_name = \"  spaced \"\n"
	    "from = \"Site\" <a@example.com>\n"
	    "[database]\nhost = \"\"\"quoted\"\"\"\nport = 3307\n"
	    "[tokens]\nalgorithm = EdDSA\n"
	    "[http]\ncookie_mode = on\nmax_body = 100000\n");
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_str_eq(cfg.db_host, "\"\"quoted\"\"");
	out = dump(&cfg);
	ck_assert_ptr_nonnull(strstr(out, "\nsite_name = \"  spaced \"\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nalgorithm = EdDSA\n"));
	ck_assert_ptr_nonnull(strstr(out, "\ncookie_mode = yes\n"));
	path2 = write_bytes(out, strlen(out));
	ck_assert_msg(config_load(&again, path2, err, sizeof(err)) == 0,
	    "%s", err);
	out2 = dump(&again);
	ck_assert_str_eq(out, out2);
	ck_assert_str_eq(again.site_name, "  spaced ");
	ck_assert_str_eq(again.mail_from, "\"Site\" <a@example.com>");
	ck_assert_str_eq(again.db_host, "\"\"quoted\"\"");
	free(out);
	free(out2);
	config_free(&cfg);
	config_free(&again);
	unlink(path);
	unlink(path2);
	free(path);
	free(path2);
}
END_TEST

START_TEST(test_example_loads)
{
	struct config	 cfg;
	char		 path[1024], err[1024];

	example_path(path, sizeof(path));
	ck_assert_msg(config_load(&cfg, path, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(cfg.nkeys, 0);
	config_free(&cfg);
}
END_TEST

/*
 * The example with every ";key = value" line uncommented still loads,
 * and gives exactly the defaults: the example shows the true defaults.
 */
START_TEST(test_example_defaults)
{
	struct config	 cfg, def;
	char		 path[1024], err[1024];
	char		*text, *s, *tmp, *a, *b;

	example_path(path, sizeof(path));
	text = unit_slurp(path);
	for (s = text; (s = strstr(s, "\n;")) != NULL; s++)
		if (s[2] >= 'a' && s[2] <= 'z')
			s[1] = ' ';
	tmp = write_bytes(text, strlen(text));
	ck_assert_msg(config_load(&cfg, tmp, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(config_defaults(&def), 0);
	/* the installed path depends on the prefix */
	ck_assert_str_eq(cfg.templates_dir,
	    "/usr/local/share/fcauth/templates");
	free(cfg.templates_dir);
	ck_assert_ptr_nonnull(cfg.templates_dir = strdup(def.templates_dir));
	ck_assert_str_eq(cfg.dialects_dir, "/usr/local/share/fcauth/dialects");
	free(cfg.dialects_dir);
	ck_assert_ptr_nonnull(cfg.dialects_dir = strdup(def.dialects_dir));
	a = dump(&cfg);
	b = dump(&def);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	free(text);
	config_free(&cfg);
	config_free(&def);
	unlink(tmp);
	free(tmp);
}
END_TEST

/* Every key config_dump prints appears as ";key =" in its section. */
START_TEST(test_example_complete)
{
	struct config	 def;
	char		 path[1024], sec[64], want[128];
	char		*text, *out, *line, *next, *eq, *start, *end, *hit;

	example_path(path, sizeof(path));
	text = unit_slurp(path);
	ck_assert_int_eq(config_defaults(&def), 0);
	out = dump(&def);
	start = end = NULL;
	for (line = out; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '[') {
			snprintf(sec, sizeof(sec), "\n%s\n", line);
			start = strstr(text, sec);
			ck_assert_msg(start != NULL, "no %s", line);
			end = strstr(start + 1, "\n[");
			continue;
		}
		if ((eq = strstr(line, " =")) == NULL)
			continue;
		snprintf(want, sizeof(want), "\n;%.*s =", (int)(eq - line),
		    line);
		ck_assert_ptr_nonnull(start);
		hit = strstr(start, want);
		ck_assert_msg(hit != NULL && (end == NULL || hit < end),
		    "example lacks '%s' in %s", want + 1, sec + 1);
	}
	free(out);
	free(text);
	config_free(&def);
}
END_TEST

START_TEST(test_path)
{
	ck_assert_str_eq(config_path("/x/y.conf"), "/x/y.conf");
	unsetenv("FCAUTH_CONFIG");
	ck_assert_str_eq(config_path(NULL),
	    FCAUTH_SYSCONFDIR "/fcauth/fcauth.conf");
	ck_assert_str_eq(config_path(""),
	    FCAUTH_SYSCONFDIR "/fcauth/fcauth.conf");
	setenv("FCAUTH_CONFIG", "", 1);
	ck_assert_str_eq(config_path(NULL),
	    FCAUTH_SYSCONFDIR "/fcauth/fcauth.conf");
	setenv("FCAUTH_CONFIG", "/env/fcauth.conf", 1);
	ck_assert_str_eq(config_path(NULL), "/env/fcauth.conf");
	ck_assert_str_eq(config_path("/arg.conf"), "/arg.conf");
}
END_TEST

START_TEST(test_free)
{
	struct config	 cfg;

	config_free(NULL);
	ck_assert_int_eq(config_defaults(&cfg), 0);
	config_free(&cfg);
	ck_assert_ptr_null(cfg.db_host);
	config_free(&cfg);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("config");
	tc = unit_tcase(s, "defaults", NULL, tmpdir_remove);
	LOOP(tc, test_defaults, defaults);
	LOOP(tc, test_empty_file, defaults);
	tcase_add_test(tc, test_no_key);
	tcase_add_test(tc, test_mfa_key);
	tcase_add_test(tc, test_webauthn);
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_free);

	tc = unit_tcase(s, "parse", NULL, tmpdir_remove);
	LOOP(tc, test_good, goods);
	LOOP(tc, test_bad, bads);
	tcase_add_test(tc, test_bool);
	tcase_add_test(tc, test_keys_decode);
	tcase_add_test(tc, test_cannot_open);
	tcase_add_test(tc, test_line_length);
	tcase_add_test(tc, test_nul_byte);

	tc = unit_tcase(s, "include", NULL, tmpdir_remove);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_include_errors);
	tcase_add_test(tc, test_include_depth);

	tc = unit_tcase(s, "dump", NULL, tmpdir_remove);
	tcase_add_test(tc, test_dump_secrets);
	tcase_add_test(tc, test_dump_reload);

	tc = unit_tcase(s, "example", NULL, tmpdir_remove);
	tcase_add_test(tc, test_example_loads);
	tcase_add_test(tc, test_example_defaults);
	tcase_add_test(tc, test_example_complete);

	return s;
}

int
main(void)
{
	return unit_main("check_config", config_suite, 0);
}
