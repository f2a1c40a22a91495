/*
 * dispatch: one request through the pipeline: read (http.c), match
 * (route.c), guard (guard.c), handler (cgi-bin/), render (render.c).
 * The guard answers with a verdict; this file turns a refusal, a
 * missing path or method and a failed database call into the reply.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "cors.h"
#include "db.h"
#include "dispatch.h"
#include "guard.h"
#include "http.h"
#include "input.h"
#include "log.h"
#include "msg.h"
#include "render.h"
#include "reply.h"

/* The reply code of each refusal of the guard. */
static const enum reply_code refusal_codes[GUARD__MAX] = {
	RC_OK,				/* GUARD_PASS */
	RC_TOKEN_INVALID,		/* GUARD_TOKEN_INVALID */
	RC_TOKEN_EXPIRED,		/* GUARD_TOKEN_EXPIRED */
	RC_ACCOUNT_DISABLED,		/* GUARD_ACCOUNT_DISABLED */
	RC_EMAIL_NOT_VERIFIED,		/* GUARD_NOT_VERIFIED */
	RC_TOKEN_MISSING,		/* GUARD_TOKEN_MISSING */
	RC_FORBIDDEN,			/* GUARD_CROSS_SITE */
	RC_INTERNAL_ERROR,		/* GUARD_DB_ERROR */
	RC_SERVICE_UNAVAILABLE,		/* GUARD_FEED_STALE */
};

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
	if (app->once.raced) {
		/* dispatch runs it again, which answers the other's reply */
		log_info("%s: the same Idempotency-Key committed meanwhile",
		    what);
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 1);
	} else if (e == DB_DOWN) {
		log_warn("%s: database unavailable: %s", what,
		    db_strerror(app->db));
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 5);
	} else if (e == DB_RETRY) {
		/* a deadlock or lock wait timeout: busy, not broken */
		log_warn("%s: database busy: %s", what, db_strerror(app->db));
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 1);
	} else if (e == DB_GONE) {
		/* dispatch runs it again, which finds the row gone */
		log_warn("%s: a row it refers to went meanwhile: %s", what,
		    db_strerror(app->db));
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 1);
	} else {
		log_err("%s: database error: %s", what, db_strerror(app->db));
		reply_error(r, RC_INTERNAL_ERROR, NULL);
	}
}

void
app_refused(struct app *app, struct reply *r, enum guard_verdict v)
{
	if (v == GUARD_DB_ERROR)
		app_db_failed(app, r, "guard");
	else if (v == GUARD_FEED_STALE)
		/* feed.c logged it when it began */
		reply_retry(r, RC_SERVICE_UNAVAILABLE, 1);
	else if ((int)v <= GUARD_PASS || v >= GUARD__MAX)
		app_internal(app, r, "guard: no verdict");
	else
		reply_error(r, refusal_codes[v],
		    v == GUARD_CROSS_SITE ? msg_text(MSG_CROSS_SITE) : NULL);
}

/*
 * Map a failed read of the request to its reply.  The body is read
 * last: a malformed request without one failed on its URL or a header.
 */
static void
dispatch_bad_request(const struct request *req, struct reply *r,
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
		reply_error(r, RC_MALFORMED_REQUEST, msg_text(MSG_HEADER_TOO_LONG));
		break;
	case HTTP_READ_IO:
		reply_error(r, RC_MALFORMED_REQUEST, msg_text(MSG_BODY_CUT));
		break;
	case HTTP_READ_FIELDS:
		reply_error(r, RC_MALFORMED_REQUEST,
		    msg_text(MSG_TOO_MANY_FIELDS));
		break;
	case HTTP_READ_NOMEM:
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		break;
	default:
		reply_error(r, RC_MALFORMED_REQUEST, req->body == NULL ?
		    msg_text(MSG_BAD_URL) : NULL);
		break;
	}
}

/*
 * Reruns after a COMMIT of unknown outcome, beyond the first: the
 * outcome must be found out (once.h), and a cluster that just lost a
 * node may refuse or drop the first connections to the others while
 * it reconfigures.  Each waits a little longer (0.25, 0.5, 1, 2 s).
 */
#define DISPATCH_UNKNOWN_RERUNS	4

/* Whether reply "r" after database error "e" is worth another run. */
static int
dispatch_retryable(const struct reply *r, enum db_error e)
{

	return (r->code == RC_SERVICE_UNAVAILABLE ||
	    r->code == RC_INTERNAL_ERROR) &&
	    (e == DB_DOWN || e == DB_RETRY || e == DB_GONE);
}

