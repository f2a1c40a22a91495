/*
 * dialect_vars: the variables a template may name — the keys of the
 * canonical reply (API.md) and of its objects, each with its type for
 * the checks at load time — and the date formats.
 */
#include <stdio.h>
#include <string.h>

#include "dialect_int.h"

/* The keys of the user object (API.md, "The user object"). */
static const struct var user_vars[] = {
	{ "id", VT_INT, NULL, 0 },
	{ "username", VT_STRING, NULL, 0 },
	{ "email", VT_STRING, NULL, 0 },
	{ "email_masked", VT_STRING, NULL, 0 },
	{ "email_verified", VT_BOOL, NULL, 0 },
	{ "full_name", VT_STRING, NULL, 0 },
	{ "phone", VT_STRING, NULL, 0 },
	{ "birthday", VT_DATE, NULL, 0 },
	{ "bio", VT_STRING, NULL, 0 },
	{ "profile_picture", VT_STRING, NULL, 0 },
	{ "contacts", VT_STRING, NULL, 0 },
	{ "role", VT_STRING, NULL, 0 },
	{ "created_at", VT_TIME, NULL, 0 },
	{ "updated_at", VT_TIME, NULL, 0 },
	{ "last_login_date", VT_TIME, NULL, 0 },
	{ "last_request_date", VT_TIME, NULL, 0 },
	{ NULL, VT_ANY, NULL, 0 }
};

/* A field error: errors.<field>.{msg, param, location, value}. */
static const struct var error_vars[] = {
	{ "msg", VT_STRING, NULL, 0 },
	{ "param", VT_STRING, NULL, 1 },
	{ "location", VT_STRING, NULL, 0 },
	{ "value", VT_STRING, NULL, 0 },
	{ NULL, VT_ANY, NULL, 0 }
};

/* An audit event of GET /api/v1/activity. */
static const struct var event_vars[] = {
	{ "event", VT_STRING, NULL, 0 },
	{ "at", VT_TIME, NULL, 0 },
	{ "ip", VT_STRING, NULL, 0 },
	{ "user_agent", VT_STRING, NULL, 0 },
	{ NULL, VT_ANY, NULL, 0 }
};

/* A session of GET /api/v1/auth/sessions. */
static const struct var session_vars[] = {
	{ "id", VT_INT, NULL, 0 },
	{ "created_at", VT_TIME, NULL, 0 },
	{ "last_used_at", VT_TIME, NULL, 0 },
	{ "ip", VT_STRING, NULL, 0 },
	{ "user_agent", VT_STRING, NULL, 0 },
	{ "current", VT_BOOL, NULL, 0 },
	{ NULL, VT_ANY, NULL, 0 }
};

/*
 * The canonical reply: the envelope (success, code, message, errors),
 * the data keys of every operation (API.md), and "reason", the first
 * field error's msg or else the message.  The user object's keys stand
 * here too (GET /api/v1/profile answers the user object as data):
 * dialect_var looks them up in user_vars.
 */
const struct var dialect_vars[] = {
	{ "success", VT_BOOL, NULL, 0 },
	{ "code", VT_STRING, NULL, 0 },
	{ "message", VT_STRING, NULL, 0 },
	{ "reason", VT_STRING, NULL, 0 },
	{ "errors", VT_MAP, error_vars, 1 },
	{ "data", VT_ANY, NULL, 0 },
	{ "access_token", VT_STRING, NULL, 0 },
	{ "token_type", VT_STRING, NULL, 0 },
	{ "expires_in", VT_INT, NULL, 0 },
	{ "refresh_token", VT_STRING, NULL, 0 },
	{ "refresh_expires_in", VT_INT, NULL, 0 },
	{ "user", VT_OBJECT, user_vars, 0 },
	{ "user_id", VT_INT, NULL, 0 },
	{ "verification_id", VT_STRING, NULL, 0 },
	{ "resend_after", VT_INT, NULL, 0 },
	{ "status", VT_STRING, NULL, 0 },
	{ "attempts_left", VT_INT, NULL, 0 },
	{ "mfa_token", VT_STRING, NULL, 0 },
	{ "factors", VT_ANY, NULL, 0 },
	{ "events", VT_LIST, event_vars, 0 },
	{ "sessions", VT_LIST, session_vars, 0 },
	{ "keys", VT_ANY, NULL, 0 },
	{ NULL, VT_ANY, NULL, 0 }
};

const struct var *
dialect_var(const struct var *tbl, const char *name)
{
	size_t	 i;

	for (i = 0; tbl != NULL && tbl[i].name != NULL; i++)
		if (strcmp(tbl[i].name, name) == 0)
			return &tbl[i];
	return tbl == dialect_vars ? dialect_var(user_vars, name) : NULL;
}

/*
 * Format the date-time f[] = { year, month, day, hour, minute, second }
 * by "fmt" into "out".  Tokens: YYYY, MM (month; minutes right after
 * HH), DD, HH, mm, SS or ss; literals "-./: TZ" and digits.  Returns 0,
 * or -1 if "fmt" is not a date format; "*timeofday" says whether it uses
 * HH, minutes or seconds.
 */
int
tmpl_datefmt(const char *fmt, const int f[6], char *out, size_t outsz,
    int *timeofday)
{
	size_t	 i, run, o = 0;
	int	 prev_hour = 0, tokens = 0, v, w, n;

	*timeofday = 0;
	if (outsz > 0)
		out[0] = '\0';
	for (i = 0; fmt[i] != '\0'; i += run) {
		for (run = 1; fmt[i + run] == fmt[i]; run++)
			continue;
		v = -1;
		w = 2;
		switch (fmt[i]) {
		case 'Y':
			v = f[0];
			w = 4;
			break;
		case 'M':
			v = prev_hour ? f[4] : f[1];
			*timeofday |= prev_hour;
			break;
		case 'D':
			v = f[2];
			break;
		case 'H':
			v = f[3];
			*timeofday = 1;
			break;
		case 'm':
			v = f[4];
			*timeofday = 1;
			break;
		case 'S':
		case 's':
			v = f[5];
			*timeofday = 1;
			break;
		default:
			if (strchr("-./: TZ0123456789", fmt[i]) == NULL)
				return -1;
			for (n = 0; (size_t)n < run; n++)
				if (o + 1 < outsz) {
					out[o++] = fmt[i];
					out[o] = '\0';
				}
			continue;
		}
		if (run != (size_t)w)
			return -1;
		prev_hour = fmt[i] == 'H';
		tokens++;
		n = snprintf(out + o, o < outsz ? outsz - o : 0, "%0*d", w, v);
		if (n > 0)
			o += (size_t)n;
		if (o >= outsz)
			o = outsz > 0 ? outsz - 1 : 0;
	}
	return tokens > 0 ? 0 : -1;
}

const char *
tmpl_datefmt_check(const char *fmt, enum var_type t)
{
	static const int	 zero[6];
	char			 buf[DATEFMT_MAX * 2];
	int			 tod;

	if (tmpl_datefmt(fmt, zero, buf, sizeof(buf), &tod) == -1)
		return "bad date format";
	if (tod && t == VT_DATE)
		return "has no time of day";
	return NULL;
}

