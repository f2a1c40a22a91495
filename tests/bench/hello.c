/*
 * hello: the ceilings of scripts/bench.  A minimal FastCGI responder
 * answering a fixed API.md envelope (the transport ceiling); built with
 * HELLO_DB it also runs one prepared primary-key SELECT on a persistent
 * MariaDB connection per request (the one-round-trip ceiling).  Both
 * go through the same lighttpd with the same process count as the
 * programs, so the ratios in the report compare like with like.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#ifdef HELLO_DB
#include <mysql.h>

#include "config.h"

static MYSQL		*my;
static MYSQL_STMT	*stmt;
static long long	 id_in, id_out;
static char		 email[256];
static unsigned long	 email_len;
static MYSQL_BIND	 in, out[2];

/* Connect and prepare once, as the programs do.  0 or -1. */
static int
hello_db_open(const char *path)
{
	struct config	 cfg;
	char		 err[512];
	unsigned int	 timeout = 2;

	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "hello-db: %s\n", err);
		return -1;
	}
	my = mysql_init(NULL);
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	if (mysql_real_connect(my, "localhost", cfg.db_user, cfg.db_password,
	    cfg.db_name, 0, cfg.db_socket[0] != '\0' ? cfg.db_socket : NULL,
	    0) == NULL) {
		fprintf(stderr, "hello-db: %s\n", mysql_error(my));
		config_free(&cfg);
		return -1;
	}
	config_free(&cfg);
	stmt = mysql_stmt_init(my);
	if (mysql_stmt_prepare(stmt, "SELECT id, email FROM users WHERE id = ?",
	    40) != 0) {
		fprintf(stderr, "hello-db: %s\n", mysql_stmt_error(stmt));
		return -1;
	}
	memset(&in, 0, sizeof(in));
	in.buffer_type = MYSQL_TYPE_LONGLONG;
	in.buffer = &id_in;
	memset(out, 0, sizeof(out));
	out[0].buffer_type = MYSQL_TYPE_LONGLONG;
	out[0].buffer = &id_out;
	out[1].buffer_type = MYSQL_TYPE_STRING;
	out[1].buffer = email;
	out[1].buffer_length = sizeof(email);
	out[1].length = &email_len;
	return mysql_stmt_bind_param(stmt, &in) == 0 &&
	    mysql_stmt_bind_result(stmt, out) == 0 ? 0 : -1;
}

/* One primary-key lookup of a user spread over the first 1000 ids. */
static int
hello_db_query(void)
{
	static long long	 n;
	int			 found;

	id_in = 1 + (n++ % 1000);
	if (mysql_stmt_execute(stmt) != 0)
		return -1;
	found = mysql_stmt_fetch(stmt) == 0;
	mysql_stmt_free_result(stmt);
	return found;
}
#endif

static const char body[] =
    "{\"success\":true,\"code\":\"ok\",\"message\":\"Hello\",\"data\":null}";

int
main(void)
{
	FCGX_Request	 req;
	int		 status = 200;

#ifdef HELLO_DB
	const char	*path = getenv("FCAUTH_CONFIG");

	if (path == NULL || hello_db_open(path) == -1)
		return 1;
#endif
	FCGX_Init();
	FCGX_InitRequest(&req, 0, 0);
	while (FCGX_Accept_r(&req) >= 0) {
#ifdef HELLO_DB
		status = hello_db_query() == -1 ? 503 : 200;
#endif
		FCGX_FPrintF(req.out, "Status: %d\r\n"
		    "Content-Type: application/json; charset=utf-8\r\n"
		    "Content-Length: %d\r\n"
		    "Cache-Control: no-store\r\n"
		    "X-Content-Type-Options: nosniff\r\n\r\n%s",
		    status, (int)sizeof(body) - 1, body);
		FCGX_Finish_r(&req);
	}
	return 0;
}
