/*
 * config: the fcauth.conf file.  INI sections, "key = value" lines,
 * ';' or '#' comments, "include = path" to read another file (secrets
 * readable only by the service user).  Every key has a default; the
 * table of keys lives in config_keys.c and is the one place that names
 * them.
 */
#ifndef FCAUTH_CONFIG_H
#define FCAUTH_CONFIG_H

#include <stddef.h>

#define CONFIG_KEYS_MAX		8	/* signing keys kept at once */
#define CONFIG_KID_MAX		32	/* bytes of a key id, without NUL */
#define CONFIG_SECRET_MAX	64	/* bytes of a decoded key */
#define CONFIG_MFA_KEY_LEN	32	/* bytes of the [mfa] key */
#define CONFIG_ORIGINS_MAX	8	/* [webauthn] origins */
#define CONFIG_ORIGIN_MAX	256	/* bytes of one, with its NUL */

/* [webauthn] user_verification */
#define CONFIG_UV_DISCOURAGED	0
#define CONFIG_UV_PREFERRED	1
#define CONFIG_UV_REQUIRED	2

enum config_alg {
	CONFIG_ALG_HS256,
	CONFIG_ALG_EDDSA,
};

/* one signing key from the [keys] section: "kid = base64url bytes" */
struct config_key {
	char		 kid[CONFIG_KID_MAX + 1];
	unsigned char	 secret[CONFIG_SECRET_MAX];	/* HS256 secret or Ed25519 seed */
	size_t		 secretlen;
};

struct config {
	/* [database] */
	char		*db_host;		/* "localhost"; comma list for failover */
	unsigned	 db_port;		/* 3306 */
	char		*db_socket;		/* "" = use host */
	char		*db_user;		/* "fcauth" */
	char		*db_password;		/* "" */
	char		*db_name;		/* "fcauth" */
	unsigned	 db_connect_timeout;	/* 2 s */
	unsigned	 db_read_timeout;	/* 2 s */
	unsigned	 db_write_timeout;	/* 2 s */
	unsigned	 db_sync_wait;		/* 0: Galera wsrep_sync_wait */

	/* [tokens] */
	enum config_alg	 token_alg;		/* HS256 */
	char		*token_issuer;		/* "fcauth" */
	char		*token_current_kid;	/* "" = the first key */
	unsigned	 access_ttl;		/* 900 s */
	unsigned	 refresh_ttl;		/* 86400 s */
	unsigned	 refresh_ttl_remember;	/* 2592000 s */
	unsigned	 token_leeway;		/* 30 s */
	unsigned	 revocation_poll;	/* 1000 ms between feed reads */
	char		*session_check;		/* "feed" | "strict" */

	/* [keys] */
	struct config_key keys[CONFIG_KEYS_MAX];
	size_t		 nkeys;

	/* [http] */
	size_t		 max_body;		/* 65536 bytes */
	unsigned	 max_json_depth;	/* 16 */
	char		*trusted_proxies;	/* "" comma list of addresses */
	char		*cors_origins;		/* "" comma list of origins */
	int		 cookie_mode;		/* 0 */
	int		 cookie_secure;		/* 1 */
	char		*cookie_domain;		/* "" */
	char		*refresh_cookie_name;	/* "fcauth_refresh" */
	char		*access_cookie_name;	/* "fcauth_access" */
	char		*device_cookie_name;	/* "fcauth_device" */
	char		*access_cookie_path;	/* "/" */
	char		*login_url;		/* "": authorizer answers 401 */

	/* [accounts] */
	int		 verification;		/* 1: accounts start pending */
	int		 username_required;	/* 0 */
	unsigned	 password_min;		/* 8 characters */
	char		*reserved_usernames;	/* comma list; built-in list if "" */
	int		 email_allow_percent;	/* 0: no '%' in a new address */
	char		*common_passwords;	/* path of a list; "" = built-in */
	unsigned	 activity_resolution;	/* 60 s between last_request_date writes */

	/* [password] */
	char		*hash_method;		/* "yescrypt" | "bcrypt" | "sha512crypt" */
	unsigned	 hash_cost;		/* 0 = the method's sensible default */
	unsigned	 kinds_refresh;		/* 60 s between looks at stored hash kinds */

