/*
 * utf8: the one UTF-8 decoder.  A valid sequence is the shortest-form
 * encoding of a Unicode scalar value: no stray continuation or bad lead
 * byte, no truncation, no overlong form, no surrogate (U+D800-DFFF),
 * nothing above U+10FFFF.
 */
#ifndef FCAUTH_UTF8_H
#define FCAUTH_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the sequence at "p" (before "end", p < end) into "*cp" (may be
 * NULL).  Returns its length, 1 to 4, or 0 if it is not valid; "*cp" is
 * set only when the length is returned.
 */
size_t		 utf8_decode(const unsigned char *p, const unsigned char *end,
		    uint32_t *cp);

/*
 * Decode the code point at "*p" of a NUL-terminated string into "*cp"
 * and advance "*p".  Returns 1, 0 at the terminating NUL, or -1 for an
 * invalid sequence ("*p" is left where it was).
 */
int		 utf8_next(const unsigned char **p, uint32_t *cp);

/* Whether "len" bytes at "s" are valid UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF): 1 or 0.  NULL is valid only with
 * a "len" of 0. */
int		 utf8_valid(const char *s, size_t len);

/* Number of code points in valid UTF-8 "s" (for invalid UTF-8 the
 * bytes that are not continuation bytes); 0 for NULL. */
size_t		 utf8_length(const char *s);

/*
 * The length of the "len" bytes at "s" without a last sequence that a
 * cut at "len" left incomplete: a byte limit on a character boundary.
 */
size_t		 utf8_cut(const char *s, size_t len);

/* Whether "cp" is a C0 control, DEL or a C1 control: 1 or 0. */
int		 utf8_is_control(uint32_t cp);

#endif /* FCAUTH_UTF8_H */
