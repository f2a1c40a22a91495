/*
 * raw: one HTTP/1.x exchange over a plain TCP socket, for the requests
 * that libcurl would tidy up before sending (lower-case methods, bad
 * percent-encoding, a Content-Length that lies, NUL bytes, oversized
 * headers).  The reply goes into the struct resp of client.h, so that
 * resp_code, resp_header and the rest work on it.
 */
#ifndef FCAUTH_TEST_RAW_H
#define FCAUTH_TEST_RAW_H

#include <stddef.h>

#include "client.h"

#define RAW_SHUT_WR	0x01	/* half-close the write side after sending */

/*
 * Send the "len" bytes at "req" as they are to the host and port of
 * client_base_url() (client_init_or_exit must have run), then read
 * until the server closes the connection or "timeout_ms" pass.  "r" is
 * cleared on entry; r->status is 0 when the connection closed (or the
 * time ran out) without a status line.  "*seconds" (may be NULL) gets
 * the time from connect to the end of the answer.  Release "r" with
 * resp_free.  Returns 0 when the exchange finished (closed by the
 * server), -1 on a socket error or timeout (message in r->error).
 */
int	 raw_exchange(const char *req, size_t len, int flags, int timeout_ms,
	    struct resp *r, double *seconds);

#endif /* FCAUTH_TEST_RAW_H */
