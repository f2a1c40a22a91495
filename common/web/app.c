/*
 * app: the life of one fcauth program.  Configuration, keys, the
 * database handle and the match table are set up once; then each
 * request is handed to dispatch_request (dispatch.c).  Runs under a web
 * server that spawns it (FastCGI on fd 0), on its own socket (--listen,
 * for nginx, with a supervisor keeping its processes), or as a plain
 * CGI program answering one request.
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
#include "dispatch.h"
#include "feed.h"
#include "http.h"
#include "jwtcache.h"
#include "log.h"
#include "passwd.h"
#include "paths.h"
#include "render.h"
#include "seen.h"
#include "validate.h"

#define APP_PROCS_MAX	64

static volatile sig_atomic_t app_stopping;

/*
 * A FastCGI request with a key for each of its parameters' names (the
 * length and the last letter), made once when it is accepted: a
 * request reads some twenty parameters, and FCGX_GetParam would
 * compare each name against every one of the server's.  Past
 * APP_PARAMS_MAX parameters the rest are looked up the library's way.
 */
#define APP_PARAMS_MAX	96

struct fcgi_ctx {
	FCGX_Request	 fr;
	size_t		 n;
	int		 more;		/* envp has more than APP_PARAMS_MAX */
	size_t		 key[APP_PARAMS_MAX];
};

/* The key of the "len" bytes of name "s" (len > 0). */
static size_t
fcgi_key(const char *s, size_t len)
{
	return len << 8 | (unsigned char)s[len - 1];
}

static void
fcgi_index(struct fcgi_ctx *c)
{
	char	**e = c->fr.envp;
	size_t	 len;

	for (c->n = 0; e != NULL && e[c->n] != NULL &&
	    c->n < APP_PARAMS_MAX; c->n++) {
		len = strcspn(e[c->n], "=");
		/* no '=', or an empty name: nothing asks for it */
		c->key[c->n] = e[c->n][len] != '=' || len == 0 ? 0 :
		    fcgi_key(e[c->n], len);
	}
	c->more = e != NULL && c->n == APP_PARAMS_MAX && e[c->n] != NULL;
}

/* FastCGI request as an http_source and a render_sink. */
static const char *
fcgi_param(void *arg, const char *name)
{
	struct fcgi_ctx	*c = arg;
	char		**e = c->fr.envp;
	size_t		 i, key, len = strlen(name);

	if (len == 0)
		return NULL;
	key = fcgi_key(name, len);
	for (i = 0; i < c->n; i++)
		if (c->key[i] == key && memcmp(e[i], name, len) == 0)
			return e[i] + len + 1;
	return c->more ? FCGX_GetParam(name, e + c->n) : NULL;
}

static int
fcgi_read(void *arg, char *buf, size_t len)
{
	struct fcgi_ctx	*c = arg;
	int		 n;

	n = FCGX_GetStr(buf, len > 65536 ? 65536 : (int)len, c->fr.in);
	return n < 0 ? -1 : n;
}

