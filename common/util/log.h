/*
 * log: one line per event to stderr (the web server's error log) or to
 * syslog.  Each line carries the program name, the level, the current
 * request id and client address when there is one.  Never pass a
 * password, token, code or hash to these functions.
 */
#ifndef FCAUTH_LOG_H
#define FCAUTH_LOG_H

enum log_level {
	LOG_LEVEL_ERR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/* Start logging as "prog"; "level" is "err", "warn", "info" or "debug". */
void	log_open(const char *prog, const char *level, int use_syslog);

/* Tag the following lines with a request; NULLs clear the tag. */
void	log_request(const char *reqid, const char *addr);

void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* FCAUTH_LOG_H */
