/*
 * check_log: the log module, with standard error sent to a temporary
 * file: the line format, level filter, request tag, control characters,
 * the 2048-byte cut, errno, and lines of several processes not mixing.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "log.h"
#include "unit.h"

#define LINE_MAX_BYTES	2048

static char	 errfile[256];

/* Send standard error to a fresh temporary file (O_APPEND). */
static void
capture(void)
{
	const char	*base;
	int		 fd;

	if ((base = getenv("TMPDIR")) == NULL || base[0] == '\0')
		base = "/tmp";
	snprintf(errfile, sizeof(errfile), "%s/check_log.XXXXXX", base);
	ck_assert_int_ge(fd = mkstemp(errfile), 0);
	close(fd);
	ck_assert_int_ge(fd = open(errfile, O_WRONLY | O_APPEND), 0);
	ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

static void
release(void)
{

	unlink(errfile);
}

/* What was written to standard error so far, malloc'd. */
static char *
captured(void)
{
	return unit_slurp(errfile);
}

/* The expected line "fcauth-test[pid]: <rest>\n". */
static void
assert_output(const char *rest)
{
	char	 want[4096];
	char	*got;

	snprintf(want, sizeof(want), "%s", rest);
	got = captured();
	ck_assert_str_eq(got, want);
	free(got);
}

static char *
prefix(char *buf, size_t bufsz, const char *level)
{

	snprintf(buf, bufsz, "fcauth-test[%ld]: %s: ", (long)getpid(), level);
	return buf;
}

START_TEST(test_format)
{
	char	 p[64], want[256];

	log_open("test", "info", 0);
	log_info("hello %d", 5);
	log_request("r1", "192.0.2.1");
	log_warn("cannot open %s", "x");
	log_request(NULL, NULL);
	log_err("bye");
	snprintf(want, sizeof(want), "%shello 5\n", prefix(p, sizeof(p),
	    "info"));
	snprintf(want + strlen(want), sizeof(want) - strlen(want),
	    "%s[r1 192.0.2.1] cannot open x\n", prefix(p, sizeof(p), "warn"));
	snprintf(want + strlen(want), sizeof(want) - strlen(want),
	    "%sbye\n", prefix(p, sizeof(p), "err"));
	assert_output(want);
}
END_TEST

/* Each level name and the levels it lets through (e, w, i, d). */
static const struct {
	const char	*level;
	const char	*shown;
} filters[] = {
	{ "err", "e" },
	{ "warn", "ew" },
	{ "info", "ewi" },
	{ "debug", "ewid" },
	{ "DEBUG", "ewid" },
	{ "bogus", "ewi" },
	{ NULL, "ewi" },
};

START_TEST(test_filter)
{
	char	 p[64], want[512] = "";
	char	*got;

	log_open("test", filters[_i].level, 0);
	log_err("e");
	log_warn("w");
	log_info("i");
	log_debug("d");
	if (strchr(filters[_i].shown, 'e') != NULL)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    "%se\n", prefix(p, sizeof(p), "err"));
	if (strchr(filters[_i].shown, 'w') != NULL)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    "%sw\n", prefix(p, sizeof(p), "warn"));
	if (strchr(filters[_i].shown, 'i') != NULL)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    "%si\n", prefix(p, sizeof(p), "info"));
	if (strchr(filters[_i].shown, 'd') != NULL)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    "%sd\n", prefix(p, sizeof(p), "debug"));
	got = captured();
	ck_assert_str_eq(got, want);
	free(got);
}
END_TEST

START_TEST(test_control_chars)
{
	char	 p[64], want[256];

	log_open("test", "info", 0);
	log_request("r\n1", NULL);
	log_info("user %s", "a\nfcauth-test[1]: err: forged\tx\x1b[0m\x7f");
	snprintf(want, sizeof(want),
	    "%s[r?1 -] user a?fcauth-test[1]: err: forged?x?[0m?\n",
	    prefix(p, sizeof(p), "info"));
	assert_output(want);
	log_request(NULL, NULL);
}
END_TEST

START_TEST(test_cut)
{
	char	*big, *got, *nl;
	size_t	 i;

	log_open("test", "info", 0);
	ck_assert_ptr_nonnull(big = malloc(5001));
	memset(big, 'x', 5000);
	big[5000] = '\0';
	log_info("%s", big);
	/* two-byte characters: the cut must not split one */
	for (i = 0; i < 5000; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	log_info("%s", big);
	got = captured();
	ck_assert_ptr_nonnull(nl = strchr(got, '\n'));
	ck_assert_uint_eq(nl - got + 1, LINE_MAX_BYTES);
	i = LINE_MAX_BYTES;
	ck_assert_ptr_nonnull(nl = strchr(got + i, '\n'));
	ck_assert_uint_le(nl - (got + i) + 1, LINE_MAX_BYTES);
	ck_assert_uint_ge(nl - (got + i) + 1, LINE_MAX_BYTES - 1);
	ck_assert_uint_eq((unsigned char)nl[-1], 0xa9);
	ck_assert_uint_eq((unsigned char)nl[-2], 0xc3);
	ck_assert_str_eq(nl, "\n");
	free(got);
	free(big);
}
END_TEST

START_TEST(test_errno)
{
	char	 p[64], want[256];

	log_open("test", "info", 0);
	errno = ENOENT;
	log_err("open: %m");
	ck_assert_int_eq(errno, ENOENT);
	errno = EACCES;
	log_debug("not shown");
	ck_assert_int_eq(errno, EACCES);
	snprintf(want, sizeof(want), "%sopen: %s\n",
	    prefix(p, sizeof(p), "err"), strerror(ENOENT));
	assert_output(want);
}
END_TEST

/* Four processes write long lines at once; no line may be torn. */
START_TEST(test_atomic_lines)
{
	char	 msg[1500];
	char	*got, *line, *next;
	pid_t	 pid[4];
	int	 i, j, status, nlines = 0;

	log_open("test", "info", 0);
	for (i = 0; i < 4; i++) {
		ck_assert_int_ge(pid[i] = fork(), 0);
		if (pid[i] != 0)
			continue;
		memset(msg, 'a' + i, sizeof(msg) - 1);
		msg[sizeof(msg) - 1] = '\0';
		for (j = 0; j < 200; j++)
			log_info("%s", msg);
		_exit(0);
	}
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(waitpid(pid[i], &status, 0), pid[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	got = captured();
	for (line = got; *line != '\0'; line = next) {
		ck_assert_ptr_nonnull(next = strchr(line, '\n'));
		*next++ = '\0';
		ck_assert_ptr_nonnull(strstr(line, ": info: "));
		line = strstr(line, ": info: ") + 8;
		ck_assert_uint_eq(strlen(line), sizeof(msg) - 1);
		ck_assert_uint_eq(strspn(line, (char[]){ line[0], '\0' }),
		    sizeof(msg) - 1);
		nlines++;
	}
	ck_assert_int_eq(nlines, 800);
	free(got);
}
END_TEST

static Suite *
log_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("log");
	tc = tcase_create("stderr");
	tcase_add_checked_fixture(tc, capture, release);
	tcase_add_test(tc, test_format);
	tcase_add_loop_test(tc, test_filter, 0,
	    sizeof(filters) / sizeof(filters[0]));
	tcase_add_test(tc, test_control_chars);
	tcase_add_test(tc, test_cut);
	tcase_add_test(tc, test_errno);
	tcase_add_test(tc, test_atomic_lines);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_log", log_suite, 0);
}