/* The pause before run "attempt" (2 and on) after an unknown COMMIT. */
static void
dispatch_pause(int attempt)
{
	struct timespec	 ts;
	long		 ms = 125L << (attempt - 1);

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	(void)nanosleep(&ts, NULL);
}

/*
 * Run the rule's guard and handler: a rule that sets or clears the
 * session cookies refuses cross-site requests in cookie mode, once,
 * before anything else.  A handler that failed on a lost connection, a
 * deadlock or a row deleted under it (an account deleted while it
 * logged in) is run once more from the start: its transaction was
 * rolled back, so nothing of the first try remains, and the second
 * sees the world as it is now (the account gone: invalid_credentials,
 * token_invalid).
 * Not when the database is unreachable (a connection attempt failed or
 * timed out): a second try would only make the client wait out the
 * timeouts again before the same 503; except after a COMMIT whose
 * outcome is unknown in an operation of once.h, whose rerun (on the
 * next host) finds out whether its work was done and answers as the
 * first run would have -- up to DISPATCH_UNKNOWN_RERUNS more times
 * while the database can't be reached to find out; and a rerun's
 * refusal then is only the answer once a last look found no stored
 * reply (once_recheck).  Nor after a refusal of the guard, a database
 * error of its own included.
 */
static void
dispatch_run(struct app *app, const struct route_rule *rt,
    struct request *req, struct reply *r)
{
	enum guard_verdict	 v;
	enum db_error		 e;
	int			 attempt, runs = 2, unknown = 0, rc;

	app->op = rt->op;
	app->dialect_rule = rt->dialect;
	/* a dialect's route reads the fields under the dialect's names */
	if (rt->dialect != NULL)
		input_use_names(req->fields, &app->names);
	if (rt->guard == PATH_COOKIES &&
	    (v = guard_check_site(app, req)) != GUARD_PASS) {
		app_refused(app, r, v);
		return;
	}
	if (once_start(app, req, r) == -1)
		return;
	for (attempt = 0; attempt < runs; attempt++) {
		if (attempt > 1)
			dispatch_pause(attempt);
		db_clear_error(app->db);
		guard_forget(&app->who);
		/* before the guard: a deleted account's retry has its reply */
		if ((rc = once_lookup(app, req, r, attempt)) != 0) {
			/* the outcome still unknown: find out on a later run */
			if (rc == -1 && unknown && attempt + 1 < runs &&
			    dispatch_retryable(r, db_error(app->db))) {
				log_info("retrying to find out the outcome of "
				    "a COMMIT");
				reply_free(r);
				continue;
			}
			return;
		}
		if (rt->guard == PATH_BEARER &&
		    (v = guard_check(app, req, &app->who)) != GUARD_PASS) {
			app_refused(app, r, v);
			return;
		}
		if (rt->guard == PATH_BEARER &&
		    guard_mfa_enrol_pending(&app->cfg, &app->who) &&
		    !guard_mfa_enrol_op(rt->op)) {
			reply_error(r, RC_FORBIDDEN,
			    msg_text(MSG_MFA_ENROL_REQUIRED));
			return;
		}
		rt->handler(app, req, r);
		e = db_error(app->db);
		if (app->once.active && db_commit_unknown(app->db) &&
		    !unknown) {
			unknown = 1;
			runs = attempt + 2 + DISPATCH_UNKNOWN_RERUNS;
		}
		db_rollback(app->db);
		if (app->once.raced && attempt == 0) {
			reply_free(r);
			continue;
		}
		if (attempt + 1 >= runs || !dispatch_retryable(r, e) ||
		    (!unknown && (attempt > 0 ||
		    (e == DB_DOWN && db_unreachable(app->db))))) {
			if (unknown && r->status >= 400)
				once_recheck(app, req, r, attempt);
			return;
		}
		log_info(unknown ? "retrying after a COMMIT of unknown outcome" :
		    "retrying after database error");
		reply_free(r);
	}
}

/*
 * The answer to lighttpd's server.error-handler asking about error
 * "status" it raised itself (404 no program for the path, 413, 503 a
 * program down, ...): that status, in the envelope, with the code of
 * the table that has it (else malformed_request or
 * service_unavailable), never the handler of the path.
 */
static void
dispatch_server_error(struct reply *r, int status)
{
	enum reply_code	 c;

	for (c = RC_MALFORMED_REQUEST; c < RC__MAX; c++)
		if (reply_code_status(c) == status)
			break;
	if (c == RC__MAX)
		c = status >= 500 ? RC_SERVICE_UNAVAILABLE :
		    RC_MALFORMED_REQUEST;
	reply_error(r, c, NULL);
	r->status = status;
}

