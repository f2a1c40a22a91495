/*
 * config_check: what one line of fcauth.conf cannot check, once the
 * files are read: values against each other (backoff base and cap, the
 * password method and its cost), the signing keys against the token
 * algorithm, the lists of known names and the database hosts; and the
 * current key.
 */
#include <stddef.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "config_private.h"
#include "hostport.h"
#include "list.h"

#define HS256_KEY_MIN	32	/* RFC 8725 3.5: as long as the hash */
#define ED25519_SEED	32	/* an EdDSA key is a 32-byte seed */

static const char *const log_levels[] = {
	"err", "warn", "info", "debug", NULL
};

/* Methods of [password] and the cost libcrypt accepts for each. */
static const struct {
	const char	*name;
	unsigned	 min;
	unsigned	 max;
} methods[] = {
	{ "yescrypt", 1, 11 },
	{ "bcrypt", 4, 31 },
	{ "sha512crypt", 1000, 999999999 },
};

/* [password]: a known method, and a cost libcrypt takes for it. */
static int
check_method(struct parser *p)
{
	const struct config	*cfg = p->cfg;
	size_t			 i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(cfg->hash_method, methods[i].name) == 0)
			break;
	if (i == sizeof(methods) / sizeof(methods[0]))
		return config_fail(p, config_where_of(p, OFF(hash_method)), 0,
		    "unknown password method '%.32s' "
		    "(yescrypt, bcrypt or sha512crypt)", cfg->hash_method);
	if (cfg->hash_cost != 0 && (cfg->hash_cost < methods[i].min ||
	    cfg->hash_cost > methods[i].max))
		return config_fail(p, config_where_of(p, OFF(hash_cost)), 0,
		    "cost %u is out of range for %s (%u..%u, or 0)",
		    cfg->hash_cost, methods[i].name, methods[i].min,
		    methods[i].max);
	return 0;
}

/*
 * [keys] against [tokens]: every HS256 key at least 32 bytes, every
 * EdDSA key a 32-byte seed, current_kid naming a key.  No key at all is
 * not an error here: config_current_key() says so to the caller.
 */
static int
check_keys(struct parser *p)
{
	const struct config	*cfg = p->cfg;
	const struct config_key	*k;
	size_t			 i;

	for (i = 0; i < cfg->nkeys; i++) {
		k = &cfg->keys[i];
		if (cfg->token_alg == CONFIG_ALG_HS256 &&
		    k->secretlen < HS256_KEY_MIN)
			return config_fail(p, p->keywhere[i], 0,
			    "key '%s' is too short for HS256: %zu bytes, "
			    "need at least %d",
			    k->kid, k->secretlen, HS256_KEY_MIN);
		if (cfg->token_alg == CONFIG_ALG_EDDSA &&
		    k->secretlen != ED25519_SEED)
			return config_fail(p, p->keywhere[i], 0,
			    "key '%s' is not an Ed25519 seed: %zu bytes, "
			    "need exactly %d",
			    k->kid, k->secretlen, ED25519_SEED);
	}
	if (cfg->token_current_kid[0] != '\0' &&
	    config_current_key(cfg) == NULL)
		return config_fail(p,
		    config_where_of(p, OFF(token_current_kid)), 0,
		    "current_kid '%.40s' names no key in [keys]",
		    cfg->token_current_kid);
	return 0;
}

/*
 * [throttle]: the first Retry-After is not above the cap.  The message
 * names the line that set login_backoff_base, else login_backoff_max.
 */
static int
check_backoff(struct parser *p)
{
	const struct config	*cfg = p->cfg;
	const char		*where;

	if (cfg->login_backoff_base <= cfg->login_backoff_max)
		return 0;
	where = config_where_of(p, OFF(login_backoff_base));
	if (where == p->path)
		where = config_where_of(p, OFF(login_backoff_max));
	return config_fail(p, where, 0,
	    "login_backoff_base %u is above login_backoff_max %u",
	    cfg->login_backoff_base, cfg->login_backoff_max);
}

/*
 * [mfa] key: when set, it decodes to exactly 32 bytes (the
 * crypto_secretbox key).  Unset is allowed: enrolment then answers
 * mfa_unavailable and a stored factor cannot be checked (closed).
 */
