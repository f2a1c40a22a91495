/*
 * fcauthctl mail-worker [--once]: deliver the mail that handlers queued
 * in mail_outbox through the [mail] sendmail command.
 *
 * One message at a time, in two short transactions around the send:
 *
 *   1. claim: lock the oldest due queued row, skipping locked ones
 *      (outbox_next_due), lease it: attempts + 1 and next_attempt_at =
 *      now + MAIL_LEASE (outbox_lease), commit.
 *      Another worker skips the locked row while we decide, and after
 *      the commit the row is no longer due, so it never picks it up;
 *   2. send: build the RFC 5322 message and pipe it to the command;
 *   3. mark: status 'sent', or (command failed) next_attempt_at = now +
 *      retry_base * 2^(attempts - 1), capped at MAIL_BACKOFF_MAX, and
 *      status 'failed' once attempts reaches [mail] max_attempts.
 *
 * Nothing is ever deleted.  If the worker dies between 1 and 3, the
 * lease runs out and the mail is tried again: a crash never loses a
 * message.  If it dies after the command accepted the message but
 * before 3 committed, that message goes out twice.  At-least-once is
 * the honest guarantee of a sendmail pipe; the window is the time of
 * one statement, and a database that fails in it (a Galera node that
 * dies) does not widen it: 3 is tried again, on the next host, for a
 * while (mailq_mark_sure).  The statements are outbox.c's.
 *
 * The command is split on blanks and run with execvp, without a shell:
 * no quoting, so a path with spaces cannot be configured.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "ctl.h"
#include "db.h"
#include "log.h"
#include "outbox.h"

#define MAIL_LEASE		900	/* s a claimed message waits before a retry */
#define MAIL_BACKOFF_MAX	21600	/* s, 6 h: the longest wait between tries */
#define MAIL_POLL		5	/* s between looks at an empty queue */
#define MAIL_SEND_TIMEOUT	60	/* s the command may take */
#define MAIL_MARK_TRIES		15	/* 1 s apart: recording a delivery */
#define MAIL_ARGS_MAX		32

static volatile sig_atomic_t mail_stop;

static void
mail_on_signal(int sig)
{
	(void)sig;
	mail_stop = 1;
}

/*
 * Claim the next due message into "m", whose attempts then count this
 * try.  1 claimed, 0 none due, -1 database error.
 */
static int
mailq_claim(struct db *db, struct outbox_msg *m)
{
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = outbox_next_due(db, m)) != 1) {
		db_rollback(db);
		return rc;
	}
	if (outbox_lease(db, m->id, MAIL_LEASE) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	m->attempts++;
	return 1;
}

/* Copy "s" into "out" without CR or LF (no header injection). */
static void
mail_oneline(const char *s, char *out, size_t outsz)
{
	size_t	 o = 0;

	for (; *s != '\0' && o + 1 < outsz; s++)
		out[o++] = *s == '\r' || *s == '\n' ? ' ' : *s;
	out[o] = '\0';
}

/* Whether "s" is all 7-bit ASCII: 1 or 0. */
static int
mail_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/*
 * Write "subject" as an RFC 2047 header value to "f": as is when it is
 * ASCII, else base64 encoded-words of at most 39 bytes of UTF-8 each
 * (64 characters with the wrapping, so the first line stays under 76),
 * never splitting a character,
 * folded onto continuation lines.
 */
static void
mail_put_subject(FILE *f, const char *subject)
{
	char		 b64[128];
	size_t		 len = strlen(subject), pos = 0, n;

	if (mail_ascii(subject)) {
		fprintf(f, "Subject: %s\n", subject);
		return;
	}
	fputs("Subject:", f);
	while (pos < len) {
		n = len - pos > 39 ? 39 : len - pos;
		/* back off to the start of a UTF-8 character */
		while (pos + n < len && n > 1 &&
		    ((unsigned char)subject[pos + n] & 0xc0) == 0x80)
			n--;
		sodium_bin2base64(b64, sizeof(b64),
		    (const unsigned char *)subject + pos, n,
		    sodium_base64_VARIANT_ORIGINAL);
		fprintf(f, " =?utf-8?B?%s?=\n", b64);
		pos += n;
	}
}

