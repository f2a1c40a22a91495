/*
 * mail: messages to users.  A handler renders a template and enqueues
 * the result into mail_outbox inside its own transaction, so a mail
 * exists exactly when the change that caused it was committed; the
 * mail worker (fcauthctl mail-worker) delivers it later.  Templates are
 * plain UTF-8 text files in [mail] templates_dir: a "Subject: ..." line,
 * an empty line, the body; {{name}} placeholders are filled from the
 * caller's variables and from site_name and base_url.
 */
#ifndef FCAUTH_MAIL_H
#define FCAUTH_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "verifications.h"

struct config;
struct db;

enum mail_template {
	MAIL_CONFIRM,		/* confirm.txt: code + link for a new account */
	MAIL_RESET,		/* reset.txt: password reset link + token */
	MAIL_RESET_DONE,	/* reset_done.txt: the password was reset */
	MAIL_PASSWORD_CHANGED,	/* password_changed.txt: notice */
	MAIL_EMAIL_CHANGE,	/* email_change.txt: code + link to the new address */
	MAIL_EMAIL_CHANGED,	/* email_changed.txt: notice to the old address */
	MAIL_MFA_ENABLED,	/* mfa_enabled.txt: a second factor is on */
	MAIL_MFA_DISABLED,	/* mfa_disabled.txt: the user removed it */
	MAIL_MFA_RECOVERY_USED,	/* mfa_recovery_used.txt: a code was used */
	MAIL_MFA_RECOVERY_NEW,	/* mfa_recovery_new.txt: a new set */
	MAIL_MFA_RESET,		/* mfa_reset.txt: an admin removed it */
	MAIL_PASSKEY_ADDED,	/* passkey_added.txt: a passkey registered */
	MAIL_PASSKEY_REMOVED,	/* passkey_removed.txt: one deleted */
	MAIL__MAX
};

struct mail_var {
	const char	*name;
	const char	*value;
};

/*
 * Render "t" with "vars" and queue it for "to" (and "user_id", 0 for
 * none) in the caller's transaction.  Templates are read once per
 * process.  Returns 0, or -1: the template could not be read (logged)
 * or the database failed (see db_error).
 */
int	 mail_enqueue(struct db *db, const struct config *cfg, int64_t user_id,
	    const char *to, enum mail_template t, const struct mail_var *vars,
	    size_t nvars);

/*
 * Render "t" into newly allocated "*subject" and "*body" (caller frees).
 * 0 or -1.  For the enqueue path and for tests.
 */
int	 mail_render(const struct config *cfg, enum mail_template t,
	    const struct mail_var *vars, size_t nvars, char **subject,
	    char **body);

/*
 * Queue the mail of a confirm or email_change verification: its code
 * and its one-click link, "link_base" (the configured base URL and the
 * path of the link operation, app->verify_link) followed by the link
 * token, to "email" in the caller's transaction.  Links never come
 * from the request's Host header.  0 or -1 as mail_enqueue.
 */
int	 mail_verification(struct db *db, const struct config *cfg,
	    const char *link_base, int64_t user_id, const char *email,
	    enum verif_purpose purpose, const struct verif_secrets *sec);

/* The file name of a template ("confirm.txt"). */
const char *mail_template_file(enum mail_template t);

#endif /* FCAUTH_MAIL_H */
