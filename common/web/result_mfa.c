/*
 * result_mfa: the JSON shapes of the two-factor sign-in (API.md of
 * issue 16): mfa_required's data, the trusted device of a verify, the
 * device list.
 */
#include <json-c/json.h>

#include "devices.h"
#include "mfa.h"
#include "reply.h"
#include "result.h"

/* The factors a pending sign-in may be completed with, as the wire
 * names them. */
static const struct {
	unsigned	 bit;
	const char	*name;
} result_factors[] = {
	{ MFA_F_TOTP, "totp" },
	{ MFA_F_RECOVERY, "recovery_code" },
	{ MFA_F_PASSKEY, "passkey" },
};

int
result_mfa_required(struct reply *r, const char *mfa_token,
    unsigned factors, unsigned ttl)
{
	struct json_object	*d, *arr;
	size_t			 i;

	reply_error(r, RC_MFA_REQUIRED, NULL);
	if ((d = result_object()) == NULL ||
	    (arr = json_object_new_array()) == NULL) {
		result_drop(d);
		goto fail;
	}
	for (i = 0; i < sizeof(result_factors) / sizeof(result_factors[0]);
	    i++)
		if ((factors & result_factors[i].bit) != 0 &&
		    json_object_array_add(arr,
		    json_object_new_string(result_factors[i].name)) != 0) {
			json_object_put(arr);
			result_drop(d);
			goto fail;
		}
	if (result_str(d, KEY_MFA_TOKEN, mfa_token) == -1 ||
	    result_add(d, KEY_FACTORS, arr) == -1 ||
	    result_int(d, KEY_EXPIRES_IN, ttl) == -1) {
		result_drop(d);
		goto fail;
	}
	reply_data(r, d);
	return 0;
fail:
	reply_error(r, RC_INTERNAL_ERROR, NULL);
	return -1;
}

int
result_device(struct reply *r, const char *token, unsigned ttl, int cookies)
{
	if ((cookies && reply_cookie(r, COOKIE_DEVICE, token, ttl) == -1) ||
	    (!cookies && result_str(r->data, KEY_DEVICE_TOKEN, token) == -1) ||
	    result_int(r->data, KEY_DEVICE_EXPIRES_IN, ttl) == -1) {
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		return -1;
	}
	return 0;
}

/* One device: {id, created_at, last_used_at, expires_at, ip, user_agent}. */
static int
result_device_row(struct json_object *o, const void *row)
{
	const struct device_row	*d = row;

	if (result_int(o, KEY_ID, d->id) == -1 ||
	    result_str(o, KEY_CREATED_AT, d->created_at) == -1 ||
	    result_str(o, KEY_LAST_USED_AT, d->last_used_at) == -1 ||
	    result_str(o, KEY_EXPIRES_AT, d->expires_at) == -1 ||
	    result_str(o, KEY_IP, d->ip) == -1 ||
	    result_str(o, KEY_USER_AGENT, d->user_agent) == -1)
		return -1;
	return 0;
}

struct json_object *
result_devices(const struct device_row *rows, size_t n)
{
	return result_rows(rows, n, sizeof(*rows), result_device_row);
}
