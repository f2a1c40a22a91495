/*
 * app: the life of one fcauth program.  Configuration, keys and the
 * database handle are set up once; then each request is read, routed,
 * guarded, handled and rendered.  Runs under a web server that spawns
 * it (FastCGI on fd 0), on its own socket (--listen, for nginx), or as
 * a plain CGI program answering one request.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "app.h"
#include "db.h"
#include "guard.h"
#include "http.h"
#include "jwtcache.h"
#include "log.h"
#include "passwd.h"
#include "render.h"
#include "reply.h"
#include "validate.h"

#define STR(x)		STR_(x)
#define STR_(x)		#x

#define APP_PROCS_MAX	64

static volatile sig_atomic_t app_stopping;

/* The route every Authorizer request takes (app_set_authorizer). */
static struct route app_authorizer = {
	HTTP_M(HTTP_GET), "(authorizer)", ROUTE_PUBLIC, NULL
};

void
app_set_authorizer(void (*handler)(struct app *, struct request *,
    struct reply *))
{
	app_authorizer.handler = handler;
}

/* FastCGI request as an http_source and a render_sink. */
static const char *
fcgi_param(void *arg, const char *name)
{
	FCGX_Request	*fr = arg;

	return FCGX_GetParam(name, fr->envp);
}

static int
fcgi_read(void *arg, char *buf, size_t len)
{
	FCGX_Request	*fr = arg;
	int		 n;

	n = FCGX_GetStr(buf, len > 65536 ? 65536 : (int)len, fr->in);
	return n < 0 ? -1 : n;
}

static int
fcgi_write(void *arg, const char *buf, size_t len)
{
	FCGX_Request	*fr = arg;

	return FCGX_PutStr(buf, (int)len, fr->out) == (int)len ? 0 : -1;
}

/* Plain CGI: environment, stdin, stdout. */
static const char *
cgi_param(void *arg, const char *name)
{
	(void)arg;
	return getenv(name);
}

static int
cgi_read(void *arg, char *buf, size_t len)
{
	size_t	 n;

	(void)arg;
	n = fread(buf, 1, len, stdin);
	return n == 0 && ferror(stdin) ? -1 : (int)n;
}

static int
cgi_write(void *arg, const char *buf, size_t len)
{
	(void)arg;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

void
app_internal(struct app *app, struct reply *r, const char *what)
{
	(void)app;
	log_err("%s", what);
	reply_error(r, RC_INTERNAL_ERROR, NULL);
}

void
app_db_failed(struct app *app, struct reply *r, const char *what)
{
	enum db_error	 e = db_error(app->db);

	db_rollback(app->db);
	if (e == DB_DOWN) {
		log_warn("%s: database unavailable: %s", what,
		    db_strerror(app->db));
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 5);
	} else if (e == DB_RETRY) {
		/* a deadlock or lock wait timeout: busy, not broken */
		log_warn("%s: database busy: %s", what, db_strerror(app->db));
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 1);
	} else if (e == DB_GONE) {
		/* app_dispatch runs it again, which finds the row gone */
		log_warn("%s: a row it refers to went meanwhile: %s", what,
		    db_strerror(app->db));
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 1);
	} else {
		log_err("%s: database error: %s", what, db_strerror(app->db));
		reply_error(r, RC_INTERNAL_ERROR, NULL);
	}
}

/*
 * Map a failed read of the request to its reply.  The body is read
 * last: a malformed request without one failed on its URL or a header.
 */
static void
app_bad_request(const struct request *req, struct reply *r,
    enum http_status st)
{
	switch (st) {
	case HTTP_READ_TOO_LARGE:
		reply_error(r, RC_PAYLOAD_TOO_LARGE, NULL);
		break;
	case HTTP_READ_MEDIA:
		reply_error(r, RC_UNSUPPORTED_MEDIA_TYPE, NULL);
		break;
	case HTTP_READ_HEADER:
		reply_error(r, RC_MALFORMED_REQUEST, "A request header is too long");
		break;
	case HTTP_READ_IO:
		reply_error(r, RC_MALFORMED_REQUEST,
		    "The request body ended before its Content-Length");
		break;
	case HTTP_READ_FIELDS:
		reply_error(r, RC_MALFORMED_REQUEST, "The request body has "
		    "too many fields (at most " STR(HTTP_FIELDS_MAX) ")");
		break;
	case HTTP_READ_NOMEM:
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		break;
	default:
		reply_error(r, RC_MALFORMED_REQUEST, req->body == NULL ?
		    "The request URL or a header is not valid" : NULL);
		break;
	}
}

