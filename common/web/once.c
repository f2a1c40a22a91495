/*
 * once: see once.h.  The stored reply is the rendered response (status
 * line, headers, body) exactly as the first run wrote it, sealed with
 * crypto_secretbox under a key derived from the request's key: a reply
 * may hold tokens, and the table alone must not give them away.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "db.h"
#include "guard.h"
#include "http.h"
#include "log.h"
#include "msg.h"
#include "once.h"
#include "render.h"
#include "reply.h"

/* Domain separation of the two digests of a key (16 bytes at least). */
static const char	 once_id_ctx[] = "fcauth idempotency key id v1";
static const char	 once_seal_ctx[] = "fcauth idempotency seal v1";

/* The operations whose work must happen once. */
static int
once_op(enum op op)
{
	return op == OP_REGISTER || op == OP_FORGOT || op == OP_RESET ||
	    op == OP_RESET_TOKEN ||
	    op == OP_PROFILE_EMAIL || op == OP_PROFILE_DELETE;
}

/* The operations among them behind the bearer guard. */
static int
once_bearer(enum op op)
{
	return op == OP_PROFILE_EMAIL || op == OP_PROFILE_DELETE;
}

/* A key is 1 to ONCE_KEY_MAX printable ASCII characters. */
static int
once_key_ok(const char *k)
{
	size_t	 n;

	for (n = 0; k[n] != '\0'; n++)
		if (k[n] < 0x21 || k[n] > 0x7e)
			return 0;
	return n > 0 && n <= ONCE_KEY_MAX;
}

int
once_start(struct app *app, const struct request *req, struct reply *r)
{
	struct once		*o = &app->once;
	crypto_generichash_state st;
	unsigned char		 own[32];
	const unsigned char	*k;
	size_t			 klen;

	once_end(app);
	memset(o, 0, sizeof(*o));
	if (!once_op(app->op))
		return 0;
	if (req->idempotency_key[0] != '\0') {
		if (!once_key_ok(req->idempotency_key)) {
			reply_error(r, RC_MALFORMED_REQUEST,
			    msg_text(MSG_BAD_IDEMPOTENCY_KEY));
			return -1;
		}
		o->given = 1;
		k = (const unsigned char *)req->idempotency_key;
		klen = strlen(req->idempotency_key);
	} else {
		randombytes_buf(own, sizeof(own));
		k = own;
		klen = sizeof(own);
	}
	crypto_generichash(o->key_hash, IDEM_HASH, k, klen,
	    (const unsigned char *)once_id_ctx, sizeof(once_id_ctx) - 1);
	crypto_generichash(o->seal, sizeof(o->seal), k, klen,
	    (const unsigned char *)once_seal_ctx, sizeof(once_seal_ctx) - 1);
	sodium_memzero(own, sizeof(own));
	/* the same request: method, path and body */
	crypto_generichash_init(&st, NULL, 0, IDEM_HASH);
	crypto_generichash_update(&st, (const unsigned char *)req->method_name,
	    strlen(req->method_name) + 1);
	crypto_generichash_update(&st, (const unsigned char *)req->path,
	    strlen(req->path) + 1);
	if (req->body != NULL)
		crypto_generichash_update(&st,
		    (const unsigned char *)req->body, req->bodylen);
	crypto_generichash_final(&st, o->body_hash, IDEM_HASH);
	o->active = 1;
	return 0;
}

/* Open the sealed row into app->once.replay.  0, or -1 (not ours). */
static int
once_open(struct once *o, const struct idem_row *row)
{
	size_t	 n;

	if (row->replylen < crypto_secretbox_NONCEBYTES +
	    crypto_secretbox_MACBYTES)
		return -1;
	n = row->replylen - crypto_secretbox_NONCEBYTES -
	    crypto_secretbox_MACBYTES;
	if ((o->replay = malloc(n + 1)) == NULL)
		return -1;
	if (crypto_secretbox_open_easy((unsigned char *)o->replay,
	    row->reply + crypto_secretbox_NONCEBYTES,
	    row->replylen - crypto_secretbox_NONCEBYTES, row->reply,
	    o->seal) != 0) {
		free(o->replay);
		o->replay = NULL;
		return -1;
	}
	o->replaylen = n;
	return 0;
}

