/*
 * log: one line per event, "fcauth-<prog>[pid]: <level>: [<reqid>
 * <addr>] message", to stderr in a single write(2) so that lines of
 * several processes sharing the web server's error log never mix, or to
 * syslog(3) as LOG_DAEMON.  Control characters in what is logged become
 * '?', so a request cannot forge log lines.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "utf8.h"

#define LOG_LINE_MAX	2048	/* bytes of a line, newline included */

static const char *const level_names[] = {
	"err",			/* LOG_LEVEL_ERR */
	"warn",			/* LOG_LEVEL_WARN */
	"info",			/* LOG_LEVEL_INFO */
	"debug",		/* LOG_LEVEL_DEBUG */
};

static const int level_prio[] = {
	LOG_ERR,		/* LOG_LEVEL_ERR */
	LOG_WARNING,		/* LOG_LEVEL_WARN */
	LOG_INFO,		/* LOG_LEVEL_INFO */
	LOG_DEBUG,		/* LOG_LEVEL_DEBUG */
};

#define NLEVELS	(sizeof(level_names) / sizeof(level_names[0]))

static struct {
	char		 ident[64];	/* "fcauth-auth"; syslog keeps it */
	enum log_level	 level;
	int		 use_syslog;
	char		 reqid[64];
	char		 addr[64];
} logst = { "fcauth", LOG_LEVEL_INFO, 0, "", "" };

/* Replace the control characters of "s" by '?', in place. */
static void
sanitize(char *s)
{

	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			*s = '?';
}

/* Copy "src" (NULL = "") into "dst", cut to fit and sanitized. */
static void
copy_tag(char *dst, size_t dstsz, const char *src)
{
	size_t	 n = src != NULL ? strnlen(src, dstsz - 1) : 0;

	/* twice per request: not worth an snprintf */
	memcpy(dst, src != NULL ? src : "", n);
	dst[n] = '\0';
	sanitize(dst);
}

/*
 * Start logging as "prog" at "level" ("err", "warn", "info" or
 * "debug"; anything else means "info").
 */
void
log_open(const char *prog, const char *level, int use_syslog)
{
	size_t	 i;

	if (prog != NULL && prog[0] != '\0')
		snprintf(logst.ident, sizeof(logst.ident), "fcauth-%s", prog);
	else
		snprintf(logst.ident, sizeof(logst.ident), "fcauth");
	sanitize(logst.ident);
	logst.level = LOG_LEVEL_INFO;
	for (i = 0; level != NULL && i < NLEVELS; i++)
		if (strcasecmp(level, level_names[i]) == 0)
			logst.level = (enum log_level)i;
	if (logst.use_syslog)
		closelog();
	logst.use_syslog = use_syslog;
	if (use_syslog)
		openlog(logst.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/* Tag the following lines with a request; NULLs clear the tag. */
void
log_request(const char *reqid, const char *addr)
{

	copy_tag(logst.reqid, sizeof(logst.reqid), reqid);
	copy_tag(logst.addr, sizeof(logst.addr), addr);
}

/* Write all of "buf" to stderr: one write(2) unless interrupted. */
static void
write_line(const char *buf, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(STDERR_FILENO, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/*
 * Format and emit one line at "level".  Keeps errno, so "%m" and the
 * caller's later use of errno both see the value from before the call.
 */
static void
log_emit(enum log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
log_emit(enum log_level level, const char *fmt, va_list ap)
{
	char	 line[LOG_LINE_MAX];
	char	*msg;
	size_t	 len, room;
	int	 n, saved = errno;

	if (level > logst.level)
		return;
	if (logst.use_syslog)
		n = 0;
	else
		n = snprintf(line, sizeof(line), "%s[%ld]: %s: ", logst.ident,
		    (long)getpid(), level_names[level]);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		goto out;
	if (logst.reqid[0] != '\0' || logst.addr[0] != '\0')
		n += snprintf(line + n, sizeof(line) - (size_t)n, "[%s %s] ",
		    logst.reqid[0] != '\0' ? logst.reqid : "-",
		    logst.addr[0] != '\0' ? logst.addr : "-");
	msg = line + n;
	room = sizeof(line) - (size_t)n;	/* its NUL becomes the '\n' */
	errno = saved;
	if (vsnprintf(msg, room, fmt, ap) < 0)
		goto out;
	len = strlen(msg);
	if (len == room - 1)
		len = utf8_cut(msg, len);
	msg[len] = '\0';
	sanitize(msg);
	if (logst.use_syslog) {
		syslog(level_prio[level], "%s", line);
		goto out;
	}
	len += (size_t)n;
	line[len++] = '\n';
	write_line(line, len);
out:
	errno = saved;
}

void
log_err(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_ERR, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_WARN, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_DEBUG, fmt, ap);
	va_end(ap);
}
