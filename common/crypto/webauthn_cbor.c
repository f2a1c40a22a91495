/*
 * webauthn_cbor: the bounded walk over CBOR that stands between hostile
 * bytes and cbor_load()/libfido2.  libcbor's builder allocates a
 * collection as soon as it reads its declared size, so a few bytes
 * claiming 2^32 members would cost gigabytes; the streaming decoder
 * lets us count first.  WebAuthn's CBOR is CTAP2 canonical: definite
 * lengths, no tags, so anything else is refused here.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cbor.h>

#include "webauthn_private.h"

struct walk {
	size_t		 left[WA_CBOR_DEPTH];	/* members still due */
	size_t		 depth;			/* open collections */
	size_t		 items;
	size_t		 avail;			/* bytes after the head */
	int		 done;			/* the top item is complete */
	int		 bad;
};

/* One data item ended: close every collection it completes. */
static void
walk_item(struct walk *w)
{

	if (++w->items > WA_CBOR_ITEMS) {
		w->bad = 1;
		return;
	}
	while (w->depth > 0) {
		if (--w->left[w->depth - 1] > 0)
			return;
		w->depth--;
	}
	w->done = 1;
}

/* A collection of "n" members opened (a map's are 2 per pair). */
static void
walk_open(struct walk *w, size_t n)
{

	if (n > w->avail) {		/* every member takes a byte */
		w->bad = 1;
		return;
	}
	if (n == 0) {
		walk_item(w);
		return;
	}
	if (++w->items > WA_CBOR_ITEMS || w->depth == WA_CBOR_DEPTH) {
		w->bad = 1;
		return;
	}
	w->left[w->depth++] = n;
}

/* The scalars and strings: one item each. */
static void
cb_u8(void *c, uint8_t v)
{

	walk_item(c);
}

static void
cb_u16(void *c, uint16_t v)
{

	walk_item(c);
}

static void
cb_u32(void *c, uint32_t v)
{

	walk_item(c);
}

static void
cb_u64(void *c, uint64_t v)
{

	walk_item(c);
}

static void
cb_str(void *c, cbor_data d, size_t n)
{

	walk_item(c);
}

static void
cb_float(void *c, float v)
{

	walk_item(c);
}

static void
cb_double(void *c, double v)
{

	walk_item(c);
}

static void
cb_simple(void *c)
{

	walk_item(c);
}

static void
cb_bool(void *c, bool v)
{

	walk_item(c);
}

/* Indefinite lengths, breaks and tags: not CTAP2 canonical CBOR. */
static void
cb_bad(void *c)
{

	((struct walk *)c)->bad = 1;
}

static void
cb_bad64(void *c, uint64_t v)
{

	((struct walk *)c)->bad = 1;
}

static void
cb_array(void *c, size_t n)
{

	walk_open(c, n);
}

static void
cb_map(void *c, size_t n)
{
	struct walk	*w = c;

	if (n > SIZE_MAX / 2) {
		w->bad = 1;
		return;
	}
	walk_open(w, n * 2);
}

static const struct cbor_callbacks walk_callbacks = {
	.uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
	.negint8 = cb_u8, .negint16 = cb_u16, .negint32 = cb_u32,
	.negint64 = cb_u64,
	.byte_string = cb_str, .string = cb_str,
	.byte_string_start = cb_bad, .string_start = cb_bad,
	.indef_array_start = cb_bad, .indef_map_start = cb_bad,
	.indef_break = cb_bad,
	.array_start = cb_array, .map_start = cb_map,
	.tag = cb_bad64,
	.float2 = cb_float, .float4 = cb_float, .float8 = cb_double,
	.undefined = cb_simple, .null = cb_simple, .boolean = cb_bool,
};

int
wa_cbor_walk(const unsigned char *p, size_t len, size_t *used)
{
	struct walk			 w = { .depth = 0 };
	struct cbor_decoder_result	 r;
	size_t				 off = 0;

	*used = 0;
	if (p == NULL)
		return -1;
	while (!w.done) {
		if (off >= len)
			return -1;
		/* Members still due can only be in the bytes after a head. */
		w.avail = len - off - 1;
		r = cbor_stream_decode(p + off, len - off, &walk_callbacks,
		    &w);
		if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || w.bad)
			return -1;
		off += r.read;
	}
	*used = off;
	return 0;
}
