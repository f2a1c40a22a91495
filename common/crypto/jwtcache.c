/*
 * jwtcache: verified access tokens, by a keyed hash of their text.
 *
 * A client presents the same access token with every request of its
 * life (15 minutes by default), and verifying it (base64url, the MAC
 * or Ed25519 signature, two JSON parses) was the largest piece of the
 * guard's own work per request.  A hit costs one keyed BLAKE2b hash
 * of the token and a constant-time compare of the tags.
 *
 * What is kept: only tokens that verified, under a key drawn at random
 * when the process starts, so nobody can aim at a slot or forge a
 * tag; iss and typ are hashed with the token, so a token is found only
 * where it would verify.  Keys never change while a process lives (a
 * new ring means a restart), so a signature that verified once always
 * would.  The time window is checked on every hit.  Whether the session
 * is still live is not the cache's question: the guard reads it, or
 * (the authorizer in feed mode) asks the revocation feed (feed.c).
 *
 * The tag picks a set of JWT_CACHE_WAYS slots (with single slots, 400
 * live tokens in 1024 would collide: about 69 of them, a sixth, by
 * 400 - 1024 (1 - (1 - 1/1024)^400)); a new token takes the slot of
 * the set whose token expires first.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "jwtcache.h"

#define JWT_CACHE_TAG	32
#define JWT_CACHE_WAYS	4
#define JWT_CACHE_SETS	(JWT_CACHE_SLOTS / JWT_CACHE_WAYS)

struct jwt_cache_slot {
	unsigned char		 tag[JWT_CACHE_TAG];	/* all zero: empty */
	struct jwt_claims	 c;	/* as jwt_verify gave them */
};

struct jwt_cache {
	unsigned char		 key[crypto_generichash_KEYBYTES];
	struct jwt_cache_slot	 slots[JWT_CACHE_SLOTS];
};

struct jwt_cache *
jwt_cache_new(void)
{
	struct jwt_cache	*jc;

	if (sodium_init() < 0 || (jc = calloc(1, sizeof(*jc))) == NULL)
		return NULL;
	randombytes_buf(jc->key, sizeof(jc->key));
	return jc;
}

void
jwt_cache_free(struct jwt_cache *jc)
{
	if (jc == NULL)
		return;
	sodium_memzero(jc, sizeof(*jc));
	free(jc);
}

/* The tag of "iss", "typ" and "token", NUL-separated, under the key. */
static void
jwt_cache_tag(const struct jwt_cache *jc, const char *iss, const char *typ,
    const char *token, size_t len, unsigned char tag[JWT_CACHE_TAG])
{
	crypto_generichash_state	 st;

	crypto_generichash_init(&st, jc->key, sizeof(jc->key), JWT_CACHE_TAG);
	crypto_generichash_update(&st, (const unsigned char *)iss,
	    strlen(iss) + 1);
	crypto_generichash_update(&st, (const unsigned char *)typ,
	    strlen(typ) + 1);
	crypto_generichash_update(&st, (const unsigned char *)token, len);
	crypto_generichash_final(&st, tag, JWT_CACHE_TAG);
}

/* The first slot of the set of "tag". */
static struct jwt_cache_slot *
jwt_cache_set(struct jwt_cache *jc, const unsigned char tag[JWT_CACHE_TAG])
{
	uint32_t	 h;

	memcpy(&h, tag, sizeof(h));
	return &jc->slots[(h % JWT_CACHE_SETS) * JWT_CACHE_WAYS];
}

/* The slot of "set" holding "tag", or NULL. */
static const struct jwt_cache_slot *
jwt_cache_find(const struct jwt_cache_slot *set,
    const unsigned char tag[JWT_CACHE_TAG])
{
	int	 i;

	for (i = 0; i < JWT_CACHE_WAYS; i++)
		if (sodium_memcmp(set[i].tag, tag, JWT_CACHE_TAG) == 0)
			return &set[i];
	return NULL;
}

/*
 * The slot of "set" to give a new token: an empty one, else the one
 * whose token expires first.
 */
static struct jwt_cache_slot *
jwt_cache_victim(struct jwt_cache_slot *set)
{
	struct jwt_cache_slot	*v = &set[0];
	int			 i;

	for (i = 0; i < JWT_CACHE_WAYS; i++) {
		if (set[i].c.exp == 0)
			return &set[i];
		if (set[i].c.exp < v->c.exp)
			v = &set[i];
	}
	return v;
}

enum jwt_result
jwt_cache_verify(struct jwt_cache *jc, const struct jwt_keyring *ring,
    const char *token, const char *iss, const char *typ, int64_t now,
    unsigned leeway, struct jwt_claims *out)
{
	unsigned char			 tag[JWT_CACHE_TAG];
	struct jwt_cache_slot		*set, *v;
	const struct jwt_cache_slot	*s;
	struct jwt_claims		 c;
	enum jwt_result			 r;
	size_t				 len;

	if (jc == NULL || token == NULL || iss == NULL || typ == NULL ||
	    (len = strnlen(token, JWT_MAX + 1)) > JWT_MAX)
		return jwt_verify(ring, token, iss, typ, now, leeway, out);
	jwt_cache_tag(jc, iss, typ, token, len, tag);
	set = jwt_cache_set(jc, tag);
	if ((s = jwt_cache_find(set, tag)) != NULL) {
		c = s->c;
		r = jwt_check_time(&c, now, leeway);
	} else if ((r = jwt_verify(ring, token, iss, typ, now, leeway,
	    &c)) == JWT_OK) {
		v = jwt_cache_victim(set);
		memcpy(v->tag, tag, JWT_CACHE_TAG);
		v->c = c;
	}
	if (out != NULL) {
		if (r == JWT_OK)
			*out = c;
		else
			memset(out, 0, sizeof(*out));
	}
	return r;
}
