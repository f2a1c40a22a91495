/*
 * unit: what the Check unit suites (tests/unit/check_*.c) share.  Built
 * once into tests/unit/libunit.a; never installed.
 */
#ifndef FCAUTH_UNIT_H
#define FCAUTH_UNIT_H

#include <check.h>

/* The number of elements of the array "a" (a table of test cases). */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Run the loop test "fn" once for each case of the table "tbl". */
#define LOOP(tc, fn, tbl) \
	tcase_add_loop_test((tc), (fn), 0, (int)NELEM(tbl))

/* Flags of unit_main. */
#define UNIT_SODIUM	0x01	/* initialise libsodium first */

/*
 * The whole main() of a suite: initialise what "flags" asks for, run
 * the suite "suite" makes (the runner frees it), and answer the exit
 * status: EXIT_SUCCESS when every test passed, else EXIT_FAILURE (also
 * when libsodium cannot start; "name" is the program for that message).
 */
int	 unit_main(const char *name, Suite *(*suite)(void), int flags);

/*
 * A new test case "name" of "s" whose every test runs between "setup"
 * and "teardown" (either may be NULL; Check's checked fixture, run in
 * the test's process).  Owned by "s"; add tests to it after.
 */
TCase	*unit_tcase(Suite *s, const char *name, void (*setup)(void),
	    void (*teardown)(void));

/*
 * The whole file "path" as a NUL-terminated string the caller frees.
 * Fails the running test if it cannot be read.
 */
char	*unit_slurp(const char *path);

/*
 * $FCAUTH_SRCDIR (set by make check: the source tree), or "." when it
 * is unset or empty.
 */
const char *unit_srcdir(void);

/* A byte sink for the renderer's output (struct render_sink's write). */
struct unit_buf {
	char	 data[16384];
	size_t	 len;
};

/*
 * Append "len" bytes of "s" to the struct unit_buf "arg", kept
 * NUL-terminated.  0, or -1 when it would not fit.
 */
int	 unit_buf_write(void *arg, const char *s, size_t len);

#endif /* FCAUTH_UNIT_H */
