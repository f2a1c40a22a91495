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

return M
