-- GET /api/v1/profile with valid bearer tokens spread over many users.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path

require("tokens").bearer_get(function(row)
	return "/api/v1/profile"
end)