static int
fcgi_write(void *arg, const char *buf, size_t len)
{
	struct fcgi_ctx	*c = arg;

	return FCGX_PutStr(buf, (int)len, c->fr.out) == (int)len ? 0 : -1;
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

static int	 app_link(struct app *, char *, size_t, const char *, int);

/*
 * The links the mails carry, made once: they come from the configured
 * base URL and the path table, never from a request.  0, or -1 with a
 * message on stderr.
 */
static int
app_links(struct app *app)
{
	const struct dialect	*d = app->dialect;
	const char		*prefix;
	int			 len;

	prefix = paths_prefix(OP_VERIFY_LINK, &len);
	if (d != NULL && d->link_verify != NULL)
		prefix = d->link_verify;
	if (app_link(app, app->verify_link, sizeof(app->verify_link),
	    prefix, d != NULL && d->link_verify != NULL ? -1 : len) == -1)
		return -1;
	app->reset_link[0] = '\0';
	if (d != NULL && d->link_reset != NULL &&
	    app_link(app, app->reset_link, sizeof(app->reset_link),
	    d->link_reset, -1) == -1)
		return -1;
	return 0;
}

/*
 * The configured base URL and the "len" bytes of "path" (-1: a
 * dialect's link path, up to the "{token}" that must end it) into
 * "out".  0, or -1 with a message on stderr.
 */
static int
app_link(struct app *app, char *out, size_t outsz, const char *path,
    int len)
{
	const char	*tok;
	int		 n;

	if (len < 0) {
		tok = strstr(path, "{token}");
		if (tok == NULL || tok[sizeof("{token}") - 1] != '\0') {
			fprintf(stderr, "fcauth-%s: %s: link %s must end in "
			    "<token>\n", app->prog, app->dialect->file, path);
			return -1;
		}
		len = (int)(tok - path);
	}
	n = snprintf(out, outsz, "%s%.*s", app->cfg.base_url, len, path);
	if (n < 0 || (size_t)n >= outsz) {
		fprintf(stderr, "fcauth-%s: [mail] base_url is too long\n",
		    app->prog);
		return -1;
	}
	return 0;
}

int
app_dialect_load(const struct config *cfg, struct dialect **out,
    char *err, size_t errsz)
{
	char	 path[4096];
	int	 n;

	*out = NULL;
	if (cfg->dialect[0] == '\0')
		return 0;
	if (strchr(cfg->dialect, '/') != NULL)
		n = snprintf(path, sizeof(path), "%s", cfg->dialect);
	else
		n = snprintf(path, sizeof(path), "%s/%s", cfg->dialects_dir,
		    cfg->dialect);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		snprintf(err, errsz, "[api] dialect: path too long");
		return -1;
	}
	return (*out = dialect_load(path, err, errsz)) == NULL ? -1 : 0;
}

/*
 * The input names of the dialect's field lines, by field id, into
 * app->names: once at start.  A canonical field the input table does
 * not have (mfa_token) is read by nobody yet: left out.
 */
static void
app_names(struct app *app)
{
	const struct dialect_field	*df;
	enum field			 f;
	size_t				 i, j;

	memset(&app->names, 0, sizeof(app->names));
	for (i = 0; app->dialect != NULL && i < app->dialect->nfields; i++) {
		df = &app->dialect->fields[i];
		if ((f = input_lookup(df->canonical)) == FIELD__MAX)
			continue;
		for (j = 0; j < df->nnames && j < INPUT_NAMES_MAX; j++)
			app->names.names[f][j] = df->names[j];
		app->names.required[f] = df->required;
	}
}

int
app_cookie_mode(const struct app *app)
{
	return app->cfg.cookie_mode || (app->dialect_rule != NULL &&
	    app->dialect != NULL && app->dialect->refresh_cookie_path != NULL);
}