int
once_lookup(struct app *app, const struct request *req, struct reply *r,
    int attempt)
{
	struct once	*o = &app->once;
	struct idem_row	*row;
	int		 rc;

	/* a key of our own cannot be stored before our first run */
	if (!o->active || (!o->given && attempt == 0 && !o->raced))
		return 0;
	o->owner = 0;
	if (once_bearer(app->op)) {
		/* the account of a good signature: a deleted account's
		 * retry finds its reply, which the guard would refuse */
		if ((o->owner = guard_subject(app, req)) == 0)
			return 0;
	}
	if ((row = malloc(sizeof(*row))) == NULL) {
		app_internal(app, r, "idempotency: out of memory");
		return 1;
	}
	rc = idem_find(app->db, op_name(app->op), o->owner, o->key_hash, row);
	if (rc == -1) {
		free(row);
		app_db_failed(app, r, "idempotency");
		return -1;
	}
	if (rc == 0) {
		free(row);
		return 0;
	}
	if (sodium_memcmp(row->body_hash, o->body_hash, IDEM_HASH) != 0) {
		free(row);
		reply_error(r, RC_IDEMPOTENCY_KEY_REUSED, NULL);
		return 1;
	}
	rc = once_open(o, row);
	sodium_memzero(row, sizeof(*row));
	free(row);
	if (rc == -1) {
		app_internal(app, r, "idempotency: a stored reply that does "
		    "not open");
		return 1;
	}
	log_info("idempotency: the stored reply of an earlier run");
	return 1;
}

void
once_recheck(struct app *app, const struct request *req, struct reply *r,
    int attempt)
{
	struct reply	 again;

	log_info("idempotency: refused after a COMMIT of unknown outcome, "
	    "looking for its reply again");
	reply_init(&again);
	db_clear_error(app->db);
	if (once_lookup(app, req, &again, attempt) == -1) {
		reply_free(r);
		*r = again;
		return;
	}
	reply_free(&again);
}

/* A growing buffer that render writes into. */
struct once_buf {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

static int
once_buf_write(void *arg, const char *buf, size_t len)
{
	struct once_buf	*b = arg;

	if (len > b->cap - b->len)
		return -1;
	memcpy(b->p + b->len, buf, len);
	b->len += len;
	return 0;
}

/*
 * Render "r" for "req" as dispatch will and seal it into "out" (of
 * IDEM_REPLY_MAX bytes).  Its length, or 0 when it does not fit.
 */
static size_t
once_seal(struct app *app, const struct request *req,
    const struct reply *r, unsigned char *out)
{
	struct once_buf		 b;
	struct render_sink	 sink = { once_buf_write, &b };
	unsigned char		*plain;
	size_t			 n;

	b.cap = IDEM_REPLY_MAX - crypto_secretbox_NONCEBYTES -
	    crypto_secretbox_MACBYTES;
	b.len = 0;
	if ((b.p = plain = malloc(b.cap)) == NULL)
		return 0;
	if (render_reply_dialect(r, req, &app->cfg,
	    app->dialect_rule != NULL ? app->dialect : NULL,
	    app->dialect_rule != NULL ? (int)app->dialect_rule->op : 0,
	    &sink) == -1) {
		free(plain);
		return 0;
	}
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, plain,
	    b.len, out, app->once.seal);
	n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + b.len;
	sodium_memzero(plain, b.len);
	free(plain);
	return n;
}

int
app_commit(struct app *app, const struct request *req, struct reply *r)
{
	struct once	*o = &app->once;
	unsigned char	*sealed;
	size_t		 n;
	int		 rc;

	if (!o->active)
		return db_commit(app->db);
	/* the guard's account: what guard_subject finds on a retry */
	o->owner = once_bearer(app->op) ? app->who.user_id : 0;
	if ((sealed = malloc(IDEM_REPLY_MAX)) == NULL)
		return db_commit(app->db);
	if ((n = once_seal(app, req, r, sealed)) == 0) {
		/* too large to keep: committed without its reply */
		log_warn("idempotency: reply too large to store");
		free(sealed);
		return db_commit(app->db);
	}
	rc = idem_put(app->db, op_name(app->op), o->owner, o->key_hash,
	    o->body_hash, sealed, n);
	free(sealed);
	if (rc == 0) {
		/* the same key committed by a concurrent request: ours
		 * is undone, and the rerun answers with its reply */
		o->raced = 1;
		db_rollback(app->db);
		return -1;
	}
	if (rc == -1)
		return -1;
	return db_commit(app->db);
}

void
once_end(struct app *app)
{
	struct once	*o = &app->once;

	if (o->replay != NULL) {
		sodium_memzero(o->replay, o->replaylen);
		free(o->replay);
	}
	sodium_memzero(o, sizeof(*o));
}
