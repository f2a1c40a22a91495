-- POST /api/v1/auth/register with a new address every time.
local counter = 0
local run

function setup(thread)
	counter = counter + 1
	thread:set("tid", counter)
end

function init(args)
	run = os.getenv("BENCH_RUN")
	counter = 0
end

function request()
	counter = counter + 1
	return wrk.format("POST", "/api/v1/auth/register",
	    { ["Content-Type"] = "application/json" },
	    '{"email":"new' .. run .. "t" .. tid .. "n" .. counter ..
	    '@bench.example","password":"correct horse battery"}')
end
