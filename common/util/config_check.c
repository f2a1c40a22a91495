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
	if (check_backoff(p) == -1)
		return -1;
	if (check_hosts(p) == -1)
		return -1;
	if (check_method(p) == -1)
		return -1;
	if (check_mfa_key(p) == -1)
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