	/* [verification] */
	unsigned	 code_digits;		/* 6 */
	unsigned	 code_ttl;		/* 600 s */
	unsigned	 code_max_attempts;	/* 5 */
	unsigned	 resend_cooldown;	/* 60 s */
	unsigned	 code_account_max;	/* 20 wrong codes per account ... */
	unsigned	 code_account_window;	/* ... in 86400 s, across resends */
	unsigned	 reset_ttl;		/* 1800 s */
	char		*verify_redirect;	/* "" = answer JSON/HTML */
	char		*reset_page;		/* "/reset.html" */

	/* [mail] */
	char		*site_name;		/* "fcauth" */
	char		*base_url;		/* "http://127.0.0.1:8080" */
	char		*mail_from;		/* "fcauth <noreply@localhost>" */
	char		*sendmail;		/* "/usr/sbin/sendmail -t -i" */
	char		*templates_dir;		/* $(datadir)/fcauth/templates */
	unsigned	 mail_max_attempts;	/* 8 */
	unsigned	 mail_retry_base;	/* 60 s, doubled per attempt */

	/* [throttle] */
	unsigned	 login_pair_max;	/* 5 failures per (account, address) */
	unsigned	 login_pair_window;	/* 900 s */
	unsigned	 login_backoff_base;	/* 30 s */
	unsigned	 login_backoff_max;	/* 900 s */
	unsigned	 login_account_max;	/* 100 consecutive failures */
	unsigned	 login_account_lock;	/* 900 s */
	unsigned	 login_addr_max;	/* 100 per window */
	unsigned	 login_addr_window;	/* 900 s */
	unsigned	 register_addr_max;	/* 30 per hour */
	unsigned	 verify_addr_max;	/* 60 per hour */
	unsigned	 forgot_addr_max;	/* 20 per hour */
	unsigned	 passkey_options_addr_max; /* 300 per hour */

	/* [log] */
	char		*log_level;		/* "info" */
	int		 log_syslog;		/* 0: stderr */

	/* [api] */
	char		*dialect;		/* "": the canonical API only;
						   a name in dialects_dir, or
						   a path if it has a '/' */
	char		*dialects_dir;		/* $(datadir)/fcauth/dialects */

	/* [mfa] */
	int		 mfa_enabled;		/* 1: users may enrol a factor */
	char		*mfa_issuer;		/* "": [tokens] issuer */
	char		*mfa_key_text;		/* base64url as written */
	char		*mfa_required_roles;	/* "" comma list */
	unsigned	 mfa_token_ttl;		/* 300 s */
	unsigned	 mfa_trusted_device_ttl; /* 2592000 s */
	unsigned char	 mfa_key[CONFIG_MFA_KEY_LEN];	/* decoded key */
	int		 mfa_has_key;		/* 0: no [mfa] key set */

	/* [webauthn] */
	char		*webauthn_rp_id;	/* "": passkeys off */
	char		*webauthn_rp_name;	/* "fcauth" */
	char		*webauthn_origins;	/* "" list, space or comma */
	char		*webauthn_user_verification; /* "preferred" */
	unsigned	 webauthn_timeout;	/* 300 s */
	char		 webauthn_origin[CONFIG_ORIGINS_MAX][CONFIG_ORIGIN_MAX];
	size_t		 webauthn_norigins;	/* origins split, checked */
	int		 webauthn_uv;		/* CONFIG_UV_* */
};

/*
 * Fill "cfg" with the defaults, then read "path" over them.
 * Returns 0 on success, -1 on error with a message such as
 * "/etc/fcauth/fcauth.conf:12: unknown key 'foo' in [http]" in "err".
 * On error "cfg" is left freed (config_free need not be called).
 * Validation (short HS256 keys, unknown algorithm, missing current kid)
 * is part of loading.
 */
int	 config_load(struct config *cfg, const char *path, char *err, size_t errsz);

/* Fill "cfg" with the defaults only; 0 or -1 on out of memory. */
int	 config_defaults(struct config *cfg);

/* Release what config_load allocated.  Wipes key material. NULL is fine. */
void	 config_free(struct config *cfg);

/*
 * The issuer of otpauth:// URIs: [mfa] issuer, else [tokens] issuer,
 * else "fcauth".
 */
const char *config_mfa_issuer(const struct config *cfg);

/* The signing key named by token_current_kid (or the first); NULL if none. */
const struct config_key *config_current_key(const struct config *cfg);

/*
 * Print every key with its current value as an INI file to "fp"
 * (FILE *), secrets replaced by "(set)".  Used by check-config.
 */
void	 config_dump(const struct config *cfg, void *fp);

/* The path to use: --config argument, else $FCAUTH_CONFIG, else default. */
const char *config_path(const char *arg);

#endif /* FCAUTH_CONFIG_H */
