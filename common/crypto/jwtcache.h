/*
 * jwtcache: the claims of access tokens that verified before, so that
 * a token presented again is not verified again.
 */
#ifndef FCAUTH_JWTCACHE_H
#define FCAUTH_JWTCACHE_H

#include <stdint.h>

#include "jwt.h"

#define JWT_CACHE_SLOTS	1024	/* per process; a power of two */

struct jwt_cache;

/* An empty cache with a fresh random key; NULL on out of memory. */
struct jwt_cache	*jwt_cache_new(void);

/* Wipe and free "jc".  NULL does nothing. */
void		 jwt_cache_free(struct jwt_cache *jc);

/*
 * jwt_verify with a memory: a token that verified before with the same
 * "iss" and "typ" gets its claims back from the cache, with only the
 * time window checked again against "now"; any other token is verified
 * in full and, if it passes, remembered.  Same results as jwt_verify.
 * A NULL "jc" verifies every time.
 */
enum jwt_result	 jwt_cache_verify(struct jwt_cache *jc,
		    const struct jwt_keyring *ring, const char *token,
		    const char *iss, const char *typ, int64_t now,
		    unsigned leeway, struct jwt_claims *out);

#endif /* FCAUTH_JWTCACHE_H */