/* The domain of the From address, for the Message-ID. */
static void
mail_domain(const char *from, char *out, size_t outsz)
{
	const char	*at = strrchr(from, '@');
	size_t		 n = 0;

	if (at != NULL)
		for (at++; at[n] != '\0' && at[n] != '>' && at[n] != ' ' &&
		    n + 1 < outsz; n++)
			out[n] = at[n];
	out[n] = '\0';
	if (n == 0)
		snprintf(out, outsz, "localhost");
}

/* Write the whole RFC 5322 message for "m" to "f". */
static void
mail_write(FILE *f, const struct config *cfg, const struct outbox_msg *m)
{
	char		 line[1024], date[64], domain[256], hex[33];
	unsigned char	 rnd[16];
	struct tm	 tm;
	time_t		 now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	mail_domain(cfg->mail_from, domain, sizeof(domain));

	mail_oneline(cfg->mail_from, line, sizeof(line));
	fprintf(f, "From: %s\n", line);
	mail_oneline(m->to, line, sizeof(line));
	fprintf(f, "To: %s\n", line);
	mail_oneline(m->subject, line, sizeof(line));
	mail_put_subject(f, line);
	fprintf(f, "Date: %s\n", date);
	fprintf(f, "Message-ID: <%lld.%s@%s>\n", m->id, hex, domain);
	fputs("MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n\n", f);
	fputs(m->body, f);
	if (m->body[0] != '\0' && m->body[strlen(m->body) - 1] != '\n')
		fputc('\n', f);
}

/* Split "cmd" on blanks into "argv" (MAIL_ARGS_MAX); in place.  Count. */
static int
mail_split(char *cmd, char *argv[])
{
	int	 n = 0;
	char	*p, *save = NULL;

	for (p = strtok_r(cmd, " \t", &save); p != NULL && n < MAIL_ARGS_MAX;
	    p = strtok_r(NULL, " \t", &save))
		argv[n++] = p;
	argv[n] = NULL;
	return n;
}

/*
 * Wait for "pid" at most MAIL_SEND_TIMEOUT seconds (then kill it).
 * Its exit status, or -1.
 */
