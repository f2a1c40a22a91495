-- POST /api/v1/auth/login with valid credentials of seeded users.
local n = tonumber(os.getenv("BENCH_USERS"))

function request()
	local k = math.random(n)
	return wrk.format("POST", "/api/v1/auth/login",
	    { ["Content-Type"] = "application/json" },
	    '{"email":"bench' .. k .. '@bench.example",' ..
	    '"password":"correct horse battery"}')
end
