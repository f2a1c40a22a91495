-- GET /api/v1/users/{id}/activity, each user asking for its own.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path

require("tokens").bearer_get(function(row)
	return "/api/v1/users/" .. row.id .. "/activity"
end)