int
app_session_ttl(const struct app *app)
{
	return app->dialect_rule != NULL && app->dialect != NULL &&
	    app->dialect->access_ttl_session;
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
	if (app_dialect_load(&app->cfg, &app->dialect, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "fcauth-%s: %s\n", prog, err);
		goto err;
	}
	app_names(app);
	if (app_keys(app) == -1 || app_links(app) == -1)
		goto err;
	if ((app->tokens = jwt_cache_new()) == NULL ||
	    (app->feed = feed_new()) == NULL ||
	    (app->seen = seen_new()) == NULL) {
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
	if (app->seen != NULL && app->db != NULL &&
	    seen_flush(app->seen, app->db, time(NULL)) == -1)
		log_warn("last request times: %s", db_strerror(app->db));
	seen_free(app->seen);
	app->seen = NULL;
	feed_free(app->feed);
	app->feed = NULL;
	db_close(app->db);
	app->db = NULL;
	jwt_keyring_wipe(&app->ring);
	jwt_cache_free(app->tokens);
	app->tokens = NULL;
	dialect_free(app->dialect);
	app->dialect = NULL;
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
	struct fcgi_ctx		 c;
	struct http_source	 src = { fcgi_param, fcgi_read, &c };
	struct render_sink	 sink = { fcgi_write, &c };

	if (FCGX_InitRequest(&c.fr, sock, 0) != 0) {
		log_err("cannot initialise the FastCGI request");
		return;
	}
	while (!app_stopping && FCGX_Accept_r(&c.fr) >= 0) {
		fcgi_index(&c);
		dispatch_request(app, &src, &sink);
		FCGX_Finish_r(&c.fr);
	}
	FCGX_Free(&c.fr, 1);
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

/*
 * The match table of the program's operations "routes", from the path
 * table, and its Authorizer handler, if it serves OP_AUTHORIZE: once,
 * before the first request.  0, or -1 with a message logged.
 */
static int
app_routes(struct app *app, const struct route *routes, size_t nroutes)
{
	char	 err[256];
	size_t	 i;
	int	 n, nd;

	if ((nd = route_build_dialect(app->dialect, paths, routes, nroutes,
	    app->rules, DIALECT_ROUTES_MAX, err, sizeof(err))) == -1) {
		log_err("%s: route table: %s", app->dialect->file, err);
		return -1;
	}
	if ((n = route_build(paths, routes, nroutes, app->rules + nd,
	    OP__MAX, err, sizeof(err))) == -1) {
		log_err("route table: %s", err);
		return -1;
	}
	app->nrules = (size_t)nd + (size_t)n;
	memset(&app->authorizer, 0, sizeof(app->authorizer));
	for (i = 0; i < nroutes; i++)
		if (routes[i].op == OP_AUTHORIZE) {
			app->authorizer.methods = paths[OP_AUTHORIZE].methods;
			app->authorizer.guard = paths[OP_AUTHORIZE].guard;
			app->authorizer.op = OP_AUTHORIZE;
			app->authorizer.handler = routes[i].handler;
		}
	return 0;
}

/*
 * --routes: the program's canonical match table, one "METHOD PATH"
 * line per method, made as app_routes makes it (the path table and the
 * program's operations), without configuration, keys or database: the
 * route-drift test compares it with docs/openapi.yaml.  Exit status.
 */
static int
app_print_routes(const char *prog, const struct route *routes,
    size_t nroutes)
{
	struct route_rule	 rules[OP__MAX];
	char			 err[256];
	int			 n;

	if ((n = route_build(paths, routes, nroutes, rules, OP__MAX, err,
	    sizeof(err))) == -1) {
		fprintf(stderr, "fcauth-%s: route table: %s\n", prog, err);
		return 1;
	}
	if (route_print(stdout, rules, (size_t)n) == -1) {
		fprintf(stderr, "fcauth-%s: cannot write the routes\n", prog);
		return 1;
	}
	return 0;
}

static void
app_usage(const char *prog)
{
	fprintf(stderr, "usage: %s.fcgi [--config path] "
	    "[--listen unix:/path | host:port [--processes n]]\n"
	    "       %s.fcgi --routes\n", prog, prog);
}

int
app_main(int argc, char *argv[], const char *prog,
    const struct route *routes, size_t nroutes)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "processes", required_argument, NULL, 'p' },
		{ "routes", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct app	 app;
	const char		*cfgpath = NULL, *listen = NULL;
	int			 ch, procs = 1, rc = 0;
	struct http_source	 cgi_src = { cgi_param, cgi_read, NULL };
	struct render_sink	 cgi_sink = { cgi_write, NULL };

	while ((ch = getopt_long(argc, argv, "c:l:p:rh", opts, NULL)) != -1) {
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
		case 'r':
			return app_print_routes(prog, routes, nroutes);
		default:
			app_usage(prog);
			return ch == 'h' ? 0 : 2;
		}
	}
	if (app_setup(&app, prog, cfgpath) == -1)
		return 1;
	if (app_routes(&app, routes, nroutes) == -1) {
		app_teardown(&app);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0) {
		log_err("cannot initialise libfcgi");
		rc = 1;
	} else if (listen != NULL)
		rc = app_listen(&app, listen, procs);
	else if (FCGX_IsCGI())
		dispatch_request(&app, &cgi_src, &cgi_sink);
	else
		app_serve(&app, 0);
	fflush(stdout);
	app_teardown(&app);
	return rc;
}
