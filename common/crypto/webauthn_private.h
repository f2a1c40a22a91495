/*
 * webauthn_private: what the webauthn files share and nothing outside
 * them may call.  The limits are here so that a hostile request is
 * refused before anything is allocated for it.
 */
#ifndef FCAUTH_WEBAUTHN_PRIVATE_H
#define FCAUTH_WEBAUTHN_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "webauthn.h"

/* Decoded sizes accepted (base64url text is 4/3 of these). */
#define WA_CLIENT_DATA_MAX	4096	/* clientDataJSON */
#define WA_ATTESTATION_MAX	8192	/* attestationObject, x5c included */
#define WA_AUTH_DATA_MAX	2048	/* authenticatorData */
#define WA_SIGNATURE_MAX	512	/* RS256 with a 4096-bit key */
#define WA_USER_HANDLE_MAX	64	/* the WebAuthn maximum */
#define WA_CBOR_DEPTH		8	/* nesting of any CBOR item */
#define WA_CBOR_ITEMS		512	/* data items in one CBOR item */
#define WA_JSON_DEPTH		8	/* nesting of clientDataJSON */

#define WA_RPID_HASH_LEN	32
#define WA_AUTHDATA_MIN		37	/* rpIdHash, flags, signCount */

/* authenticatorData flags. */
#define WA_FLAG_UP		0x01
#define WA_FLAG_UV		0x04
#define WA_FLAG_BE		0x08
#define WA_FLAG_BS		0x10
#define WA_FLAG_AT		0x40
#define WA_FLAG_ED		0x80

/* The fixed head of authenticatorData, and where the rest starts. */
struct wa_authdata {
	const unsigned char	*rp_id_hash;
	uint8_t			 flags;
	uint32_t		 count;
	const unsigned char	*rest;
	size_t			 rest_len;
};

/*
 * Walk one CBOR data item at the start of "p" with libcbor's streaming
 * decoder, without building it: definite lengths only, no tags, at
 * most WA_CBOR_DEPTH deep and WA_CBOR_ITEMS items, and no collection
 * claiming more members than bytes are left.  0 with its encoded size
 * in "used", or -1.  Only an item that passed may go to cbor_load() or
 * to libfido2, so a CBOR bomb costs one pass over its bytes.
 */
int	 wa_cbor_walk(const unsigned char *p, size_t len, size_t *used);

/* The head of "ad": 0, or -1 when shorter than WA_AUTHDATA_MIN. */
int	 wa_authdata_head(const unsigned char *ad, size_t len,
	    struct wa_authdata *out);

/*
 * clientDataJSON against the ceremony: its type ("webauthn.create" or
 * "webauthn.get"), challenge and origin, in that order.
 */
enum webauthn_verdict wa_client_data(const struct webauthn_rp *,
	    const char *type,
	    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
	    const struct webauthn_response *);

/*
 * rpIdHash (WA_RP_ID), then UP and UV (when required), then BS only
 * with BE (WA_MALFORMED).
 */
enum webauthn_verdict wa_rp_flags(const struct webauthn_rp *,
	    const struct wa_authdata *);

/* SHA-256 of "len" bytes of "p" into "out". */
void	 wa_sha256(const unsigned char *p, size_t len, unsigned char out[32]);

/* Whether "alg" is one of the three COSE algorithms accepted. */
int	 wa_alg_ok(int alg);

#endif /* FCAUTH_WEBAUTHN_PRIVATE_H */
