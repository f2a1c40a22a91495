-- POST /api/v1/auth/refresh in rotation chains: every answer's new
-- refresh token goes back into the thread's pool for a later request.
-- Threads take disjoint slices of the tokens, so no token is presented
-- twice (which would be reuse and revoke its session).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local pool = {}
local counter = 0
local threads = {}

function setup(thread)
	counter = counter + 1
	thread:set("tid", counter)
	table.insert(threads, thread)
end

function init(args)
	local rows = require("tokens").load()
	local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
	for k = tid, #rows, nthreads do
		pool[#pool + 1] = rows[k].refresh
	end
end

function request()
	local tok = table.remove(pool, 1)
	if tok == nil then
		-- the pool ran dry (failed answers lose their token)
		return wrk.format("GET", "/api/v1/auth/refresh")
	end
	return wrk.format("POST", "/api/v1/auth/refresh",
	    { ["Content-Type"] = "application/json" },
	    '{"refresh_token":"' .. tok .. '"}')
end

function response(status, headers, body)
	local tok = body:match('"refresh_token":"([A-Za-z0-9_-]+)"')
	if tok then
		pool[#pool + 1] = tok
	end
end
