/*
 * passwd: password hashing through libcrypt (libxcrypt).
 *
 * New hashes use the method chosen by passwd_init, always with an
 * explicit cost (a cost of 0 given to crypt_gensalt means a weak
 * default).  Verification accepts the strong methods libcrypt knows
 * (see "verify_prefixes" below); the legacy DES and MD5 hashes, which
 * libcrypt would also take, are refused as invalid.
 *
 * Two limits of libcrypt are hidden here so that every password of up
 * to PASSWD_MAX bytes works, verified exactly as received:
 *
 *  - crypt_rn refuses phrases of CRYPT_MAX_PASSPHRASE_SIZE (512) bytes
 *    or more.  Such a password is first reduced to the base64 of its
 *    SHA-512 digest (88 characters), for hashing and verifying alike.
 *  - bcrypt reads only the first 72 bytes.  For bcrypt hashes we pass at
 *    most 72 bytes ourselves, which gives the same hash bcrypt (and PHP's
 *    password_hash) would, and keeps long passwords within the limit.
 *
 * The programs are single-threaded, so one static crypt_data (32 KiB)
 * serves every call; it is wiped after each use.  None of these
 * functions is thread-safe.
 */
#include <crypt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passwd.h"

#define BCRYPT_KEY_MAX	72	/* bytes bcrypt reads */
#define SHA512_ROUNDS_IMPLICIT	5000UL	/* of a "$6$" hash without "rounds=" */
#define PHRASE_BUF	(sodium_base64_ENCODED_LEN(crypto_hash_sha512_BYTES, \
			    sodium_base64_VARIANT_ORIGINAL))

_Static_assert(PHRASE_BUF > BCRYPT_KEY_MAX, "PHRASE_BUF holds 72 bytes");

enum method {
	METHOD_YESCRYPT,	/* YESCRYPT */
	METHOD_BCRYPT,		/* BCRYPT */
	METHOD_SHA512CRYPT,	/* SHA512CRYPT */
	METHOD__MAX
};

struct method_info {
	const char	*name;		/* as in the configuration */
	const char	*prefix;	/* for crypt_gensalt */
	unsigned long	 cost;		/* our default */
};

static const struct method_info methods[METHOD__MAX] = {
	{ "yescrypt", "$y$", 5 },		/* METHOD_YESCRYPT */
	{ "bcrypt", "$2b$", 12 },		/* METHOD_BCRYPT */
	{ "sha512crypt", "$6$", 5000 },		/* METHOD_SHA512CRYPT */
};

/* Hash prefixes passwd_verify accepts. */
static const char *const verify_prefixes[] = {
	"$y$",		/* yescrypt */
	"$gy$",		/* gost-yescrypt */
	"$7$",		/* scrypt */
	"$2b$",		/* bcrypt */
	"$2y$",		/* bcrypt, PHP password_hash */
	"$2a$",		/* bcrypt, older */
	"$6$",		/* sha512crypt */
	"$5$",		/* sha256crypt */
	NULL
};

static struct crypt_data cdata;

static struct {
	int		 ready;
	enum method	 method;
	unsigned long	 cost;
	char		 setting[CRYPT_GENSALT_OUTPUT_SIZE]; /* a sample */
	char		 dummy[PASSWD_HASH_MAX];	/* for unknown users */
} conf;

