-- GET /api/v1/profile with valid bearer tokens spread over many users.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local rows, i

function init(args)
	rows = require("tokens").load()
	i = math.random(#rows)
end

function request()
	i = i % #rows + 1
	return wrk.format("GET", "/api/v1/profile",
	    { ["Authorization"] = "Bearer " .. rows[i].access })
end