/*
 * Find the request's rule and run it: 404 for a path no rule has, 405
 * with Allow for a method none of its rules takes, the CORS preflight
 * for OPTIONS there.  A FastCGI Authorizer request takes OP_AUTHORIZE
 * whatever its method and path, or is refused (403).
 */
static void
dispatch_route(struct app *app, struct request *req, struct reply *r)
{
	unsigned	 allowed = 0;
	char		 allow[128];
	int		 idx;

	if (strcmp(req->fcgi_role, "RESPONDER") != 0) {
		/* any method and path: the server asks about its request */
		if (app->authorizer.handler == NULL ||
		    strcmp(req->fcgi_role, "AUTHORIZER") != 0)
			reply_error(r, RC_FORBIDDEN, NULL);
		else
			dispatch_run(app, &app->authorizer, req, r);
		return;
	}
	/*
	 * Asked again by the server's error handler: a body-less POST it
	 * refused (411, read as that POST: http.c) runs here if this
	 * program serves it, else stays the 411; any other error stays
	 * what it was.
	 */
	if (req->redirect_status != 0 && req->redirect_status != 411) {
		dispatch_server_error(r, req->redirect_status);
		return;
	}
	idx = route_match(app->rules, app->nrules, req->method, req->path,
	    &app->params, &allowed);
	if (req->redirect_status == 411 && idx < 0) {
		dispatch_server_error(r, 411);
		return;
	}
	if (idx == -2 && req->method == HTTP_OPTIONS) {
		cors_preflight(r, allowed);
	} else if (idx == -1) {
		reply_error(r, RC_NOT_FOUND, NULL);
	} else if (idx == -2) {
		route_allow_header(allowed, allow, sizeof(allow));
		reply_error(r, RC_METHOD_NOT_ALLOWED, NULL);
		reply_header(r, "Allow", "%s", allow);
	} else
		dispatch_run(app, &app->rules[idx], req, r);
}

/*
 * A request that could not be read whole (a malformed body, too large,
 * too many fields) but whose method and path take a dialect's route is
 * answered in the dialect's words: mark it so, without running
 * anything.
 */
static void
dispatch_mark(struct app *app, const struct request *req)
{
	struct route_params	 params;
	int			 idx;

	if (req->path == NULL || req->fcgi_role == NULL ||
	    strcmp(req->fcgi_role, "RESPONDER") != 0)
		return;
	idx = route_match(app->rules, app->nrules, req->method, req->path,
	    &params, NULL);
	if (idx >= 0 && app->rules[idx].dialect != NULL) {
		app->op = app->rules[idx].op;
		app->dialect_rule = app->rules[idx].dialect;
	}
}

void
dispatch_request(struct app *app, const struct http_source *src,
    const struct render_sink *sink)
{
	struct request		 req;
	struct reply		 r;
	struct http_limits	 lim;
	enum http_status	 st;
	struct timespec		 t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	app->now = time(NULL);
	app->op = OP__MAX;
	app->dialect_rule = NULL;
	memset(&app->params, 0, sizeof(app->params));
	memset(&req, 0, sizeof(req));
	reply_init(&r);
	lim.max_body = app->cfg.max_body;
	lim.max_depth = app->cfg.max_json_depth;
	lim.max_header = 8192;
	lim.trusted_proxies = app->cfg.trusted_proxies;

	st = http_request_read(&req, src, &lim);
	log_request(req.reqid, req.addr);
	if (st != HTTP_READ_OK) {
		dispatch_bad_request(&req, &r, st);
		dispatch_mark(app, &req);
	} else
		dispatch_route(app, &req, &r);
	if (app->once.replay != NULL) {
		if (sink->write(sink->arg, app->once.replay,
		    app->once.replaylen) == -1)
			log_warn("cannot write reply");
	} else if (render_reply_dialect(&r, &req, &app->cfg,
	    app->dialect_rule != NULL ? app->dialect : NULL,
	    app->dialect_rule != NULL ? (int)app->dialect_rule->op : 0,
	    sink) == -1)
		log_warn("cannot write reply");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* debug, not info: the web server's access log has every request,
	 * and a line per request is a write(2) the hot path can do without */
	log_debug("%s %s %s %d %s %ldms", req.method_name != NULL ?
	    req.method_name : "-", req.path != NULL ? req.path : "-",
	    op_name(app->op), r.status, reply_code_name(r.code),
	    (long)((t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000));
	log_request(NULL, NULL);
	once_end(app);
	reply_free(&r);
	http_request_free(&req);
}
