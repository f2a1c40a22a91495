/*
 * db: one MariaDB connection per process: connecting (with failover
 * over a list of host[:port] entries, sticking to the one that
 * answers until it fails), dropping it, the class of the last error and
 * whether the server is known not to answer.
 *
 * The other pieces of the module (db_private.h) run statements over
 * this connection.  When the connection is lost, the connection and
 * every prepared statement are dropped together; a call outside a
 * transaction reconnects and runs once more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "config.h"
#include "db_private.h"
#include "hostport.h"
#include "list.h"
#include "log.h"

/*
 * Sort a server or client error number into what the caller can do
 * about it.
 */
static enum db_error
db_classify(unsigned int no)
{
	switch (no) {
	case 0:
		return DB_OK;
	case ER_DUP_ENTRY:
		return DB_DUPLICATE;
	case ER_LOCK_DEADLOCK:
		/* also Galera's certification conflict, at COMMIT */
	case ER_LOCK_WAIT_TIMEOUT:
		return DB_RETRY;
	case ER_NO_REFERENCED_ROW_2:
		/* e.g. a login's session for an account deleted meanwhile */
		return DB_GONE;
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_UNKNOWN_HOST:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_SERVER_LOST_EXTENDED:
	case CR_COMMANDS_OUT_OF_SYNC:
	case ER_SERVER_SHUTDOWN:
	case ER_CONNECTION_KILLED:
	case ER_CON_COUNT_ERROR:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
	case ER_ERROR_DURING_COMMIT:
		/*
		 * 1180 from Galera: "Not connected to Primary Component", a
		 * node cut off from the quorum refusing the COMMIT, which
		 * therefore did not happen: another node can run it.
		 */
	case ER_UNKNOWN_COM_ERROR:
		/*
		 * 1047: a Galera node that is joining or lost quorum ("WSREP
		 * has not yet prepared node for application use"): as good
		 * as down, another node can answer.
		 */
		return DB_DOWN;
	default:
		return no >= 2000 && no < 3000 ? DB_DOWN : DB_FAILED;
	}
}

void
db_set_error(struct db *db, unsigned int no, const char *msg)
{
	db->err = db_classify(no);
	snprintf(db->errmsg, sizeof(db->errmsg), "%u: %s", no,
	    msg != NULL ? msg : "unknown error");
	if (db->err == DB_DOWN) {
		/* the host we were on failed: the next connection tries the next */
		if (db->my != NULL)
			db->host_next++;
		db_disconnect(db);
	}
}

