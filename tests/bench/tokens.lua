-- Shared by the scenario scripts of scripts/bench: read the file named
-- by $BENCH_DATA (one "user_id access_token refresh_token" per line;
-- another file of that shape when named) into a table, each wrk thread
-- starting at its own offset.
local M = {}

function M.load(file)
	local rows = {}
	for line in io.lines(file or os.getenv("BENCH_DATA")) do
		local id, access, refresh = line:match("^(%S+) (%S+) (%S+)$")
		if id then
			rows[#rows + 1] = { id = id, access = access, refresh = refresh }
		end
	end
	return rows
end

-- Make the calling script a scenario of GETs of path(row) with the
-- headers headers(row), over the rows of file (BENCH_DATA when nil):
-- wrk's init and request globals, each thread starting at a random row
-- and taking the rows in turn.
function M.get(path, headers, file)
	local rows, i

	function init(args)
		rows = M.load(file)
		i = math.random(#rows)
	end

	function request()
		i = i % #rows + 1
		return wrk.format("GET", path(rows[i]), headers(rows[i]))
	end
end

-- The same with the row's access token as the bearer.
function M.bearer_get(path)
	M.get(path, function(row)
		return { ["Authorization"] = "Bearer " .. row.access }
	end)
end

return M
