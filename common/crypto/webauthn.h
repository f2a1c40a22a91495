/*
 * webauthn: verification of passkey (WebAuthn) ceremonies, pure and
 * without a database.  The client posts PublicKeyCredential.toJSON();
 * webauthn_read() decodes it, webauthn_register() verifies a
 * registration (attestation "none" or "packed") and webauthn_assert()
 * a sign-in against a stored credential.  libcbor reads the attestation
 * object, libfido2 checks attestation statements and signatures, json-c
 * reads clientDataJSON.  Every failure has its own verdict.
 */
#ifndef FCAUTH_WEBAUTHN_H
#define FCAUTH_WEBAUTHN_H

#include <stddef.h>
#include <stdint.h>

struct json_object;

#define WEBAUTHN_CHALLENGE_LEN	32
#define WEBAUTHN_ID_MAX		256	/* credential id bytes accepted */
#define WEBAUTHN_PK_MAX		1024	/* public key bytes as stored */
#define WEBAUTHN_ES256		(-7)	/* COSE algorithm identifiers */
#define WEBAUTHN_EDDSA		(-8)
#define WEBAUTHN_RS256		(-257)

enum webauthn_verdict {
	WA_OK,
	WA_MALFORMED,	/* not base64url, not JSON, missing member,
			   id != rawId, type != public-key */
	WA_TYPE,	/* clientData.type not webauthn.create / .get */
	WA_CHALLENGE,
	WA_ORIGIN,
	WA_RP_ID,	/* rpIdHash */
	WA_NO_UP,
	WA_NO_UV,
	WA_SIGNATURE,
	WA_ALGORITHM,	/* COSE alg not one of the three */
	WA_ATTESTATION,	/* bad/truncated/non-CBOR attestation object,
			   unknown fmt, packed that fails */
	WA_COUNTER,	/* sign count regressed: cloned authenticator */
	WA_ERROR	/* out of memory, library failure */
};

/* "challenge", "origin", ...: a short name for logs. */
const char	*webauthn_verdict_name(enum webauthn_verdict);

struct webauthn_rp {
	const char		 *id;		/* [webauthn] rp_id */
	const char *const	 *origins;	/* allowed, exact match */
	size_t			  norigins;
	int			  uv_required;	/* user_verification =
						   required */
};

/* PublicKeyCredential.toJSON(), decoded.  Buffers owned (free below). */
struct webauthn_response {
	unsigned char	*id;		size_t id_len;		/* rawId */
	unsigned char	*client_data;	size_t client_data_len;
	unsigned char	*attestation;	size_t attestation_len;	/* create */
	unsigned char	*auth_data;	size_t auth_data_len;	/* get */
	unsigned char	*signature;	size_t signature_len;	/* get */
	unsigned char	*user_handle;	size_t user_handle_len;	/* get, or 0 */
	char		 transports[64];	/* response.transports joined
						   by ",", "" if none */
};

/*
 * "cred": the JSON object the client posted (the top level of the
 * body).  "assertion" 0: a registration (attestationObject); 1: an
 * assertion.  On any verdict but WA_OK "out" holds nothing to free,
 * though webauthn_response_free() on it is harmless.
 */
enum webauthn_verdict webauthn_read(const struct json_object *cred,
	    int assertion, struct webauthn_response *out);
void	 webauthn_response_free(struct webauthn_response *);

/*
 * The challenge clientDataJSON carries (so the server can look up the
 * one it issued): WA_OK or WA_MALFORMED.
 */
enum webauthn_verdict webauthn_challenge_of(const struct webauthn_response *,
	    unsigned char out[WEBAUTHN_CHALLENGE_LEN]);

struct webauthn_cred {			/* a verified registration */
	unsigned char	 id[WEBAUTHN_ID_MAX];	size_t id_len;
	int		 alg;
	unsigned char	 pk[WEBAUTHN_PK_MAX];	size_t pk_len;	/* opaque */
	uint32_t	 count;
	int		 uv, backup_eligible, backed_up;
	unsigned char	 aaguid[16];
	char		 fmt[16];
};

/*
 * Checks type, challenge, origin, rpIdHash, UP, UV (when required),
 * the credential's algorithm, then the attestation statement ("none",
 * or "packed" and "fido-u2f" verified by libfido2).  The credential id
 * in authData must be the response's rawId, and a BS flag comes only
 * with BE (else WA_MALFORMED, as for any inconsistent authData).
 */
enum webauthn_verdict webauthn_register(const struct webauthn_rp *,
	    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
	    const struct webauthn_response *, struct webauthn_cred *out);

struct webauthn_key {			/* a stored credential */
	int			 alg;
	const unsigned char	*pk;
	size_t			 pk_len;
	uint32_t		 count;
};

/*
 * Checks type, challenge, origin, rpIdHash, UP, UV (when required),
 * signature, then the counter (both 0 = no counter: fine; else new
 * must be > stored, else WA_COUNTER).  New count, UV flag out (both 0
 * unless WA_OK).  The caller found "key" by the response's rawId and
 * checks user_handle, when present, against the account's handle.
 */
enum webauthn_verdict webauthn_assert(const struct webauthn_rp *,
	    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
	    const struct webauthn_response *, const struct webauthn_key *,
	    uint32_t *count_out, int *uv_out);

#endif /* FCAUTH_WEBAUTHN_H */
