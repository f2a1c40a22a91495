/*
 * mail: templates, rendered into the outbox (outbox.c holds the
 * queue's statements).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "log.h"
#include "mail.h"
#include "outbox.h"

#define MAIL_TEMPLATE_MAX	(64 * 1024)
#define MAIL_OUT_MAX		(256 * 1024)

static const char *const mail_files[MAIL__MAX] = {
	"confirm.txt", /* MAIL_CONFIRM */
	"reset.txt", /* MAIL_RESET */
	"reset_done.txt", /* MAIL_RESET_DONE */
	"password_changed.txt", /* MAIL_PASSWORD_CHANGED */
	"email_change.txt", /* MAIL_EMAIL_CHANGE */
	"email_changed.txt", /* MAIL_EMAIL_CHANGED */
	"mfa_enabled.txt", /* MAIL_MFA_ENABLED */
	"mfa_disabled.txt", /* MAIL_MFA_DISABLED */
	"mfa_recovery_used.txt", /* MAIL_MFA_RECOVERY_USED */
	"mfa_recovery_new.txt", /* MAIL_MFA_RECOVERY_NEW */
	"mfa_reset.txt", /* MAIL_MFA_RESET */
	"passkey_added.txt", /* MAIL_PASSKEY_ADDED */
	"passkey_removed.txt", /* MAIL_PASSKEY_REMOVED */
};

/* Templates read so far; kept for the life of the process. */
static char	*mail_cache[MAIL__MAX];

const char *
mail_template_file(enum mail_template t)
{
	return t < MAIL__MAX ? mail_files[t] : "";
}

/* The text of template "t", read on first use.  Borrowed; NULL on error. */
static const char *
mail_template(const struct config *cfg, enum mail_template t)
{
	char	 path[4096];
	FILE	*f;
	size_t	 n;
	char	*buf;

	if (t >= MAIL__MAX)
		return NULL;
	if (mail_cache[t] != NULL)
		return mail_cache[t];
	snprintf(path, sizeof(path), "%s/%s", cfg->templates_dir, mail_files[t]);
	if ((f = fopen(path, "r")) == NULL) {
		log_err("cannot open mail template %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	if ((buf = malloc(MAIL_TEMPLATE_MAX + 1)) != NULL) {
		n = fread(buf, 1, MAIL_TEMPLATE_MAX + 1, f);
		if (n > MAIL_TEMPLATE_MAX || ferror(f)) {
			log_err("mail template %s: unreadable or over %d bytes",
			    path, MAIL_TEMPLATE_MAX);
			free(buf);
			buf = NULL;
		} else
			buf[n] = '\0';
	}
	fclose(f);
	mail_cache[t] = buf;
	return buf;
}

/* The value of placeholder "name" ("len" bytes), or NULL if unknown. */
static const char *
mail_lookup(const struct config *cfg, const char *name, size_t len,
    const struct mail_var *vars, size_t nvars)
{
	size_t	 i;

	for (i = 0; i < nvars; i++)
		if (strlen(vars[i].name) == len &&
		    memcmp(vars[i].name, name, len) == 0)
			return vars[i].value;
	if (len == 9 && memcmp(name, "site_name", 9) == 0)
		return cfg->site_name;
	if (len == 8 && memcmp(name, "base_url", 8) == 0)
		return cfg->base_url;
	return NULL;
}

/*
 * Fill the placeholders of "in" into a new string.  In the subject
 * ("oneline") values lose their line breaks, so nothing a user typed
 * can add a mail header.  NULL on error (unknown placeholder: a typo
 * in a template must not send a broken mail).
 */
static char *
mail_fill(const struct config *cfg, const char *in, size_t inlen,
    const struct mail_var *vars, size_t nvars, int oneline)
{
	char		*out, *o;
	const char	*p = in, *end = in + inlen, *close, *v;
	size_t		 vlen;

	if ((out = malloc(MAIL_OUT_MAX)) == NULL)
		return NULL;
	o = out;
	while (p < end) {
		if (p + 1 < end && p[0] == '{' && p[1] == '{' &&
		    (close = strstr(p + 2, "}}")) != NULL && close < end) {
			v = mail_lookup(cfg, p + 2, (size_t)(close - p - 2),
			    vars, nvars);
			if (v == NULL) {
				log_err("mail template: unknown placeholder "
				    "%.*s", (int)(close - p - 2), p + 2);
				free(out);
				return NULL;
			}
			vlen = strlen(v);
			if ((size_t)(o - out) + vlen + 1 >= MAIL_OUT_MAX)
				goto toolong;
			for (; *v != '\0'; v++)
				*o++ = oneline && (*v == '\r' || *v == '\n') ?
				    ' ' : *v;
			p = close + 2;
			continue;
		}
		if ((size_t)(o - out) + 2 >= MAIL_OUT_MAX)
			goto toolong;
		*o++ = *p++;
	}
	*o = '\0';
	return out;
toolong:
	log_err("mail: rendered message over %d bytes", MAIL_OUT_MAX);
	free(out);
	return NULL;
}

int
mail_render(const struct config *cfg, enum mail_template t,
    const struct mail_var *vars, size_t nvars, char **subject, char **body)
{
	const char	*text, *nl, *b;

	*subject = *body = NULL;
	if ((text = mail_template(cfg, t)) == NULL)
		return -1;
	if (strncmp(text, "Subject: ", 9) != 0 ||
	    (nl = strchr(text, '\n')) == NULL) {
		log_err("mail template %s: no Subject line", mail_files[t]);
		return -1;
	}
	b = nl + 1;
	if (*b == '\n')
		b++;
	*subject = mail_fill(cfg, text + 9, (size_t)(nl - text - 9), vars,
	    nvars, 1);
	*body = mail_fill(cfg, b, strlen(b), vars, nvars, 0);
	if (*subject == NULL || *body == NULL) {
		free(*subject);
		free(*body);
		*subject = *body = NULL;
		return -1;
	}
	return 0;
}

int
mail_enqueue(struct db *db, const struct config *cfg, int64_t user_id,
    const char *to, enum mail_template t, const struct mail_var *vars,
    size_t nvars)
{
	char		*subject, *body;
	int		 rc;

	if (mail_render(cfg, t, vars, nvars, &subject, &body) == -1)
		return -1;
	rc = outbox_insert(db, user_id, to, subject, body);
	/* the body may hold a code or a link: wipe before freeing */
	explicit_bzero(body, strlen(body));
	free(subject);
	free(body);
	return rc;
}

int
mail_verification(struct db *db, const struct config *cfg,
    const char *link_base, int64_t user_id, const char *email,
    enum verif_purpose purpose, const struct verif_secrets *sec)
{
	char			 link[4096];
	char			 minutes[16];
	struct mail_var		 vars[3];
	int			 rc;

	snprintf(link, sizeof(link), "%s%s", link_base, sec->link);
	snprintf(minutes, sizeof(minutes), "%u", (cfg->code_ttl + 59) / 60);
	vars[0] = (struct mail_var){ "code", sec->code };
	vars[1] = (struct mail_var){ "link", link };
	vars[2] = (struct mail_var){ "minutes", minutes };
	rc = mail_enqueue(db, cfg, user_id, email,
	    purpose == VERIF_EMAIL_CHANGE ? MAIL_EMAIL_CHANGE : MAIL_CONFIRM,
	    vars, 3);
	sodium_memzero(link, sizeof(link));
	return rc;
}