static int
has_prefix(const char *s, const char *prefix)
{

	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
is_bcrypt(const char *setting)
{

	return strncmp(setting, "$2", 2) == 0;
}

/*
 * The phrase to give crypt_rn for "pw" under "setting": "pw" itself,
 * or a shortened form written into "buf" (PHRASE_BUF bytes) as the top
 * comment explains.  Returns NULL if "pw" is too long to accept.  The
 * caller wipes "buf".
 */
static const char *
phrase(const char *pw, const char *setting, char *buf)
{
	unsigned char	 digest[crypto_hash_sha512_BYTES];
	size_t		 len;

	len = strlen(pw);
	if (len > PASSWD_MAX)
		return NULL;
	if (is_bcrypt(setting)) {
		if (len <= BCRYPT_KEY_MAX)
			return pw;
		memcpy(buf, pw, BCRYPT_KEY_MAX);
		buf[BCRYPT_KEY_MAX] = '\0';
		return buf;
	}
	if (len < CRYPT_MAX_PASSPHRASE_SIZE)
		return pw;
	crypto_hash_sha512(digest, (const unsigned char *)pw, len);
	sodium_bin2base64(buf, PHRASE_BUF, digest, sizeof(digest),
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(digest, sizeof(digest));
	return buf;
}

/*
 * crypt "pw" with "setting" into "out" (of "outsz").  Returns 0, or -1
 * if the password is too long, libcrypt fails or "out" is too small.
 */
static int
crypt_into(const char *pw, const char *setting, char *out, size_t outsz)
{
	char		 buf[PHRASE_BUF];
	const char	*p, *h;
	size_t		 len;
	int		 rc = -1;

	if ((p = phrase(pw, setting, buf)) == NULL)
		goto out;
	h = crypt_rn(p, setting, &cdata, sizeof(cdata));
	if (h == NULL || h[0] == '*')
		goto out;
	if ((len = strlen(h)) >= outsz)
		goto out;
	memcpy(out, h, len + 1);
	rc = 0;
out:
	sodium_memzero(buf, sizeof(buf));
	sodium_memzero(&cdata, sizeof(cdata));
	return rc;
}

/*
 * A new setting (method, cost and a fresh random salt) for the
 * configured method into "out".  0 or -1.
 */
static int
new_setting(enum method m, unsigned long cost, char *out, size_t outsz)
{
	const char	*s;

	s = crypt_gensalt_rn(methods[m].prefix, cost, NULL, 0,
	    out, (int)outsz);
	if (s == NULL || s[0] == '*')
		return -1;
	return 0;
}

/*
 * The sha512crypt rounds of a "$6$" hash or setting: the "rounds=N$"
 * field, or 5000 if absent.  0 if the field is malformed.
 */
static unsigned long
sha512_rounds(const char *h)
{
	const char	*p;
	char		*end;
	unsigned long	 n;

	p = h + strlen("$6$");
	if (!has_prefix(p, "rounds="))
		return SHA512_ROUNDS_IMPLICIT;
	p += strlen("rounds=");
	if (*p < '0' || *p > '9')
		return 0;
	n = strtoul(p, &end, 10);
	if (*end != '$')
		return 0;
	return n;
}

/*
 * The length of the parameter prefix of a "$id$params$salt..." hash or
 * setting: everything up to and including the '$' after the params
 * field.  0 if there is none.
 */
static size_t
param_prefix_len(const char *h, const char *prefix)
{
	const char	*p;

	p = h + strlen(prefix);
	if ((p = strchr(p, '$')) == NULL)
		return 0;
	return (size_t)(p - h) + 1;
}

/*
 * Choose the method for new hashes and compute the dummy hash.
 * Returns 0, or -1 for an unknown method, a cost libcrypt refuses, or
 * if hashing fails.
 */
int
passwd_init(const char *method, unsigned cost)
{
	enum method	 m;
	unsigned long	 c;

	conf.ready = 0;
	if (method == NULL || sodium_init() < 0)
		return -1;
	for (m = 0; m < METHOD__MAX; m++)
		if (strcmp(method, methods[m].name) == 0)
			break;
	if (m == METHOD__MAX)
		return -1;
	c = cost == 0 ? methods[m].cost : cost;
	if (new_setting(m, c, conf.setting, sizeof(conf.setting)) == -1)
		return -1;
	if (crypt_into("fcauth dummy password", conf.setting,
	    conf.dummy, sizeof(conf.dummy)) == -1)
		return -1;
	conf.method = m;
	conf.cost = c;
	conf.ready = 1;
	return 0;
}

/*
 * Hash "pw" with the configured method and a fresh salt into "out"
 * (>= PASSWD_HASH_MAX).  Returns 0, or -1 if passwd_init was not
 * called, "pw" is longer than PASSWD_MAX, or libcrypt fails.
 */
int
passwd_hash(const char *pw, char *out, size_t outsz)
{
	char	 setting[CRYPT_GENSALT_OUTPUT_SIZE];
	int	 rc = -1;

	if (out != NULL && outsz > 0)
		out[0] = '\0';
	if (!conf.ready || pw == NULL || out == NULL)
		goto out;
	if (new_setting(conf.method, conf.cost, setting,
	    sizeof(setting)) == -1)
		goto out;
	rc = crypt_into(pw, setting, out, outsz);
out:
	if (rc == -1 && out != NULL && outsz > 0)
		sodium_memzero(out, outsz);
	return rc;
}

/* Whether "hash" starts with one of verify_prefixes: 1 or 0. */
static int
known_hash(const char *hash)
{
	size_t	 i;

	for (i = 0; verify_prefixes[i] != NULL; i++)
		if (has_prefix(hash, verify_prefixes[i]))
			return 1;
	return 0;
}

/*
 * Verify "pw" against "hash" in constant time.  Returns 1 match, 0 no
 * match (also for a NULL password, which costs a hash like any other,
 * and without hashing for one over PASSWD_MAX bytes), -1 for a
 * missing, unknown or invalid hash.
 */
int
passwd_verify(const char *pw, const char *hash)
{
	char	 computed[CRYPT_OUTPUT_SIZE];
	size_t	 len;
	int	 rc = -1;

	if (hash == NULL || !known_hash(hash))
		goto out;
	if ((len = strlen(hash)) >= sizeof(computed))
		goto out;
	if (pw != NULL && strlen(pw) > PASSWD_MAX) {
		rc = 0;
		goto out;
	}
	if (crypt_into(pw != NULL ? pw : "", hash, computed,
	    sizeof(computed)) == -1)
		goto out;
	rc = 0;
	if (pw != NULL && strlen(computed) == len &&
	    sodium_memcmp(computed, hash, len) == 0)
		rc = 1;
out:
	sodium_memzero(computed, sizeof(computed));
	return rc;
}

/*
 * Spend the time of passwd_verify against a hash of the configured
 * method and cost, for an account that does not exist.  Does the same
 * work for every "pw", NULL and empty included.
 */
void
passwd_dummy_verify(const char *pw)
{

	if (!conf.ready)
		return;
	(void)passwd_verify(pw, conf.dummy);
}

/*
 * 1 if "hash" is not of the configured method, or of another cost
 * (sha512crypt: rounds; yescrypt and bcrypt: the parameter field, which
 * holds the cost), else 0.  A missing or unparsable hash needs a
 * rehash.  0 if passwd_init was not called.
 */
int
passwd_needs_rehash(const char *hash)
{
	const char	*prefix;
	size_t		 len;

	if (!conf.ready)
		return 0;
	if (hash == NULL)
		return 1;
	prefix = methods[conf.method].prefix;
	if (!has_prefix(hash, prefix))
		return 1;
	if (conf.method == METHOD_SHA512CRYPT)
		return sha512_rounds(hash) != sha512_rounds(conf.setting);
	len = param_prefix_len(conf.setting, prefix);
	if (len == 0 || param_prefix_len(hash, prefix) != len)
		return 1;
	return strncmp(hash, conf.setting, len) != 0;
}

/* How the kind of a hash ends, by method. */
enum kind_shape {
	SHAPE_PARAMS,	/* "$id$params$": yescrypt */
	SHAPE_COST,	/* "$id$NN$": bcrypt */
	SHAPE_ROUNDS,	/* "$id$" or "$id$rounds=N$": SHA-crypt */
};

/* The methods whose kinds we tell, with a cost for a sample salt. */
static const struct {
	const char	*prefix;
	enum kind_shape	 shape;
	unsigned long	 cost;		/* for crypt_gensalt, salt only */
} kind_shapes[] = {
	{ "$y$", SHAPE_PARAMS, 5 },
	{ "$gy$", SHAPE_PARAMS, 5 },
	{ "$2b$", SHAPE_COST, 4 },
	{ "$2y$", SHAPE_COST, 4 },
	{ "$2a$", SHAPE_COST, 4 },
	{ "$6$", SHAPE_ROUNDS, 5000 },
	{ "$5$", SHAPE_ROUNDS, 5000 },
};

#define NSHAPES	(sizeof(kind_shapes) / sizeof(kind_shapes[0]))

/* The length of the kind of "h" after "prefix", by "shape"; 0 if
 * malformed. */
static size_t
kind_len(const char *h, const char *prefix, enum kind_shape shape)
{
	const char	*p = h + strlen(prefix);
	size_t		 n;

	switch (shape) {
	case SHAPE_PARAMS:
		n = strcspn(p, "$");
		return n > 0 && p[n] == '$' ? (size_t)(p - h) + n + 1 : 0;
	case SHAPE_COST:
		return p[0] >= '0' && p[0] <= '9' && p[1] >= '0' &&
		    p[1] <= '9' && p[2] == '$' ? (size_t)(p - h) + 3 : 0;
	case SHAPE_ROUNDS:
		if (!has_prefix(p, "rounds="))
			return (size_t)(p - h);
		p += strlen("rounds=");
		n = strspn(p, "0123456789");
		return n > 0 && p[n] == '$' ? (size_t)(p - h) + n + 1 : 0;
	}
	return 0;
}

/*
 * The kind of "hash" into "out": 1, or 0 with "out" empty.
 */
int
passwd_kind(const char *hash, char *out, size_t outsz)
{
	size_t	 i, len = 0;

	if (out == NULL || outsz == 0)
		return 0;
	out[0] = '\0';
	if (hash == NULL)
		return 0;
	for (i = 0; i < NSHAPES; i++)
		if (has_prefix(hash, kind_shapes[i].prefix)) {
			len = kind_len(hash, kind_shapes[i].prefix,
			    kind_shapes[i].shape);
			break;
		}
	if (len == 0 || len >= outsz)
		return 0;
	memcpy(out, hash, len);
	out[len] = '\0';
	return 1;
}

/*
 * A dummy hash of "kind" into "out": the kind followed by the salt of
 * a fresh setting of its method (salts do not depend on the cost), and
 * a random password.  0 or -1.
 */
int
passwd_kind_dummy(const char *kind, char *out, size_t outsz)
{
	char		 k[PASSWD_KIND_MAX], sk[PASSWD_KIND_MAX];
	char		 sample[CRYPT_GENSALT_OUTPUT_SIZE];
	char		 setting[PASSWD_KIND_MAX + CRYPT_GENSALT_OUTPUT_SIZE];
	unsigned char	 raw[18];
	char		 pw[sodium_base64_ENCODED_LEN(sizeof(raw),
			    sodium_base64_VARIANT_ORIGINAL)];
	size_t		 i;
	int		 rc = -1;

	if (out != NULL && outsz > 0)
		out[0] = '\0';
	if (out == NULL || sodium_init() < 0 ||
	    !passwd_kind(kind, k, sizeof(k)) || strcmp(k, kind) != 0)
		goto out;
	for (i = 0; i < NSHAPES; i++)
		if (has_prefix(kind, kind_shapes[i].prefix))
			break;
	if (i == NSHAPES || crypt_gensalt_rn(kind_shapes[i].prefix,
	    kind_shapes[i].cost, NULL, 0, sample, sizeof(sample)) == NULL ||
	    sample[0] == '*' || !passwd_kind(sample, sk, sizeof(sk)))
		goto out;
	snprintf(setting, sizeof(setting), "%s%s", kind,
	    sample + strlen(sk));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(pw, sizeof(pw), raw, sizeof(raw),
	    sodium_base64_VARIANT_ORIGINAL);
	if (crypt_into(pw, setting, out, outsz) == -1 ||
	    !passwd_kind(out, sk, sizeof(sk)) || strcmp(sk, kind) != 0)
		goto out;
	rc = 0;
out:
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(pw, sizeof(pw));
	if (rc == -1 && out != NULL && outsz > 0)
		out[0] = '\0';
	return rc;
}

/*
 * One verification for the kind of "dummy": against "hash" when that
 * is its kind ("own") and "hash" was not verified yet (then "*rc" gets
 * the answer and "*done" is set), else against "dummy".
 */
static void
verify_kind(const char *pw, const char *hash, const char *own,
    const char *dummy, int *done, int *rc)
{
	char	 k[PASSWD_KIND_MAX];

	if (!*done && own[0] != '\0' && passwd_kind(dummy, k, sizeof(k)) &&
	    strcmp(k, own) == 0) {
		*rc = passwd_verify(pw, hash);
		*done = 1;
	} else
		(void)passwd_verify(pw, dummy);
}

/*
 * Verify "pw" against "hash" (NULL: no account) spending one
 * verification per kind, the configured one first, then "dummies" in
 * their order.  1 match, 0 no match, -1 error.
 */
int
passwd_verify_kinds(const char *pw, const char *hash,
    const char *const *dummies, size_t n)
{
	char	 own[PASSWD_KIND_MAX];
	size_t	 i;
	int	 rc = 0, done = hash == NULL;

	if (!conf.ready)
		return -1;
	(void)passwd_kind(hash, own, sizeof(own));
	verify_kind(pw, hash, own, conf.dummy, &done, &rc);
	for (i = 0; i < n; i++)
		verify_kind(pw, hash, own, dummies[i], &done, &rc);
	/* a kind not among them: costs more, but must be checked */
	if (!done)
		rc = passwd_verify(pw, hash);
	return rc;
}

/* Method names of the hashes passwd_verify accepts, by prefix. */
static const struct {
	const char	*prefix;
	const char	*name;
} method_names[] = {
	{ "$y$", "yescrypt" },
	{ "$gy$", "gost-yescrypt" },
	{ "$7$", "scrypt" },
	{ "$2b$", "bcrypt" },
	{ "$2y$", "bcrypt" },
	{ "$2a$", "bcrypt" },
	{ "$6$", "sha512crypt" },
	{ "$5$", "sha256crypt" },
};

const char *
passwd_method_of(const char *hash)
{
	size_t	 i;

	for (i = 0; hash != NULL &&
	    i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (has_prefix(hash, method_names[i].prefix))
			return method_names[i].name;
	return NULL;
}
