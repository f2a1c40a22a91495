/*
 * record: the contract check's recording mode of the integration test
 * client.  With $FCAUTH_TEST_CONTRACT_DIR set, every reply the client
 * gets from a base URL listed in $FCAUTH_TEST_CONTRACT_URLS (the
 * canonical instances; blank-separated) is appended as one JSON line
 * to "<dir>/<suite>-<pid>.jsonl": one file per process, so that the
 * suites make runs side by side, and Check's forked tests, never write
 * into the same file.  tests/openapi/contract.js validates the lines
 * against docs/openapi.yaml after make check.  Replies of other base
 * URLs (the dialect instances, Apache and nginx passes) are not
 * recorded: a dialect's replies are not the canonical API's.
 */
#ifndef FCAUTH_TEST_RECORD_H
#define FCAUTH_TEST_RECORD_H

struct resp;

/* The suite's name for the file names ("check_sessions"); borrowed. */
void	 record_suite(const char *name);

/*
 * Append the request "method" "path" (query included) sent to
 * "base_url" and its reply "r", when recording is on for "base_url".
 * A failure to write is reported on stderr once and ends the process
 * with status 1: a recording with holes would pass unseen.
 */
void	 record_reply(const char *base_url, const char *method,
	    const char *path, const struct resp *r);

#endif /* FCAUTH_TEST_RECORD_H */
