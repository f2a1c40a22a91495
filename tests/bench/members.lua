-- GET of a static page under /members/ with valid bearer tokens spread
-- over many users: lighttpd asks auth.fcgi (the FastCGI authorizer)
-- first, then serves the file itself.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path

require("tokens").bearer_get(function(row)
	return "/members/hello.json"
end)
