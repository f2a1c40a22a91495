-- GET /api/v1/users/{id}/activity, each user asking for its own.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local rows, i

function init(args)
	rows = require("tokens").load()
	i = math.random(#rows)
end

function request()
	i = i % #rows + 1
	return wrk.format("GET", "/api/v1/users/" .. rows[i].id .. "/activity",
	    { ["Authorization"] = "Bearer " .. rows[i].access })
end
