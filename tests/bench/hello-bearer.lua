-- GET of /bench/hello with the signed-in users' bearer tokens in turn:
-- the transport ceiling of a request as large as check's and members'
-- (the hello program ignores the header).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path

require("tokens").bearer_get(function(row)
	return "/bench/hello"
end)