/*
 * CORS preflight (OPTIONS on a route that exists): 204 with Allow.  An
 * allowed origin also gets Access-Control-Allow-Methods, -Headers and
 * -Max-Age (render adds Access-Control-Allow-Origin); any other origin
 * gets no CORS header at all, so the browser refuses the request.
 */
static void
app_preflight(struct app *app, struct request *req, struct reply *r,
    unsigned allowed)
{
	char	 allow[128];

	route_allow_header(allowed, allow, sizeof(allow));
	r->status = 204;
	reply_header(r, "Allow", "%s, OPTIONS", allow);
	if (render_origin_allowed(req->origin, app->cfg.cors_origins)) {
		reply_header(r, "Access-Control-Allow-Methods", "%s, OPTIONS",
		    allow);
		reply_header(r, "Access-Control-Allow-Headers",
		    "Authorization, Content-Type");
		reply_header(r, "Access-Control-Max-Age", "600");
	}
}

/*
 * Forget the principal of the last request.  The account's 11 KiB are
 * not wiped on every request, only marked empty: the guard's one query
 * fills every field before anyone may read them.
 */
void
app_forget_who(struct app *app)
{
	struct principal	*w = &app->who;

	w->user_id = 0;
	w->session_id = 0;
	w->role[0] = '\0';
	w->email[0] = '\0';
	w->user.id = 0;
	w->user.email[0] = '\0';
	w->user.status[0] = '\0';
	w->user.role[0] = '\0';
}

/*
 * Run the route's guard and handler: a route that sets or clears the
 * session cookies refuses cross-site requests in cookie mode, once,
 * before anything else.  A handler that failed on a lost connection, a
 * deadlock or a row deleted under it (an account deleted while it
 * logged in) is run once more from the start: its transaction was
 * rolled back, so nothing of the first try remains, and the second
 * sees the world as it is now (the account gone: invalid_credentials,
 * token_invalid).
 * Not when the database is unreachable (a connection attempt failed or
 * timed out): a second try would only make the client wait out the
 * timeouts again before the same 503.
 */
static void
app_dispatch(struct app *app, const struct route *rt, struct request *req,
    struct reply *r)
{
	enum db_error	 e;
	int		 attempt;

	if (rt->guard == ROUTE_COOKIES && guard_check_site(app, req, r) != 1)
		return;
	for (attempt = 0; attempt < 2; attempt++) {
		db_clear_error(app->db);
		app_forget_who(app);
		if (rt->guard == ROUTE_BEARER && guard_check(app, req, r) != 1)
			return;
		rt->handler(app, req, r);
		e = db_error(app->db);
		db_rollback(app->db);
		if (attempt > 0 || (r->code != RC_SERVICE_UNAVAILABLE &&
		    r->code != RC_INTERNAL_ERROR) ||
		    (e != DB_DOWN && e != DB_RETRY && e != DB_GONE) ||
		    (e == DB_DOWN && db_unreachable(app->db)))
			return;
		log_info("retrying after database error");
		reply_free(r);
	}
}

static void
app_route(struct app *app, struct request *req, struct reply *r)
{
	unsigned	 allowed = 0;
	char		 allow[128];
	int		 idx;

	if (strcmp(req->fcgi_role, "RESPONDER") != 0) {
		/* any method and path: the server asks about its request */
		if (app_authorizer.handler == NULL ||
		    strcmp(req->fcgi_role, "AUTHORIZER") != 0)
			reply_error(r, RC_FORBIDDEN, NULL);
		else
			app_dispatch(app, &app_authorizer, req, r);
		return;
	}
	idx = route_match(app->routes, app->nroutes, req->method, req->path,
	    &app->params, &allowed);
	if (idx == -2 && req->method == HTTP_OPTIONS) {
		app_preflight(app, req, r, allowed);
	} else if (idx == -1) {
		reply_error(r, RC_NOT_FOUND, NULL);
	} else if (idx == -2) {
		route_allow_header(allowed, allow, sizeof(allow));
		reply_error(r, RC_METHOD_NOT_ALLOWED, NULL);
		reply_header(r, "Allow", "%s", allow);
	} else
		app_dispatch(app, &app->routes[idx], req, r);
}

