/*
 * qr: libqrencode's module matrix written as SVG.  Each row's runs of
 * dark modules become one "M x y h n v1 h -n z" each, so the image
 * stays a few kilobytes for an otpauth URI.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "qr.h"

#define QUIET	4	/* modules of white border (ISO/IEC 18004) */

static int	 put(char *, size_t, size_t *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

/* Append printf output to the buffer "b" of "*len" used, "cap" big. */
static int
put(char *b, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(b + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap - *len)
		return -1;
	*len += (size_t)n;
	return 0;
}

/* The runs of dark modules of row "y" of "q". */
static int
row(const QRcode *q, int y, char *b, size_t cap, size_t *len)
{
	const unsigned char	*m = q->data + (size_t)y * (size_t)q->width;
	int			 x, start;

	for (x = 0; x < q->width; ) {
		if (!(m[x] & 1)) {
			x++;
			continue;
		}
		for (start = x; x < q->width && (m[x] & 1); x++)
			;
		if (put(b, cap, len, "M%d %dh%dv1h-%dz", start + QUIET,
		    y + QUIET, x - start, x - start) == -1)
			return -1;
	}
	return 0;
}

char *
qr_svg(const char *text)
{
	QRcode	*q;
	char	*b;
	size_t	 cap, len = 0;
	int	 y, size;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return NULL;
	size = q->width + 2 * QUIET;
	/* a run is at most ~20 bytes and a row has at most width/2 runs */
	cap = 256 + (size_t)q->width * ((size_t)q->width / 2 + 1) * 24;
	if ((b = malloc(cap)) == NULL) {
		QRcode_free(q);
		return NULL;
	}
	if (put(b, cap, &len, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" shape-rendering=\"crispEdges\">",
	    size, size, size * 4) == -1 ||
	    put(b, cap, &len, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", size, size) == -1)
		goto fail;
	for (y = 0; y < q->width; y++)
		if (row(q, y, b, cap, &len) == -1)
			goto fail;
	if (put(b, cap, &len, "%s", "\"/></svg>") == -1)
		goto fail;
	QRcode_free(q);
	return b;
fail:
	QRcode_free(q);
	free(b);
	return NULL;
}
