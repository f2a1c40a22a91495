/*
 * touch: many sessions' activity in one UPDATE.  The ids go as one
 * JSON array parameter, which JSON_TABLE turns into rows to join: the
 * statement is prepared once, whatever their number.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "touch.h"

static const char touch_sql[] =
	"UPDATE sessions s JOIN JSON_TABLE(?, '$[*]' COLUMNS "
	    "(id BIGINT UNSIGNED PATH '$')) j ON s.id = j.id "
	    "JOIN users u ON u.id = s.user_id "
	    "SET s.last_used_at = UTC_TIMESTAMP(), "
	    "u.last_request_at = UTC_TIMESTAMP()";

int
touch_sessions(struct db *db, const int64_t *sids, size_t n)
{
	struct db_val	 arg;
	char		*json, *p;
	size_t		 i;
	int		 rc;

	if (n == 0)
		return 0;
	if (n > TOUCH_MAX)
		n = TOUCH_MAX;
	/* "[" ids of at most 20 digits and a comma each "]" */
	if ((json = malloc(n * 21 + 3)) == NULL)
		return -1;
	p = json;
	*p++ = '[';
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%" PRId64, i > 0 ? "," : "", sids[i]);
	*p++ = ']';
	*p = '\0';
	arg = DBV_STR(json);
	rc = db_exec(db, touch_sql, &arg, 1) == -1 ? -1 : 0;
	free(json);
	return rc;
}
