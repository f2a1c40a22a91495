-- GET /api/v1/auth/check with valid bearer tokens spread over many
-- users: the check a site's own code asks before it answers.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path

require("tokens").bearer_get(function(row)
	return "/api/v1/auth/check"
end)
