/*
 * libFuzzer target: config_load() (common/util/config*.c) on the input
 * written to a file.
 *
 * The file lives in a private directory made once per process (on
 * /dev/shm when there is one, else $TMPDIR or /tmp) beside two files
 * that an "include" may name: keys.conf (a [keys] section and the
 * current_kid for it) and loop.conf (which includes itself, to reach
 * the nesting cap).  An input that would include a path with a '/' in
 * it is skipped, so that the fuzzer never reads the rest of the file
 * system (a FIFO or /dev/zero would hang or fill memory, as they would
 * for an administrator who names them).
 *
 * Invariants: config_load() answers 0 or -1; -1 comes with a message
 * and a freed (zeroed) struct config; 0 gives a configuration whose
 * strings are all there, whose keys fit their slots, and that
 * config_dump() can print; config_free() then leaves nothing behind
 * (LeakSanitizer checks).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

static char	 dir[64];
static char	 path[96];

/* Write "len" bytes of "s" to "name" in the directory; aborts on error. */
static void
put(const char *name, const void *s, size_t len)
{
	char	 p[128];
	FILE	*fp;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((fp = fopen(p, "we")) == NULL ||
	    (len > 0 && fwrite(s, len, 1, fp) != 1) || fclose(fp) != 0) {
		perror(p);
		abort();
	}
}

/* Remove what setup() made (at exit). */
static void
cleanup(void)
{
	static const char *const names[] = {
		"fuzz.conf", "keys.conf", "loop.conf",
	};
	char	 p[128];
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* The directory and its two include targets, once. */
static void
setup(void)
{
	static const char keys[] =
	    "[keys]\n"
	    "k1 = ZmNhdXRoLWZ1enotY29uZmlnLWtleS0wMDAwMDAwMDA\n"
	    "[tokens]\n"
	    "current_kid = k1\n";
	static const char loop[] = "include = loop.conf\n";
	const char	*base;

	base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	if (base == NULL || strlen(base) > 32)
		base = "/tmp";
	snprintf(dir, sizeof(dir), "%s/fcauth-fuzz-XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/fuzz.conf", dir);
	put("keys.conf", keys, sizeof(keys) - 1);
	put("loop.conf", loop, sizeof(loop) - 1);
}

/* Whether a line of the input names "include" and a '/' (skipped). */
static int
includes_path(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data, *end = data + size, *nl;
	size_t		 n;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (memmem(p, n, "include", 7) != NULL &&
		    memchr(p, '/', n) != NULL)
			return 1;
		p = nl + 1;
	}
	return 0;
}

/* Print the configuration nowhere, to run config_dump() over it. */
static void
dump(const struct config *cfg)
{
	FILE	*fp;

	if ((fp = fopen("/dev/null", "we")) == NULL)
		abort();
	config_dump(cfg, fp);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int			 ready;
	static const struct config	 zero;
	struct config			 cfg;
	const struct config_key		*k;
	char				 err[512];
	size_t				 i;
	int				 rc;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (includes_path(data, size))
		return 0;
	put("fuzz.conf", data, size);

	memset(err, 'x', sizeof(err));
	rc = config_load(&cfg, path, err, sizeof(err));
	FUZZ_ASSERT(rc == 0 || rc == -1);
	FUZZ_ASSERT(memchr(err, '\0', sizeof(err)) != NULL);
	if (rc == -1) {
		FUZZ_ASSERT(err[0] != '\0');
		FUZZ_ASSERT(memcmp(&cfg, &zero, sizeof(cfg)) == 0);
		return 0;
	}
	FUZZ_ASSERT(err[0] == '\0');
	FUZZ_ASSERT(cfg.db_host != NULL && cfg.token_issuer != NULL &&
	    cfg.token_current_kid != NULL && cfg.hash_method != NULL &&
	    cfg.log_level != NULL && cfg.base_url != NULL);
	FUZZ_ASSERT(cfg.nkeys <= CONFIG_KEYS_MAX);
	for (i = 0; i < cfg.nkeys; i++) {
		FUZZ_ASSERT(cfg.keys[i].secretlen > 0 &&
		    cfg.keys[i].secretlen <= CONFIG_SECRET_MAX);
		FUZZ_ASSERT(strlen(cfg.keys[i].kid) > 0 &&
		    strlen(cfg.keys[i].kid) <= CONFIG_KID_MAX);
		if (cfg.token_alg == CONFIG_ALG_EDDSA)
			FUZZ_ASSERT(cfg.keys[i].secretlen == 32);
		else
			FUZZ_ASSERT(cfg.keys[i].secretlen >= 32);
	}
	k = config_current_key(&cfg);
	FUZZ_ASSERT(cfg.nkeys == 0 || k != NULL);
	FUZZ_ASSERT(cfg.login_backoff_base <= cfg.login_backoff_max);
	dump(&cfg);
	config_free(&cfg);
	FUZZ_ASSERT(memcmp(&cfg, &zero, sizeof(cfg)) == 0);
	return 0;
}
