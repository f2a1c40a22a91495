/*
 * result_passkey: the JSON shapes of the passkey routes (issue 17):
 * the options of both ceremonies in the standard JSON forms
 * (PublicKeyCredentialCreationOptionsJSON and
 * PublicKeyCredentialRequestOptionsJSON, binary members base64url,
 * as PublicKeyCredential.parse*OptionsFromJSON() read them), the
 * passkey list, and the answer to each verdict of a refused ceremony.
 */
#include <string.h>

#include <json-c/json.h>

#include "config.h"
#include "list.h"
#include "msg.h"
#include "passkey.h"
#include "passkeys.h"
#include "reply.h"
#include "result.h"
#include "token.h"
#include "users.h"

/* The algorithms offered, in the order of preference (COSE). */
static const int result_algs[] = {
	WEBAUTHN_EDDSA, WEBAUTHN_ES256, WEBAUTHN_RS256,
};

#define B64_MAX(n)	(((n) * 4 + 2) / 3 + 1)

/* Member "k" of "o": the "len" bytes at "b" in base64url.  0 or -1. */
static int
result_b64(struct json_object *o, enum outkey k, const unsigned char *b,
    size_t len)
{
	char	 s[B64_MAX(PASSKEYS_PK_MAX)];

	if (len > PASSKEYS_PK_MAX || b64url_encode(b, len, s, sizeof(s)) < 0)
		return -1;
	return result_str(o, k, s);
}

/* Member "k" of "o": the comma list "list" as an array of strings. */
static int
result_list(struct json_object *o, enum outkey k, const char *list)
{
	struct json_object	*a;
	struct list_iter	 it;
	const char		*item;
	size_t			 len;

	if ((a = json_object_new_array()) == NULL)
		return -1;
	list_start(&it, list, strlen(list));
	while (list_next(&it, &item, &len))
		if (json_object_array_add(a,
		    json_object_new_string_len(item, (int)len)) != 0) {
			json_object_put(a);
			return -1;
		}
	return result_add(o, k, a);
}

/* {type: "public-key", id, transports} of each row: the credential
 * descriptors of excludeCredentials and allowCredentials. */
static int
result_descriptor(struct json_object *o, const void *row)
{
	const struct passkey_row	*p = row;

	if (result_str(o, KEY_TYPE, "public-key") == -1 ||
	    result_b64(o, KEY_ID, p->cred_id, p->cred_id_len) == -1 ||
	    result_list(o, KEY_TRANSPORTS, p->transports) == -1)
		return -1;
	return 0;
}

/* {rp: {id, name}, ...}'s small objects. */
static struct json_object *
result_rp(const struct config *cfg)
{
	struct json_object	*o;

	if ((o = result_object()) == NULL ||
	    result_str(o, KEY_ID, cfg->webauthn_rp_id) == -1 ||
	    result_str(o, KEY_NAME, cfg->webauthn_rp_name) == -1) {
		result_drop(o);
		return NULL;
	}
	return o;
}

static struct json_object *
result_user_entity(const struct user *u,
    const unsigned char handle[PASSKEYS_HANDLE_LEN])
{
	struct json_object	*o;
	const char		*display;

	display = u->full_name[0] != '\0' ? u->full_name :
	    u->username[0] != '\0' ? u->username : u->email;
	if ((o = result_object()) == NULL ||
	    result_b64(o, KEY_ID, handle, PASSKEYS_HANDLE_LEN) == -1 ||
	    result_str(o, KEY_NAME, u->email) == -1 ||
	    result_str(o, KEY_DISPLAY_NAME, display) == -1) {
		result_drop(o);
		return NULL;
	}
	return o;
}

