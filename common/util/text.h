/*
 * text: the two string chores of the hot paths, copying into a fixed
 * buffer and writing a decimal, without snprintf's format parsing.
 */
#ifndef FCAUTH_TEXT_H
#define FCAUTH_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_INT_MAX	21	/* "-9223372036854775808" and its NUL */

/*
 * Copy "src" into "dst" of "dstsz" bytes, cut to fit and always
 * terminated (nothing is written when "dstsz" is 0); the length
 * copied.  What snprintf(dst, dstsz, "%s", src) does.
 */
size_t	 text_copy(char *dst, size_t dstsz, const char *src);

/* "v" in decimal into "out", terminated; its length. */
size_t	 text_int(char out[TEXT_INT_MAX], int64_t v);

#endif /* FCAUTH_TEXT_H */
