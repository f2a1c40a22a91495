/*
 * snippet: the web-server configuration that sends every path of the
 * canonical API and of a dialect to the program that owns its
 * operation (ops.h, op_program).  fcauthctl snippet prints it; the
 * shipped conf/lighttpd.conf, conf/apache-fcgid.conf and conf/nginx.conf
 * hold the same directives (tests/unit/check_snippet compares them).
 */
#ifndef FCAUTH_SNIPPET_H
#define FCAUTH_SNIPPET_H

#include <stddef.h>
#include <stdio.h>

struct dialect;

enum snippet_server {
	SNIPPET_LIGHTTPD,
	SNIPPET_APACHE,
	SNIPPET_NGINX,
	SNIPPET__MAX
};

struct snippet_opts {
	enum snippet_server	 server;
	const char		*config;	/* FCAUTH_CONFIG for the programs */
	const char		*programs;	/* directory of the *.fcgi */
	const char		*sockets;	/* socket path = this + NAME + ".sock" */
	unsigned		 processes;	/* per program (lighttpd, Apache) */
	int			 routes_only;	/* only the path -> program part */
	const struct dialect	*dialect;	/* borrowed; NULL: canonical only */
};

/* The server called "name" ("lighttpd"), or -1. */
int		 snippet_server_lookup(const char *name);

/* The default socket prefix of "server" ("/run/fcauth/"). */
const char	*snippet_default_sockets(enum snippet_server server);

/*
 * Write the configuration "o" describes to "fp".  0, or -1 with the
 * reason in "err" (two routes of the dialect on one path for two
 * programs; paths no prefix can tell apart).
 */
int		 snippet_write(FILE *fp, const struct snippet_opts *o,
		    char *err, size_t errsz);

#endif /* FCAUTH_SNIPPET_H */