static int
mail_wait(pid_t pid)
{
	int		 status, i;
	pid_t		 w;
	struct timespec	 ts = { 0, 100 * 1000 * 1000 };

	for (i = 0; i < MAIL_SEND_TIMEOUT * 10; i++) {
		if ((w = waitpid(pid, &status, WNOHANG)) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (w == -1 && errno != EINTR)
			return -1;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/*
 * Pipe "m" to the sendmail command.  0 accepted (exit status 0), -1
 * not (why in "err").
 */
static int
mail_send(const struct config *cfg, const struct outbox_msg *m, char *err,
    size_t errsz)
{
	char	*cmd = NULL, *argv[MAIL_ARGS_MAX + 1];
	int	 fds[2] = { -1, -1 }, status, rc = -1;
	pid_t	 pid;
	FILE	*f;

	if ((cmd = strdup(cfg->sendmail)) == NULL || mail_split(cmd, argv) == 0) {
		snprintf(err, errsz, "no sendmail command configured");
		goto out;
	}
	if (pipe(fds) == -1) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		goto out;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		close(fds[1]);
		if (dup2(fds[0], STDIN_FILENO) == -1)
			_exit(127);
		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "fcauthctl: cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	close(fds[0]);
	fds[0] = -1;
	if ((f = fdopen(fds[1], "w")) == NULL) {
		close(fds[1]);
		fds[1] = -1;
		mail_wait(pid);
		snprintf(err, errsz, "fdopen: %s", strerror(errno));
		goto out;
	}
	fds[1] = -1;
	mail_write(f, cfg, m);
	if (fclose(f) == EOF) {
		mail_wait(pid);
		snprintf(err, errsz, "cannot write to %s: %s", argv[0],
		    strerror(errno));
		goto out;
	}
	if ((status = mail_wait(pid)) != 0) {
		snprintf(err, errsz, "%s exited with status %d", argv[0],
		    status);
		goto out;
	}
	rc = 0;
out:
	if (fds[0] != -1)
		close(fds[0]);
	if (fds[1] != -1)
		close(fds[1]);
	free(cmd);
	return rc;
}

/* Seconds before try number "attempts" + 1: base * 2^(attempts - 1). */
static long long
mail_backoff(const struct config *cfg, long long attempts)
{
	long long	 d = cfg->mail_retry_base;

	while (--attempts > 0 && d < MAIL_BACKOFF_MAX)
		d *= 2;
	return d > MAIL_BACKOFF_MAX ? MAIL_BACKOFF_MAX : d;
}

/* Record how sending "m" went.  0 or -1 (database). */
static int
mailq_mark(struct db *db, const struct config *cfg,
    const struct outbox_msg *m, int sent, const char *err)
{
	long long	 wait;

	if (sent)
		return outbox_sent(db, m->id);
	if (m->attempts >= (long long)cfg->mail_max_attempts) {
		log_err("mail %lld to %s: giving up after %lld attempts: %s",
		    m->id, m->to, m->attempts, err);
		return outbox_failed(db, m->id, err);
	}
	wait = mail_backoff(cfg, m->attempts);
	log_warn("mail %lld to %s: attempt %lld failed (%s); retrying in "
	    "%lld s", m->id, m->to, m->attempts, err, wait);
	return outbox_retry(db, m->id, wait, err);
}

/*
 * mailq_mark until it lands: the message is out, and a mark lost to a
 * database node's death would send it again once the lease ends.
 * Each try reconnects, to the next host of [database] host when the
 * last one failed (a Galera cluster's other nodes).  0 or -1.
 */
static int
mailq_mark_sure(struct db *db, const struct config *cfg,
    const struct outbox_msg *m, int sent, const char *err)
{
	int	 i;

	for (i = 0; i < MAIL_MARK_TRIES; i++) {
		db_clear_error(db);
		if (mailq_mark(db, cfg, m, sent, err) == 0)
			return 0;
		log_warn("mail %lld to %s: cannot record the attempt yet: %s",
		    m->id, m->to, db_strerror(db));
		sleep(1);
	}
	return -1;
}

/*
 * Deliver every message due now.  The number handled (sent or not),
 * or -1 on a database error.
 */
static long
mail_drain(struct app *app, struct outbox_msg *m)
{
	char	 err[256];
	long	 n = 0;
	int	 rc, sent;

	while (!mail_stop) {
		if ((rc = mailq_claim(app->db, m)) == -1)
			return -1;
		if (rc == 0)
			break;
		err[0] = '\0';
		sent = mail_send(&app->cfg, m, err, sizeof(err)) == 0;
		sodium_memzero(m->body, strlen(m->body));
		if (mailq_mark_sure(app->db, &app->cfg, m, sent, err) == -1)
			return -1;
		if (sent)
			log_info("mail %lld to %s: sent", m->id, m->to);
		n++;
	}
	return n;
}

int
ctl_mail_worker(const char *cfgpath, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	static struct app	 app;
	struct outbox_msg	 m;
	struct sigaction	 sa;
	int			 ch, once = 0, rc = 0;
	long			 n;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'o') {
			fprintf(stderr, "usage: fcauthctl mail-worker [--once]\n");
			return 2;
		}
		once = 1;
	}
	if (optind != argc) {
		fprintf(stderr, "usage: fcauthctl mail-worker [--once]\n");
		return 2;
	}
	if (app_setup(&app, "mail-worker", cfgpath) == -1)
		return 1;
	memset(&m, 0, sizeof(m));
	if ((m.body = malloc(OUTBOX_BODY_MAX + 1)) == NULL) {
		app_teardown(&app);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = mail_on_signal;	/* no SA_RESTART: sleep ends */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	while (!mail_stop) {
		db_clear_error(app.db);
		if ((n = mail_drain(&app, &m)) == -1) {
			log_err("mail-worker: database error: %s",
			    db_strerror(app.db));
			db_rollback(app.db);
			if (once) {
				rc = 1;
				break;
			}
		}
		if (once)
			break;
		if (n <= 0 && !mail_stop)
			sleep(MAIL_POLL);
	}
	free(m.body);
	app_teardown(&app);
	return rc;
}