static struct json_object *
result_params(void)
{
	struct json_object	*a, *o;
	size_t			 i;

	if ((a = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; i < sizeof(result_algs) / sizeof(result_algs[0]); i++) {
		if ((o = result_object()) == NULL ||
		    json_object_array_add(a, o) != 0) {
			result_drop(o);
			json_object_put(a);
			return NULL;
		}
		if (result_str(o, KEY_TYPE, "public-key") == -1 ||
		    result_int(o, KEY_ALG, result_algs[i]) == -1) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static struct json_object *
result_selection(const struct config *cfg)
{
	struct json_object	*o;

	if ((o = result_object()) == NULL ||
	    result_str(o, KEY_RESIDENT_KEY, "preferred") == -1 ||
	    result_str(o, KEY_USER_VERIFICATION,
	    passkey_uv_name(cfg)) == -1) {
		result_drop(o);
		return NULL;
	}
	return o;
}

struct json_object *
result_passkey_creation(const struct config *cfg, const struct user *u,
    const unsigned char handle[PASSKEYS_HANDLE_LEN],
    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    const struct passkey_row *rows, size_t n)
{
	struct json_object	*d;

	if ((d = result_object()) == NULL ||
	    result_add(d, KEY_RP, result_rp(cfg)) == -1 ||
	    result_add(d, KEY_USER, result_user_entity(u, handle)) == -1 ||
	    result_b64(d, KEY_CHALLENGE, challenge,
	    WEBAUTHN_CHALLENGE_LEN) == -1 ||
	    result_add(d, KEY_PUB_KEY_CRED_PARAMS, result_params()) == -1 ||
	    result_int(d, KEY_TIMEOUT,
	    (int64_t)cfg->webauthn_timeout * 1000) == -1 ||
	    result_add(d, KEY_EXCLUDE_CREDENTIALS, result_rows(rows, n,
	    sizeof(*rows), result_descriptor)) == -1 ||
	    result_add(d, KEY_AUTHENTICATOR_SELECTION,
	    result_selection(cfg)) == -1 ||
	    result_str(d, KEY_ATTESTATION, "none") == -1) {
		result_drop(d);
		return NULL;
	}
	/* a member left null (out of memory) is a failure too */
	json_object_object_foreach(d, key, val) {
		(void)key;
		if (val == NULL) {
			result_drop(d);
			return NULL;
		}
	}
	return d;
}

struct json_object *
result_passkey_request(const struct config *cfg,
    const unsigned char challenge[WEBAUTHN_CHALLENGE_LEN],
    const struct passkey_row *rows, size_t n)
{
	struct json_object	*d, *allow;

	if ((d = result_object()) == NULL ||
	    result_b64(d, KEY_CHALLENGE, challenge,
	    WEBAUTHN_CHALLENGE_LEN) == -1 ||
	    result_int(d, KEY_TIMEOUT,
	    (int64_t)cfg->webauthn_timeout * 1000) == -1 ||
	    result_str(d, KEY_RP_ID, cfg->webauthn_rp_id) == -1 ||
	    (allow = result_rows(rows, n, sizeof(*rows),
	    result_descriptor)) == NULL ||
	    result_add(d, KEY_ALLOW_CREDENTIALS, allow) == -1 ||
	    result_str(d, KEY_USER_VERIFICATION,
	    passkey_uv_name(cfg)) == -1) {
		result_drop(d);
		return NULL;
	}
	return d;
}

/* One passkey: {id, name, created_at, last_used_at, transports,
 * backed_up}. */
static int
result_passkey_row(struct json_object *o, const void *row)
{
	const struct passkey_row	*p = row;

	if (result_int(o, KEY_ID, p->id) == -1 ||
	    result_str(o, KEY_NAME, p->name) == -1 ||
	    result_str(o, KEY_CREATED_AT, p->created_at) == -1 ||
	    result_optstr(o, KEY_LAST_USED_AT, p->last_used_at) == -1 ||
	    result_list(o, KEY_TRANSPORTS, p->transports) == -1 ||
	    result_add(o, KEY_BACKED_UP,
	    json_object_new_boolean(p->backed_up)) == -1)
		return -1;
	return 0;
}

struct json_object *
result_passkeys(const struct passkey_row *rows, size_t n)
{
	return result_rows(rows, n, sizeof(*rows), result_passkey_row);
}

struct json_object *
result_passkey_one(const struct passkey_row *row)
{
	struct json_object	*o;

	if ((o = result_object()) == NULL || result_passkey_row(o, row) == -1) {
		result_drop(o);
		return NULL;
	}
	return o;
}

/* The code and message of each refused ceremony. */
static const struct {
	enum reply_code	 code;
	enum msg	 msg;
} result_refusals[] = {
	[PASSKEY_MALFORMED] = { RC_PASSKEY_MALFORMED, MSG_NONE },
	[PASSKEY_TYPE] = { RC_PASSKEY_MALFORMED, MSG_PASSKEY_TYPE },
	[PASSKEY_CHALLENGE] = { RC_PASSKEY_CHALLENGE_INVALID, MSG_NONE },
	[PASSKEY_ORIGIN] = { RC_PASSKEY_ORIGIN_INVALID, MSG_NONE },
	[PASSKEY_RP_ID] = { RC_PASSKEY_RP_INVALID, MSG_NONE },
	[PASSKEY_NO_UP] = { RC_PASSKEY_FLAGS_INVALID, MSG_PASSKEY_NO_UP },
	[PASSKEY_NO_UV] = { RC_PASSKEY_FLAGS_INVALID, MSG_PASSKEY_NO_UV },
	[PASSKEY_ALGORITHM] = { RC_PASSKEY_ALGORITHM_UNSUPPORTED, MSG_NONE },
	[PASSKEY_ATTESTATION] = { RC_PASSKEY_ATTESTATION_INVALID, MSG_NONE },
	[PASSKEY_SIGNATURE] = { RC_PASSKEY_SIGNATURE_INVALID, MSG_NONE },
	[PASSKEY_COUNTER] = { RC_PASSKEY_COUNTER_REGRESSED, MSG_NONE },
	[PASSKEY_UNKNOWN] = { RC_PASSKEY_UNKNOWN, MSG_NONE },
	[PASSKEY_EXISTS] = { RC_PASSKEY_EXISTS, MSG_NONE },
	[PASSKEY_LIMIT] = { RC_PASSKEY_LIMIT, MSG_NONE },
};

void
result_passkey_refused(struct reply *r, int v)
{
	if (v <= (int)PASSKEY_OK || (size_t)v >= sizeof(result_refusals) /
	    sizeof(result_refusals[0]) || result_refusals[v].code == RC_OK) {
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		return;
	}
	reply_error(r, result_refusals[v].code,
	    msg_text(result_refusals[v].msg));
}
