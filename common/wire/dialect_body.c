/*
 * dialect_body: the reply and error lines of a dialect file: their
 * operation, code, condition and status, and the template that follows,
 * gathered over as many lines as its brackets take and handed to
 * dialect_tmpl.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect_int.h"

#define TEMPLATE_LINES_MAX	256	/* lines in one template */

/*
 * The canonical codes an "error" line may name: reply_code_name() of
 * every code but "ok" (common/web/reply.c); check_dialect holds the
 * two to each other.
 */
static const char *const codes[] = {
	"malformed_request", "validation_failed", "invalid_credentials",
	"token_missing", "token_invalid", "token_expired", "token_reused",
	"mfa_required", "email_not_verified", "account_disabled",
	"forbidden", "not_found", "method_not_allowed", "email_taken",
	"username_taken", "invalid_code", "verification_expired",
	"payload_too_large", "unsupported_media_type",
	"idempotency_key_reused", "rate_limited",
	"internal_error", "service_unavailable", "mfa_unavailable",
	"mfa_already_enabled", "mfa_not_enabled", "mfa_invalid_code",
	"mfa_token_invalid", "passkey_unavailable", "passkey_malformed",
	"passkey_challenge_invalid", "passkey_origin_invalid",
	"passkey_rp_invalid", "passkey_flags_invalid",
	"passkey_algorithm_unsupported", "passkey_attestation_invalid",
	"passkey_signature_invalid", "passkey_counter_regressed",
	"passkey_unknown", "passkey_exists", "passkey_limit", NULL
};

/* A status: 100 to 599, or "*" with "any". */
static int
lp_status(struct lp *l, const char *s, int any, int *out)
{
	if (any && strcmp(s, "*") == 0) {
		*out = DIALECT_ANY;
		return 0;
	}
	if (strlen(s) != 3 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]) ||
	    s[0] < '1' || s[0] > '5')
		return lp_fail(l, l->line, "bad HTTP status '%.8s'", s);
	*out = atoi(s);
	return 0;
}

/*
 * Add to "*depth" the "{" and "[" of "s" minus its "}" and "]", outside
 * strings.  Returns 0, -1 if more close than open, or -2 if anything
 * but blanks follows the close of the body.
 */
static int
depth_delta(const char *s, int *depth)
{
	int	 instr = 0;

	for (; *s != '\0'; s++) {
		if (instr) {
			if (*s == '\\' && s[1] != '\0')
				s++;
			else if (*s == '"')
				instr = 0;
		} else if (*s == '"')
			instr = 1;
		else if (*s == '{' || *s == '[')
			(*depth)++;
		else if (*s == '}' || *s == ']') {
			if (--(*depth) < 0)
				return -1;
			if (*depth == 0) {
				for (s++; *s == ' ' || *s == '\t'; s++)
					continue;
				return *s == '\0' ? 0 : *s == '}' ||
				    *s == ']' ? -1 : -2;
			}
		}
	}
	return 0;
}

/*
 * The template that starts at "p" on the current line and goes on
 * until its braces close, into "*out".  Comment lines inside are
 * skipped.  Returns 0 or -1.
 */
static int
lp_template(struct lp *l, const char *p, struct dialect_node **out)
{
	char		*buf = NULL, line[DIALECT_LINE_MAX + 1];
	size_t		 len = 0, n, i, erroff;
	size_t		 offs[TEMPLATE_LINES_MAX];
	int		 lines[TEMPLATE_LINES_MAX], nl = 0, depth = 0;
	int		 start = l->line, rc, lineno;
	char		 reason[DIALECT_REASON_MAX];
	const char	*q;

	*out = NULL;
	lp_skip(&p);
	if (*p != '{' && *p != '[')
		return lp_fail(l, l->line, "expected '{' or '[' to start "
		    "the body");
	if ((buf = malloc(DIALECT_TEMPLATE_MAX + 1)) == NULL)
		return lp_fail(l, 0, "out of memory");
	for (lineno = l->line, q = p;;) {
		n = strlen(q);
		if (nl == TEMPLATE_LINES_MAX || len + n + 1 >
		    DIALECT_TEMPLATE_MAX) {
			free(buf);
			return lp_fail(l, start, "template longer than %d "
			    "bytes or %d lines", DIALECT_TEMPLATE_MAX,
			    TEMPLATE_LINES_MAX);
		}
		offs[nl] = len;
		lines[nl++] = lineno;
		memcpy(buf + len, q, n);
		len += n;
		buf[len++] = '\n';
		if ((rc = depth_delta(q, &depth)) < 0) {
			free(buf);
			return lp_fail(l, lineno, rc == -1 ? "unbalanced "
			    "braces" : "unexpected text after the body");
		}
		if (depth == 0)
			break;
		do {
			if ((rc = lp_line(l, line)) <= 0) {
				free(buf);
				return rc < 0 ? -1 : lp_fail(l, start,
				    "unbalanced braces: the body never "
				    "closes");
			}
			q = line;
			lp_skip(&q);
		} while (*q == '#');
		lineno = l->line;
		q = line;
	}
	buf[len] = '\0';
	if (tmpl_parse(buf, len, out, reason, sizeof(reason), &erroff) ==
	    -1) {
		for (i = 0; i + 1 < (size_t)nl && offs[i + 1] <= erroff; i++)
			continue;
		free(buf);
		return lp_fail(l, lines[i], "%s", reason);
	}
	free(buf);
	return 0;
}

