-- GET of tests/bench/session.php (the LAMP baseline) with the PHP
-- session cookies of as many users as the token scenarios sign in:
-- $BENCH_PHP_DATA has "user_id session_id -" per line.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path

require("tokens").get(function(row)
	return "/bench/session.php"
end, function(row)
	return { ["Cookie"] = "PHPSESSID=" .. row.access }
end, os.getenv("BENCH_PHP_DATA"))