void
db_stmt_error(struct db *db, MYSQL_STMT *stmt)
{
	db_set_error(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
}

struct db *
db_open(const struct config *cfg)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->cfg = cfg;
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

/*
 * Drop the connection first: Connector/C then detaches every statement
 * from it, so closing them sends nothing to a server that may be gone.
 */
void
db_disconnect(struct db *db)
{
	size_t	 i;

	/* in_tx stays set: a COMMIT must not reach a new connection */
	db->open = NULL;
	if (db->my != NULL) {
		mysql_close(db->my);
		db->my = NULL;
	}
	for (i = 0; i < DB_CACHE; i++) {
		if (db->cache[i].stmt != NULL)
			mysql_stmt_close(db->cache[i].stmt);
		db->cache[i].stmt = NULL;
		db->cache[i].sql = NULL;
	}
}

/* Try one host and port (or the socket).  0 connected, -1 not. */
static int
db_connect_one(struct db *db, const char *host, unsigned port)
{
	const struct config *c = db->cfg;
	const char	*sock = c->db_socket[0] != '\0' ? c->db_socket : NULL;
	unsigned int	 ct = c->db_connect_timeout;
	unsigned int	 rt = c->db_read_timeout;
	unsigned int	 wt = c->db_write_timeout;
	my_bool		 off = 0;
	char		 init[256];

	if ((db->my = mysql_init(NULL)) == NULL) {
		db_set_error(db, CR_OUT_OF_MEMORY, "out of memory");
		return -1;
	}
	mysql_options(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(db->my, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_options(db->my, MYSQL_OPT_WRITE_TIMEOUT, &wt);
	mysql_options(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/*
	 * A lock wait must end on the server (ER_LOCK_WAIT_TIMEOUT, which
	 * the dispatcher retries once) before our read timeout gives up
	 * on the connection: one second less, at least one.
	 */
	/*
	 * [database] sync_wait: Galera's causal reads (a read waits until
	 * this node has applied what any node committed before it), only
	 * when asked for, so that a server without wsrep never sees it.
	 */
	snprintf(init, sizeof(init), "SET time_zone = '+00:00', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,"
	    "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO', "
	    "innodb_lock_wait_timeout = %u%s%.0u", rt > 1 ? rt - 1 : 1,
	    c->db_sync_wait > 0 ? ", wsrep_sync_wait = " : "",
	    c->db_sync_wait);
	mysql_options(db->my, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db->my, sock != NULL ? "localhost" : host,
	    c->db_user, c->db_password, c->db_name, port, sock,
	    CLIENT_FOUND_ROWS) == NULL) {
		snprintf(db->errmsg, sizeof(db->errmsg), "%u: %s",
		    mysql_errno(db->my), mysql_error(db->my));
		db->err = db_classify(mysql_errno(db->my)) == DB_FAILED ?
		    DB_FAILED : DB_DOWN;
		mysql_close(db->my);
		db->my = NULL;
		return -1;
	}
	return 0;
}

/* The number of items of the host list. */
static size_t
db_host_count(const char *list)
{
	struct list_iter	 it;
	const char		*p;
	size_t			 len, n = 0;

	list_start(&it, list, strlen(list));
	while (list_next(&it, &p, &len))
		n++;
	return n;
}

/*
 * Try item "k" of the host list (host[:port], hostport.c).  0
 * connected, -1 not (then logged).
 */
static int
db_connect_nth(struct db *db, size_t k)
{
	char			 host[256];
	struct list_iter	 it;
	const char		*p;
	size_t			 len, i = 0;
	unsigned		 port;

	list_start(&it, db->cfg->db_host, strlen(db->cfg->db_host));
	while (list_next(&it, &p, &len) && i++ < k)
		;
	if (p == NULL || hostport_split(p, len, db->cfg->db_port, host,
	    sizeof(host), &port) == -1) {
		/* config_check refuses such a list: not reached */
		db->err = DB_FAILED;
		snprintf(db->errmsg, sizeof(db->errmsg), "bad database host");
		return -1;
	}
	if (db_connect_one(db, host, port) == 0)
		return 0;
	log_warn("database host %s port %u: %s", host, port, db->errmsg);
	return -1;
}

/*
 * Connect to the socket, or to the hosts of the comma list in turn,
 * starting with the one that answered last (the choice sticks until
 * that host fails: db_set_error moves host_next on).  0, or -1 with
 * the error of the last try.
 */
int
db_connect(struct db *db)
{
	size_t	 i, n;

	if (db->my != NULL)
		return 0;
	db->err = DB_OK;
	if (db->cfg->db_socket[0] != '\0') {
		db->unreachable = db_connect_one(db, NULL,
		    db->cfg->db_port) == -1;
		return db->unreachable ? -1 : 0;
	}
	n = db_host_count(db->cfg->db_host);
	for (i = 0; i < n; i++) {
		if (db_connect_nth(db, (db->host_next + i) % n) == 0) {
			db->host_next = (db->host_next + i) % n;
			db->unreachable = 0;
			return 0;
		}
	}
	db->unreachable = 1;
	if (db->err == DB_OK) {
		db->err = DB_FAILED;
		snprintf(db->errmsg, sizeof(db->errmsg), "no database host");
	}
	return -1;
}

/*
 * After a call that began at "t0" lost the connection: a connection
 * that merely went stale (the server restarted, or closed it while we
 * were idle) fails at once, while a server that hangs makes us wait
 * out a timeout.  Mark the latter unreachable so that nobody waits out
 * a second timeout on it in the same request.
 */
void
db_note_timeout(struct db *db, long long t0)
{
	unsigned int	 t = db->cfg->db_read_timeout;

	if (db->cfg->db_write_timeout < t)
		t = db->cfg->db_write_timeout;
	if (db->err == DB_DOWN && t > 0 &&
	    db_now_ms() - t0 >= (long long)t * 1000 - 100)
		db->unreachable = 1;
}

enum db_error
db_error(const struct db *db)
{
	return db->err;
}

const char *
db_strerror(const struct db *db)
{
	return db->err == DB_OK ? "no error" : db->errmsg;
}

int
db_unreachable(const struct db *db)
{
	return db->unreachable;
}

void
db_clear_error(struct db *db)
{
	db->err = DB_OK;
	db->errmsg[0] = '\0';
}
