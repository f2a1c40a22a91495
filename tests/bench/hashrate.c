/*
 * hashrate: the password-hashing ceiling of scripts/bench.  Runs one
 * process per core, each hashing with the configured method and cost
 * for a fixed time, and prints the total hashes per second.  Login and
 * register can go no faster than this.
 *
 *	hashrate CONFIG SECONDS PROCESSES
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "config.h"
#include "passwd.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Hash for "secs" seconds; write the count to "fd". */
static void
worker(double secs, int fd)
{
	char		 hash[PASSWD_HASH_MAX];
	double		 end = now() + secs;
	unsigned long	 n = 0;

	while (now() < end) {
		if (passwd_hash("correct horse battery", hash,
		    sizeof(hash)) == -1)
			_exit(1);
		n++;
	}
	if (write(fd, &n, sizeof(n)) != sizeof(n))
		_exit(1);
	_exit(0);
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	char		 err[512];
	int		 fds[2], procs, i;
	double		 secs, t0;
	unsigned long	 n, total = 0;

	if (argc != 4 || (secs = atof(argv[2])) <= 0 ||
	    (procs = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: hashrate CONFIG SECONDS PROCESSES\n");
		return 2;
	}
	if (sodium_init() < 0 ||
	    config_load(&cfg, argv[1], err, sizeof(err)) == -1) {
		fprintf(stderr, "hashrate: %s\n", err);
		return 1;
	}
	if (passwd_init(cfg.hash_method, cfg.hash_cost) == -1 ||
	    pipe(fds) == -1)
		return 1;
	t0 = now();
	for (i = 0; i < procs; i++)
		if (fork() == 0)
			worker(secs, fds[1]);
	close(fds[1]);
	while (read(fds[0], &n, sizeof(n)) == sizeof(n))
		total += n;
	while (wait(NULL) > 0)
		continue;
	printf("%s cost %u: %lu hashes in %.1f s on %d processes: %.1f/s\n",
	    cfg.hash_method, cfg.hash_cost, total, now() - t0, procs,
	    total / (now() - t0));
	config_free(&cfg);
	return 0;
}
