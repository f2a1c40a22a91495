-- Shared by the scenario scripts of scripts/bench: read the file named
-- by $BENCH_DATA (one "user_id access_token refresh_token" per line)
-- into a table, each wrk thread starting at its own offset.
local M = {}

function M.load()
	local rows = {}
	for line in io.lines(os.getenv("BENCH_DATA")) do
		local id, access, refresh = line:match("^(%S+) (%S+) (%S+)$")
		if id then
			rows[#rows + 1] = { id = id, access = access, refresh = refresh }
		end
	end
	return rows
end

-- Make the calling script a scenario of GETs of path(row) with the
-- row's access token as the bearer: wrk's init and request globals,
-- each thread starting at a random row and taking the rows in turn.
function M.bearer_get(path)
	local rows, i

	function init(args)
		rows = M.load()
		i = math.random(#rows)
	end

	function request()
		i = i % #rows + 1
		return wrk.format("GET", path(rows[i]),
		    { ["Authorization"] = "Bearer " .. rows[i].access })
	end
end

return M