/* reply OP [when KEY=VALUE] STATUS BODY */
int
d_reply(struct lp *l, const char *p)
{
	struct dialect_reply	*r, *o;
	char			 buf[DIALECT_NAME_MAX * 2 + 2], *eq;
	const struct var	*v;
	size_t			 i;
	int			 op;

	if (lp_word(&p, buf, sizeof(buf), 0) <= 0 ||
	    (op = dialect_op_lookup(buf)) < 0)
		return lp_fail(l, l->line, "unknown operation '%s'", buf);
	if (l->d->nreplies == DIALECT_REPLIES_MAX)
		return lp_fail(l, l->line, "more than %d replies",
		    DIALECT_REPLIES_MAX);
	r = &l->d->replies[l->d->nreplies++];
	r->op = op;
	r->line = l->line;
	if (lp_word(&p, buf, sizeof(buf), 0) > 0 && strcmp(buf, "when") == 0) {
		if (lp_word(&p, buf, sizeof(buf), 0) <= 0 ||
		    (eq = strchr(buf, '=')) == NULL || eq == buf ||
		    eq[1] == '\0')
			return lp_fail(l, l->line, "expected KEY=VALUE after "
			    "'when'");
		*eq = '\0';
		v = dialect_var(dialect_vars, buf);
		if (v == NULL || v->type != VT_STRING)
			return lp_fail(l, l->line, "'when' needs a string "
			    "variable, not '%s'", buf);
		r->when_key = v->name;
		if ((r->when_value = strdup(eq + 1)) == NULL)
			return lp_fail(l, 0, "out of memory");
		if (lp_word(&p, buf, sizeof(buf), 0) <= 0)
			buf[0] = '\0';
	}
	if (lp_status(l, buf, 1, &r->status) == -1)
		return -1;
	for (i = 0; i + 1 < l->d->nreplies; i++) {
		o = &l->d->replies[i];
		if (o->op == op && (o->when_key == r->when_key) &&
		    (o->when_key == NULL || strcmp(o->when_value,
		    r->when_value) == 0))
			return lp_fail(l, l->line, "duplicate reply for %s "
			    "(first on line %d)", dialect_op_name((enum dialect_op)op), o->line);
	}
	return lp_template(l, p, &r->body);
}

/* error OP|* CODE|* STATUS|* BODY */
int
d_error(struct lp *l, const char *p)
{
	struct dialect_reply	*r, *o;
	char			 buf[DIALECT_NAME_MAX + 1];
	size_t			 i;
	int			 op = DIALECT_ANY;
	const char		*code = NULL;

	if (lp_word(&p, buf, sizeof(buf), 0) <= 0 || (strcmp(buf, "*") != 0 &&
	    (op = dialect_op_lookup(buf)) < 0))
		return lp_fail(l, l->line, "unknown operation '%s'", buf);
	if (lp_word(&p, buf, sizeof(buf), 0) <= 0 || (strcmp(buf, "*") != 0 &&
	    (code = lp_find(codes, buf)) == NULL))
		return lp_fail(l, l->line, "unknown error code '%s'", buf);
	if (l->d->nerrors == DIALECT_REPLIES_MAX)
		return lp_fail(l, l->line, "more than %d errors",
		    DIALECT_REPLIES_MAX);
	r = &l->d->errors[l->d->nerrors++];
	r->op = op;
	r->code = code;
	r->line = l->line;
	if (lp_word(&p, buf, sizeof(buf), 0) <= 0)
		buf[0] = '\0';
	if (lp_status(l, buf, 1, &r->status) == -1)
		return -1;
	for (i = 0; i + 1 < l->d->nerrors; i++) {
		o = &l->d->errors[i];
		if (o->op == op && o->code == code)
			return lp_fail(l, l->line, "duplicate error for %s "
			    "%s (first on line %d)", op < 0 ? "*" :
			    dialect_op_name((enum dialect_op)op), code == NULL ? "*" : code, o->line);
	}
	return lp_template(l, p, &r->body);
}