static int
check_mfa_key(struct parser *p)
{
	struct config	*cfg = p->cfg;
	unsigned char	 buf[CONFIG_SECRET_MAX];
	size_t		 len = 0;

	cfg->mfa_has_key = 0;
	if (cfg->mfa_key_text == NULL || cfg->mfa_key_text[0] == '\0')
		return 0;
	if (sodium_base642bin(buf, sizeof(buf), cfg->mfa_key_text,
	    strlen(cfg->mfa_key_text), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 &&
	    sodium_base642bin(buf, sizeof(buf), cfg->mfa_key_text,
	    strlen(cfg->mfa_key_text), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE) != 0)
		len = 0;
	if (len != CONFIG_MFA_KEY_LEN) {
		sodium_memzero(buf, sizeof(buf));
		return config_fail(p, config_where_of(p, OFF(mfa_key_text)), 0,
		    "[mfa] key must be %d bytes in base64url "
		    "(fcauthctl key generate)", CONFIG_MFA_KEY_LEN);
	}
	memcpy(cfg->mfa_key, buf, CONFIG_MFA_KEY_LEN);
	sodium_memzero(buf, sizeof(buf));
	cfg->mfa_has_key = 1;
	return 0;
}

/*
 * [webauthn] rp_id: a domain name, lower case, since browsers refuse
 * an IP address as a relying-party id (a test server uses localhost).
 * 1 good, 0 not.
 */
static int
webauthn_domain(const char *s)
{
	size_t	 label = 0;
	int	 alpha = 0;

	if (*s == '\0' || *s == '.' || strlen(s) > 253)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (label == 0 || s[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (*s >= 'a' && *s <= 'z')
			alpha = 1;
		else if (!(*s >= '0' && *s <= '9') && *s != '-')
			return 0;
		if ((label == 0 && *s == '-') || ++label > 63)
			return 0;
	}
	/* all digits and dots: an IPv4 address */
	return label > 0 && s[-1] != '-' && alpha;
}

/*
 * One origin "o" ("len" bytes) of [webauthn] origins: http:// or
 * https://, then a host that is the rp_id or under it, an optional
 * port and nothing else (an origin has no path).  NULL good, else why.
 */
static const char *
webauthn_origin_bad(const char *rp, const char *o, size_t len)
{
	const char	*h, *end = o + len, *colon;
	size_t		 hl, rl = strlen(rp);

	if (len > 7 && strncmp(o, "http://", 7) == 0)
		h = o + 7;
	else if (len > 8 && strncmp(o, "https://", 8) == 0)
		h = o + 8;
	else
		return "must start with http:// or https://";
	if (memchr(h, '/', (size_t)(end - h)) != NULL ||
	    memchr(h, '?', (size_t)(end - h)) != NULL ||
	    memchr(h, '#', (size_t)(end - h)) != NULL)
		return "is an origin: scheme, host and port, no path";
	if ((colon = memchr(h, ':', (size_t)(end - h))) != NULL) {
		const char	*d;

		if (colon + 1 == end || end - colon > 6)
			return "has a bad port";
		for (d = colon + 1; d < end; d++)
			if (*d < '0' || *d > '9')
				return "has a bad port";
		end = colon;
	}
	hl = (size_t)(end - h);
	if (!(hl == rl && memcmp(h, rp, rl) == 0) &&
	    !(hl > rl + 1 && h[hl - rl - 1] == '.' &&
	    memcmp(h + hl - rl, rp, rl) == 0))
		return "is not the rp_id or a host under it";
	return NULL;
}

/*
 * [webauthn]: user_verification one of the three; with an rp_id, a
 * domain name and at least one origin under it (space or comma
 * separated, split into webauthn_origin).  No rp_id: passkeys off.
 */
static int
check_webauthn(struct parser *p)
{
	static const char *const uv[] = {
		"discouraged", "preferred", "required", NULL
	};
	struct config		*cfg = p->cfg;
	struct list_iter	 it;
	const char		*item, *why;
	size_t			 len, i, n;
	int			 u;

	cfg->webauthn_norigins = 0;
	if ((u = config_lookup(uv, cfg->webauthn_user_verification)) < 0)
		return config_fail(p, config_where_of(p,
		    OFF(webauthn_user_verification)), 0,
		    "unknown user_verification '%.32s' (required, preferred "
		    "or discouraged)", cfg->webauthn_user_verification);
	cfg->webauthn_uv = u;
	if (cfg->webauthn_rp_id == NULL || cfg->webauthn_rp_id[0] == '\0')
		return 0;
	if (!webauthn_domain(cfg->webauthn_rp_id))
		return config_fail(p, config_where_of(p, OFF(webauthn_rp_id)),
		    0, "rp_id '%.64s' is not a domain name in lower case "
		    "(browsers refuse IP addresses; use localhost for a test "
		    "server)", cfg->webauthn_rp_id);
	list_start(&it, cfg->webauthn_origins, strlen(cfg->webauthn_origins));
	while (list_next(&it, &item, &len)) {
		/* an item of the comma list may hold several, by blanks */
		for (i = 0; i < len; i += n + 1) {
			for (n = 0; i + n < len && item[i + n] != ' ' &&
			    item[i + n] != '\t'; n++)
				;
			if (n == 0)
				continue;
			if ((why = webauthn_origin_bad(cfg->webauthn_rp_id,
			    item + i, n)) != NULL)
				return config_fail(p, config_where_of(p,
				    OFF(webauthn_origins)), 0,
				    "origin '%.*s' %s", n > 64 ? 64 : (int)n,
				    item + i, why);
			if (cfg->webauthn_norigins == CONFIG_ORIGINS_MAX ||
			    n >= CONFIG_ORIGIN_MAX)
				return config_fail(p, config_where_of(p,
				    OFF(webauthn_origins)), 0,
				    "at most %d origins of %d bytes",
				    CONFIG_ORIGINS_MAX, CONFIG_ORIGIN_MAX - 1);
			memcpy(cfg->webauthn_origin[cfg->webauthn_norigins],
			    item + i, n);
			cfg->webauthn_origin[cfg->webauthn_norigins++][n] =
			    '\0';
		}
	}
	if (cfg->webauthn_norigins == 0)
		return config_fail(p, config_where_of(p, OFF(webauthn_rp_id)),
		    0, "rp_id is set but origins lists none (the site's "
		    "origin, e.g. https://%.64s)", cfg->webauthn_rp_id);
	return 0;
}

/*
 * [database] host: every item of the list is host[:port] (hostport.c),
 * so that a typo stops the program at start and not at the failover
 * that needs the host.
 */
static int
check_hosts(struct parser *p)
{
	const struct config	*cfg = p->cfg;
	struct list_iter	 it;
	const char		*item;
	char			 host[256];
	size_t			 len;
	unsigned		 port;

	list_start(&it, cfg->db_host, strlen(cfg->db_host));
	while (list_next(&it, &item, &len))
		if (hostport_split(item, len, cfg->db_port, host,
		    sizeof(host), &port) == -1)
			return config_fail(p, config_where_of(p, OFF(db_host)),
			    0, "host '%.*s' is not host, host:port or "
			    "[address]:port (port 1 to 65535)",
			    len > 64 ? 64 : (int)len, item);
	return 0;
}

/* What one line cannot check: values against each other and lists. */
int
config_validate(struct parser *p)
{
	const struct config	*cfg = p->cfg;

	if (config_lookup(log_levels, cfg->log_level) < 0)
		return config_fail(p, config_where_of(p, OFF(log_level)), 0,
		    "unknown log level '%.32s' (err, warn, info or debug)",
		    cfg->log_level);
	if (strncmp(cfg->base_url, "http://", 7) != 0 &&
	    strncmp(cfg->base_url, "https://", 8) != 0)
		return config_fail(p, config_where_of(p, OFF(base_url)), 0,
		    "base_url must start with http:// or https://");
	if (strcmp(cfg->session_check, "feed") != 0 &&
	    strcmp(cfg->session_check, "strict") != 0)
		return config_fail(p, config_where_of(p, OFF(session_check)),
		    0, "unknown session_check '%.32s' (feed or strict)",
		    cfg->session_check);
	if (check_backoff(p) == -1)
		return -1;
	if (check_hosts(p) == -1)
		return -1;
	if (check_method(p) == -1)
		return -1;
	if (check_mfa_key(p) == -1)
		return -1;
	if (check_webauthn(p) == -1)
		return -1;
	return check_keys(p);
}

/* The signing key named by token_current_kid (or the first); NULL if none. */
const struct config_key *
config_current_key(const struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL || cfg->nkeys == 0)
		return NULL;
	if (cfg->token_current_kid == NULL ||
	    cfg->token_current_kid[0] == '\0')
		return &cfg->keys[0];
	for (i = 0; i < cfg->nkeys; i++)
		if (strcmp(cfg->keys[i].kid, cfg->token_current_kid) == 0)
			return &cfg->keys[i];
	return NULL;
}

const char *
config_mfa_issuer(const struct config *cfg)
{

	if (cfg->mfa_issuer != NULL && cfg->mfa_issuer[0] != '\0')
		return cfg->mfa_issuer;
	if (cfg->token_issuer != NULL && cfg->token_issuer[0] != '\0')
		return cfg->token_issuer;
	return "fcauth";
}
