-- GET of a fixed path: the hello and hello-db ceilings.
local path = os.getenv("BENCH_PATH")

function request()
	return wrk.format("GET", path)
end
