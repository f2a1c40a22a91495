#!/usr/bin/env bash
#
# tests/serve-stop.sh: scripts/serve stops every process it started.
# Runs scripts/serve (FCAUTH_SKIP_BUILD=1: the programs must be built)
# on PORT with its state in var/serve-stop/, sends a request to every
# program, then stops it as a user would: SIGINT to its whole process
# group (the terminal's Ctrl-C), once as from a terminal and once
# started as a background job of a script (where SIGINT is ignored on
# entry), and SIGTERM to the script alone (kill, a service manager).  After each stop no program
# of the tree's cgi-bin/ with that configuration, no lighttpd, MariaDB
# or mail worker of var/serve-stop/ may be left.  scripts/test runs it
# (t_serve_stop); alone: PORT=18090 tests/serve-stop.sh.  Prints
# "serve-stop: N passed, N failed"; exit status 0, 1 on a leftover, 77
# (skip) when the programs are not built.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
PORT=${PORT:?set PORT to a free port}
STATE=serve-stop
VAR=$ROOT/var/$STATE
CONF=$VAR/fcauth.conf
CGI=${FCAUTH_CGI_DIR:-$ROOT/cgi-bin}
LOG=$VAR/serve.log
PATHS=(/api/v1/auth/jwks.json /api/v1/auth/register /api/v1/auth/verify/status
	/api/v1/profile /api/v1/activity /api/v1/users/1/activity /members/)

msg() {
	printf 'serve-stop: %s\n' "$*" >&2
}

# The pids of what scripts/serve started for var/serve-stop/: programs
# of our cgi-bin/ with its configuration, and whatever names its
# directory on the command line (lighttpd, mariadbd, the mail worker).
ours() {
	local d pid exe
	for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		((pid != $$)) || continue
		exe=$(readlink "$d/exe" 2>/dev/null) || continue
		if [[ $exe == "$CGI"/* ]]; then
			tr '\0' '\n' <"$d/environ" 2>/dev/null |
				grep -qxF "FCAUTH_CONFIG=$CONF" || continue
		else
			tr '\0' ' ' <"$d/cmdline" 2>/dev/null |
				grep -qF "$VAR/" || continue
			# not this script, its children or scripts/serve itself
			[[ $exe != */bash && $exe != */grep && $exe != */tr ]] || continue
		fi
		printf '%s\n' "$pid"
	done
}

# One "ps" line per pid on stdin.
show() {
	local pid
	while read -r pid; do
		ps -o pid=,ppid=,args= -p "$pid" 2>/dev/null || true
	done
}

# round SIGNAL tty|bg: start, use and stop scripts/serve; 0 when
# nothing is left.
round() {
	local sig=$1 how=$2 pid deadline left p hung=0

	: >"$LOG"
	# Its own process group, as a shell gives a foreground command.
	# "bg": as a background job of a script, which starts with SIGINT
	# ignored; else with SIGINT at its default, as under a terminal.
	if [[ $how == bg ]]; then
		setsid env PORT="$PORT" FCAUTH_SKIP_BUILD=1 FCAUTH_STATE="$STATE" \
			"$ROOT/scripts/serve" </dev/null >>"$LOG" 2>&1 &
	else
		setsid env --default-signal=INT PORT="$PORT" FCAUTH_SKIP_BUILD=1 \
			FCAUTH_STATE="$STATE" "$ROOT/scripts/serve" </dev/null >>"$LOG" 2>&1 &
	fi
	pid=$!
	deadline=$((SECONDS + 180))
	until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
		if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
			tail -n 20 "$LOG" >&2
			msg "scripts/serve did not come up on port $PORT"
			kill -TERM "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			return 1
		fi
		sleep 0.5
	done
	for p in "${PATHS[@]}"; do
		curl -s -o /dev/null --max-time 10 "http://127.0.0.1:$PORT$p" || true
	done
	msg "SIG$sig ($how): $(ours | wc -l) processes of var/$STATE/ before the stop"
	if [[ $sig == INT ]]; then
		kill -INT -- "-$pid"
	else
		kill -TERM "$pid"
	fi
	deadline=$((SECONDS + 60))
	while kill -0 "$pid" 2>/dev/null; do
		if ((SECONDS > deadline)); then
			msg "scripts/serve still runs 60 s after SIG$sig: sending SIGTERM"
			kill -TERM "$pid" 2>/dev/null || true
			hung=1
			deadline=$((SECONDS + 60))
		fi
		sleep 0.2
	done
	wait "$pid" 2>/dev/null || true
	# a program respawned during the stop shows up a little later
	sleep 2
	left=$(ours)
	[[ -z $left ]] && return "$hung"
	msg "left running after SIG$sig to scripts/serve:"
	show <<<"$left" >&2
	# shellcheck disable=SC2086 # one pid a word
	kill -TERM $left 2>/dev/null || true
	sleep 1
	left=$(ours)
	# shellcheck disable=SC2086
	[[ -z $left ]] || kill -KILL $left 2>/dev/null || true
	return 1
}

main() {
	local pass=0 fail=0 r

	if [[ ! -x $CGI/auth.fcgi || ! -x $ROOT/admin/fcauthctl ]]; then
		msg "not built: skipping"
		exit 77
	fi
	command -v curl >/dev/null || { msg "no curl"; exit 1; }
	mkdir -p "$VAR"
	for r in "INT tty" "INT bg" "TERM bg"; do
		# shellcheck disable=SC2086 # two words
		if round $r; then
			pass=$((pass + 1))
			msg "SIG$r: nothing left"
		else
			fail=$((fail + 1))
		fi
	done
	printf 'serve-stop: %d passed, %d failed\n' "$pass" "$fail"
	((fail == 0))
}

main "$@"
