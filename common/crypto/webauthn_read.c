/*
 * webauthn_read: PublicKeyCredential.toJSON() as the client posts it,
 * decoded into owned buffers.  Every member is type-checked and its
 * size bounded before anything is allocated for it.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "token.h"
#include "webauthn_private.h"

#define TRANSPORTS_MAX	8		/* entries in response.transports */

/*
 * The base64url string member "key" of "o", decoded into a new buffer
 * of at most "max" bytes.  "optional": absent, null or "" is fine
 * (NULL, 0).
 * 0 or -1 (wrong type, too long, not base64url, empty).
 */
static int
b64_member(struct json_object *o, const char *key, size_t max,
    int optional, unsigned char **out, size_t *outlen)
{
	struct json_object	*v = NULL;
	const char		*s;
	size_t			 len, cap;
	int			 n;

	*out = NULL;
	*outlen = 0;
	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return optional ? 0 : -1;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (len == 0)
		return optional ? 0 : -1;
	if (len > (max / 3 + 1) * 4)
		return -1;
	cap = len / 4 * 3 + 3;
	if ((*out = malloc(cap)) == NULL)
		return -1;
	if ((n = b64url_decode(s, len, *out, cap)) <= 0 || (size_t)n > max) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*outlen = (size_t)n;
	return 0;
}

/* The string member "key" equal to "want". */
static int
string_is(struct json_object *o, const char *key, const char *want)
{
	struct json_object	*v = NULL;

	return json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string) &&
	    strcmp(json_object_get_string(v), want) == 0;
}

/*
 * response.transports (create only): short names, joined by ",".  What
 * does not fit, or is not a plain short string, is dropped: the list is
 * a hint for excludeCredentials, never a reason to refuse.
 */
static void
transports(struct json_object *resp, char *out, size_t outsz)
{
	struct json_object	*a = NULL, *v;
	const char		*s;
	size_t			 i, n, used = 0, len;

	out[0] = '\0';
	if (!json_object_object_get_ex(resp, "transports", &a) ||
	    !json_object_is_type(a, json_type_array))
		return;
	n = json_object_array_length(a);
	for (i = 0; i < n && i < TRANSPORTS_MAX; i++) {
		v = json_object_array_get_idx(a, i);
		if (!json_object_is_type(v, json_type_string))
			continue;
		s = json_object_get_string(v);
		len = (size_t)json_object_get_string_len(v);
		if (len == 0 || len > 16 || strspn(s,
		    "abcdefghijklmnopqrstuvwxyz-") != len ||
		    used + (used > 0) + len + 1 > outsz)
			continue;
		if (used > 0)
			out[used++] = ',';
		memcpy(out + used, s, len);
		used += len;
		out[used] = '\0';
	}
}

void
webauthn_response_free(struct webauthn_response *r)
{

	if (r == NULL)
		return;
	free(r->id);
	free(r->client_data);
	free(r->attestation);
	free(r->auth_data);
	free(r->signature);
	free(r->user_handle);
	memset(r, 0, sizeof(*r));
}

enum webauthn_verdict
webauthn_read(const struct json_object *ccred, int assertion,
    struct webauthn_response *out)
{
	/* json-c's getters take no const; nothing here modifies it. */
	struct json_object	*cred = (struct json_object *)(uintptr_t)ccred;
	struct json_object	*resp = NULL;
	unsigned char		*id = NULL;
	size_t			 id_len = 0;
	int			 bad;

	memset(out, 0, sizeof(*out));
	if (cred == NULL || !json_object_is_type(cred, json_type_object) ||
	    !string_is(cred, "type", "public-key") ||
	    !json_object_object_get_ex(cred, "response", &resp) ||
	    !json_object_is_type(resp, json_type_object))
		return WA_MALFORMED;
	bad = b64_member(cred, "rawId", WEBAUTHN_ID_MAX, 0, &out->id,
	    &out->id_len) == -1 ||
	    b64_member(cred, "id", WEBAUTHN_ID_MAX, 0, &id, &id_len) == -1 ||
	    id_len != out->id_len || memcmp(id, out->id, id_len) != 0 ||
	    b64_member(resp, "clientDataJSON", WA_CLIENT_DATA_MAX, 0,
	    &out->client_data, &out->client_data_len) == -1;
	free(id);
	if (!bad && !assertion) {
		bad = b64_member(resp, "attestationObject", WA_ATTESTATION_MAX,
		    0, &out->attestation, &out->attestation_len) == -1;
		transports(resp, out->transports, sizeof(out->transports));
	} else if (!bad)
		bad = b64_member(resp, "authenticatorData", WA_AUTH_DATA_MAX,
		    0, &out->auth_data, &out->auth_data_len) == -1 ||
		    b64_member(resp, "signature", WA_SIGNATURE_MAX, 0,
		    &out->signature, &out->signature_len) == -1 ||
		    b64_member(resp, "userHandle", WA_USER_HANDLE_MAX, 1,
		    &out->user_handle, &out->user_handle_len) == -1;
	if (bad) {
		webauthn_response_free(out);
		return WA_MALFORMED;
	}
	return WA_OK;
}