/* One request from "src", answered on "sink". */
static void
app_handle(struct app *app, const struct http_source *src,
    const struct render_sink *sink)
{
	struct request		 req;
	struct reply		 r;
	struct http_limits	 lim;
	enum http_status	 st;
	struct timespec		 t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	app->now = time(NULL);
	memset(&app->params, 0, sizeof(app->params));
	memset(&req, 0, sizeof(req));
	reply_init(&r);
	lim.max_body = app->cfg.max_body;
	lim.max_depth = app->cfg.max_json_depth;
	lim.max_header = 8192;
	lim.trusted_proxies = app->cfg.trusted_proxies;

	st = http_request_read(&req, src, &lim);
	log_request(req.reqid, req.addr);
	if (st != HTTP_READ_OK)
		app_bad_request(&req, &r, st);
	else
		app_route(app, &req, &r);
	if (render_reply(&r, &req, &app->cfg, sink) == -1)
		log_warn("cannot write reply");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* debug, not info: the web server's access log has every request,
	 * and a line per request is a write(2) the hot path can do without */
	log_debug("%s %s %d %s %ldms", req.method_name != NULL ?
	    req.method_name : "-", req.path != NULL ? req.path : "-",
	    r.status, reply_code_name(r.code),
	    (long)((t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000));
	log_request(NULL, NULL);
	reply_free(&r);
	http_request_free(&req);
}

/* Copy the configured keys into the signing keyring. */
static int
app_keys(struct app *app)
{
	const struct config	*c = &app->cfg;
	const struct config_key	*cur;
	size_t			 i;

	memset(&app->ring, 0, sizeof(app->ring));
	app->ring.alg = c->token_alg == CONFIG_ALG_EDDSA ? JWT_EDDSA : JWT_HS256;
	for (i = 0; i < c->nkeys; i++)
		if (jwt_keyring_add(&app->ring, c->keys[i].kid,
		    c->keys[i].secret, c->keys[i].secretlen) == -1) {
			fprintf(stderr, "fcauth: key '%s' is not usable\n",
			    c->keys[i].kid);
			return -1;
		}
	if ((cur = config_current_key(c)) == NULL) {
		fprintf(stderr, "fcauth: no signing key configured "
		    "(see fcauthctl key generate)\n");
		return -1;
	}
	return jwt_keyring_use(&app->ring, cur->kid);
}

int
app_setup(struct app *app, const char *prog, const char *cfgpath)
{
	char	 err[512];

	memset(app, 0, sizeof(*app));
	app->prog = prog;
	if (sodium_init() < 0) {
		fprintf(stderr, "fcauth-%s: cannot initialise libsodium\n", prog);
		return -1;
	}
	if (config_load(&app->cfg, config_path(cfgpath), err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "fcauth-%s: %s\n", prog, err);
		return -1;
	}
	log_open(prog, app->cfg.log_level, app->cfg.log_syslog);
	if (passwd_init(app->cfg.hash_method, app->cfg.hash_cost) == -1) {
		fprintf(stderr, "fcauth-%s: password method %s is not "
		    "available\n", prog, app->cfg.hash_method);
		goto err;
	}
	if (app->cfg.common_passwords[0] != '\0' &&
	    validate_load_common(app->cfg.common_passwords) == -1) {
		fprintf(stderr, "fcauth-%s: cannot read %s\n", prog,
		    app->cfg.common_passwords);
		goto err;
	}
	if (app_keys(app) == -1)
		goto err;
	if ((app->tokens = jwt_cache_new()) == NULL) {
		fprintf(stderr, "fcauth-%s: out of memory\n", prog);
		goto err;
	}
	if ((app->db = db_open(&app->cfg)) == NULL)
		goto err;
	return 0;
err:
	app_teardown(app);
	return -1;
}

void
app_teardown(struct app *app)
{
	db_close(app->db);
	app->db = NULL;
	jwt_keyring_wipe(&app->ring);
	jwt_cache_free(app->tokens);
	app->tokens = NULL;
	config_free(&app->cfg);
}

static void
app_on_signal(int sig)
{
	(void)sig;
	app_stopping = 1;
}

/* Serve FastCGI requests on "sock" until the server or a signal stops us. */
static void
app_serve(struct app *app, int sock)
{
	FCGX_Request		 fr;
	struct http_source	 src = { fcgi_param, fcgi_read, &fr };
	struct render_sink	 sink = { fcgi_write, &fr };

	if (FCGX_InitRequest(&fr, sock, 0) != 0) {
		log_err("cannot initialise the FastCGI request");
		return;
	}
	while (!app_stopping && FCGX_Accept_r(&fr) >= 0) {
		app_handle(app, &src, &sink);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 1);
}

/*
 * --listen: bind the socket, then keep "procs" children serving it,
 * replacing any that die, until SIGTERM or SIGINT.
 */
static int
app_listen(struct app *app, const char *addr, int procs)
{
	pid_t			 kids[APP_PROCS_MAX];
	struct sigaction	 sa;
	const char		*path = addr;
	int			 sock, i, status;
	pid_t			 pid;

	if (strncmp(addr, "unix:", 5) == 0)
		path = addr + 5;
	if ((sock = FCGX_OpenSocket(path, 128)) < 0) {
		log_err("cannot listen on %s", addr);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = app_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	memset(kids, 0, sizeof(kids));
	log_info("listening on %s with %d processes", addr, procs);
	while (!app_stopping) {
		for (i = 0; i < procs; i++) {
			if (kids[i] != 0)
				continue;
			if ((pid = fork()) == -1) {
				log_err("fork: %s", strerror(errno));
				sleep(1);
				break;
			}
			if (pid == 0) {
				signal(SIGTERM, SIG_DFL);
				signal(SIGINT, SIG_DFL);
				app_serve(app, sock);
				_exit(0);
			}
			kids[i] = pid;
		}
		if ((pid = wait(&status)) == -1)
			continue;
		for (i = 0; i < procs; i++)
			if (kids[i] == pid) {
				kids[i] = 0;
				if (!app_stopping)
					log_warn("process %d ended; starting "
					    "another", (int)pid);
			}
	}
	for (i = 0; i < procs; i++)
		if (kids[i] != 0)
			kill(kids[i], SIGTERM);
	while (wait(&status) > 0)
		continue;
	return 0;
}

static void
app_usage(const char *prog)
{
	fprintf(stderr, "usage: %s.fcgi [--config path] "
	    "[--listen unix:/path | host:port [--processes n]]\n", prog);
}

int
app_main(int argc, char *argv[], const char *prog,
    const struct route *routes, size_t nroutes)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "processes", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct app	 app;
	const char		*cfgpath = NULL, *listen = NULL;
	int			 ch, procs = 1, rc = 0;
	struct http_source	 cgi_src = { cgi_param, cgi_read, NULL };
	struct render_sink	 cgi_sink = { cgi_write, NULL };

	while ((ch = getopt_long(argc, argv, "c:l:p:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfgpath = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 'p':
			procs = atoi(optarg);
			if (procs < 1 || procs > APP_PROCS_MAX) {
				fprintf(stderr, "%s: --processes must be "
				    "1..%d\n", prog, APP_PROCS_MAX);
				return 2;
			}
			break;
		default:
			app_usage(prog);
			return ch == 'h' ? 0 : 2;
		}
	}
	if (app_setup(&app, prog, cfgpath) == -1)
		return 1;
	app.routes = routes;
	app.nroutes = nroutes;
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0) {
		log_err("cannot initialise libfcgi");
		rc = 1;
	} else if (listen != NULL)
		rc = app_listen(&app, listen, procs);
	else if (FCGX_IsCGI())
		app_handle(&app, &cgi_src, &cgi_sink);
	else
		app_serve(&app, 0);
	fflush(stdout);
	app_teardown(&app);
	return rc;
}
