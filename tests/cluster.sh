#!/usr/bin/env bash
#
# tests/cluster.sh: fcauth scaled out, through scripts/cluster (3 Galera
# nodes, 3 web nodes, verification on, a mail worker on every web node).
#
#   1. many web nodes on one database: register through web 1, verify
#      through web 2, sign in through web 3; the token works on all
#      three; a logout through web 2 is refused by web 1 and 3 at once;
#      login failures through different nodes count together.
#   2. failover under a bounded load (registrations and logins from
#      CLIENTS clients, spread over the web nodes): database node 1
#      killed with SIGKILL, node 2 stopped cleanly, node 3 paused for
#      5 s.  Every reply is 2xx, 4xx or 503 with Retry-After, never
#      another 5xx; the accounts equal the 201 replies; every node
#      restarts and rejoins by IST; all three have the same row counts.
#   3. the mail workers of all nodes delivered each message once.
#
# Prints the measured figures (503 window per client, rows lost and
# doubled, IST rejoin times).  scripts/test runs it as the suite
# "cluster" (FCAUTH_TESTS=cluster), with CLUSTER_PORT=PORT+40.
#
#   CLUSTER_PORT   base port of scripts/cluster (default 3340)
#   CLIENTS=6      load clients
#   LOAD_SECONDS=12  seconds of load per failover case
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
CL=$ROOT/scripts/cluster
MAIL=$ROOT/var/cluster/mail
OUT=$ROOT/var/cluster/test
CLIENTS=${CLIENTS:-6}
LOAD_SECONDS=${LOAD_SECONDS:-12}
PW=Correct-horse-battery-9
RUN=$(date +%s)$$
declare -a WEB=()
PASS=0
FAIL=0

say() { printf 'cluster: %s\n' "$*"; }
ok() { PASS=$((PASS + 1)); say "ok: $*"; }
bad() { FAIL=$((FAIL + 1)); say "FAIL: $*"; }
check() { # check WHAT WANT GOT
	if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1: want $2, got $3"; fi
}

# req METHOD URL [JSON] [TOKEN]: the reply's body in $BODY, status in $ST.
req() {
	local h=()
	[[ -z ${4:-} ]] || h=(-H "Authorization: Bearer $4")
	BODY=$(curl -s -m 20 -X "$1" -H 'Content-Type: application/json' \
		"${h[@]}" ${3:+-d "$3"} -w '\n%{http_code}' "$2") || true
	ST=${BODY##*$'\n'}
	BODY=${BODY%$'\n'*}
}

jfield() { jq -r "$1 // empty" <<<"$BODY" 2>/dev/null; }

# The confirmation code of the newest mail to $1, waited for (10 s).
mail_code() {
	local f i
	for ((i = 0; i < 50; i++)); do
		f=$(grep -l -i "^To:.*$1" "$MAIL"/*.eml 2>/dev/null | tail -n 1)
		if [[ -n $f ]]; then
			sed -n 's/^    \([0-9]\{4,10\}\)[[:space:]]*$/\1/p' "$f" | head -n 1
			return 0
		fi
		sleep 0.2
	done
	return 1
}

cleanup() {
	"$CL" down >/dev/null 2>&1 || true
}

# --- 1. many web nodes on one database --------------------------------

t_web_nodes() {
	local e=one-$RUN@example.com vid code tok i
	req POST "${WEB[1]}/api/v1/auth/register" "{\"email\":\"$e\",\"password\":\"$PW\"}"
	check "register through web 1" 201 "$ST"
	vid=$(jfield .data.verification_id)
	code=$(mail_code "$e") || code=
	[[ -n $code ]] && ok "confirmation mail delivered" || bad "no confirmation mail for $e"
	req POST "${WEB[2]}/api/v1/auth/verify" "{\"verification_id\":\"$vid\",\"code\":\"$code\"}"
	check "verify through web 2" 200 "$ST"
	req POST "${WEB[3]}/api/v1/auth/login" "{\"login\":\"$e\",\"password\":\"$PW\"}"
	check "sign in through web 3" 200 "$ST"
	tok=$(jfield .data.access_token)
	for i in 1 2 3; do
		req GET "${WEB[$i]}/api/v1/profile" "" "$tok"
		check "the token works on web $i" 200 "$ST"
	done
	req POST "${WEB[2]}/api/v1/auth/logout" "{}" "$tok"
	check "logout through web 2" 200 "$ST"
	for i in 1 3; do
		req GET "${WEB[$i]}/api/v1/profile" "" "$tok"
		check "web $i refuses the token after the logout on web 2" 401 "$ST"
	done
	# login_pair_max = 5: five failures, through web 1, 2, 3, 1, 2, and
	# the sixth try (through web 3, right password) is throttled.
	for i in 1 2 3 1 2; do
		req POST "${WEB[$i]}/api/v1/auth/login" "{\"login\":\"$e\",\"password\":\"wrong-$i-password\"}"
		check "failure $i counted (web $i)" 401 "$ST"
	done
	req POST "${WEB[3]}/api/v1/auth/login" "{\"login\":\"$e\",\"password\":\"$PW\"}"
	check "failures through three nodes throttle together (web 3)" 429 "$ST"
}

# --- 2. failover under load ----------------------------------------------

# client C END: register a new account and log in to it, over and over
# until END (epoch seconds), through web node C mod 3 + 1.  One line per
# request: ms status retry-after kind email.
client() {
	local c=$1 end=$2 n=0 w e line
	w=${WEB[$((c % 3 + 1))]}
	while (($(date +%s) < end)); do
		n=$((n + 1))
		e=load-$RUN-$CASE-$c-$n@example.com
		line=$(curl -s -o /dev/null -m 20 -X POST -H 'Content-Type: application/json' \
			-d "{\"email\":\"$e\",\"password\":\"$PW\"}" \
			-w '%{http_code} %header{retry-after}' "$w/api/v1/auth/register") || line="000 "
		printf '%s %s register %s\n' "$(date +%s%3N)" "${line/% / -}" "$e"
		line=$(curl -s -o /dev/null -m 20 -X POST -H 'Content-Type: application/json' \
			-d "{\"login\":\"$e\",\"password\":\"$PW\"}" \
			-w '%{http_code} %header{retry-after}' "$w/api/v1/auth/login") || line="000 "
		printf '%s %s login %s\n' "$(date +%s%3N)" "${line/% / -}" "$e"
	done
}

count_rows() {
	"$CL" sql "$1" "SELECT (SELECT COUNT(*) FROM fcauth.users), (SELECT COUNT(*) FROM fcauth.verifications), (SELECT COUNT(*) FROM fcauth.mail_outbox), (SELECT COUNT(*) FROM fcauth.sessions)" 2>/dev/null | tr '\t' ' '
}

# failover CASE ACTION UNDO: the load, ACTION on a node 3 s in, UNDO
# (a restart) after the load; then the checks.
failover() {
	local end c pids=() bad5 r201 accounts win w rejoin n1 n2 n3 lost extra i
	CASE=$1
	end=$(($(date +%s) + LOAD_SECONDS))
	for ((c = 0; c < CLIENTS; c++)); do
		client "$c" "$end" >"$OUT/$CASE-client$c.log" 2>/dev/null &
		pids+=($!)
	done
	sleep 3
	say "$CASE: $2"
	eval "$2"
	wait "${pids[@]}"
	say "$CASE: $3"
	rejoin=$(eval "$3" 2>&1) || bad "$CASE: $3 failed: $rejoin"
	say "$CASE: $rejoin"
	case $rejoin in
	*"by IST"*) ok "$CASE: the node rejoined by IST" ;;
	*"stayed"*) ok "$CASE: the node stayed in the cluster and is Synced" ;;
	*) bad "$CASE: the node did not rejoin by IST" ;;
	esac

	cat "$OUT/$CASE"-client*.log >"$OUT/$CASE.log"
	bad5=$(awk '$2 >= 500 && !($2 == 503 && $3 != "-") || $2 == "000"' "$OUT/$CASE.log" | wc -l)
	check "$CASE: no 5xx without Retry-After (nor a 500, nor a dropped reply)" 0 "$bad5"
	awk '$2 >= 500 && !($2 == 503 && $3 != "-") || $2 == "000"' "$OUT/$CASE.log" | head -n 5
	r201=$(awk '$4 == "register" && $2 == 201' "$OUT/$CASE.log" | wc -l)
	accounts=$("$CL" sql 2 "SELECT COUNT(*) FROM fcauth.users WHERE email LIKE 'load-$RUN-$CASE-%'")
	say "$CASE: $(wc -l <"$OUT/$CASE.log") requests, $r201 registrations answered 201, $accounts accounts; $(awk '$2 == 503' "$OUT/$CASE.log" | wc -l) answered 503"
	say "$CASE: rows lost $((r201 > accounts ? r201 - accounts : 0)), doubled or unanswered $((accounts > r201 ? accounts - r201 : 0))"
	lost=$(comm -23 <(awk '$4 == "register" && $2 == 201 { print $5 }' "$OUT/$CASE.log" | sort) \
		<("$CL" sql 2 "SELECT email FROM fcauth.users WHERE email LIKE 'load-$RUN-$CASE-%'" | sort) | wc -l)
	check "$CASE: no account answered 201 is missing (rows lost)" 0 "$lost"
	# An account whose registration was not answered 201: its COMMIT
	# reached the cluster while the connection died in it.  The
	# program reruns such a request on the next node, which finds the
	# reply stored with the commit (common/web/once.c) and answers it:
	# there must be none.
	extra=$(comm -13 <(awk '$4 == "register" && $2 == 201 { print $5 }' "$OUT/$CASE.log" | sort) \
		<("$CL" sql 2 "SELECT email FROM fcauth.users WHERE email LIKE 'load-$RUN-$CASE-%'" | sort))
	if [[ -z $extra ]]; then
		ok "$CASE: accounts equal the 201 replies"
	else
		bad "$CASE: $(wc -l <<<"$extra") account(s) made by a registration not answered 201 (a COMMIT of unknown outcome not rerun):"
		grep -F -f <(printf '%s\n' "$extra") "$OUT/$CASE.log" | grep register | sed 's/^/cluster:   /'
		unknown_log | tail -n 40 | sed 's/^/cluster:   /'
	fi
	say "$CASE: $(cat "$ROOT"/var/cluster/web/*/log/lighttpd-error.log 2>/dev/null | grep -c 'COMMIT of unknown outcome') reruns after a COMMIT of unknown outcome so far, $(cat "$ROOT"/var/cluster/web/*/log/lighttpd-error.log 2>/dev/null | grep -c 'stored reply of an earlier run') answered with the stored reply"
	# The 503 window of each client: the longest time it had no answer
	# but "try again", from the last other reply before a run of 503s
	# to the first other reply after it.  A client may see two such
	# runs (when a node stops and when it comes back): each is a window
	# of its own, the good replies between them are not "no answer".
	win=within
	for ((c = 0; c < CLIENTS; c++)); do
		w=$(awk '
		NR == 1 { good = $1 }
		{ t = $1 }
		$2 == 503 { if (!in503) { from = good; in503 = 1; runs++ } n++; next }
		{ if (in503) { if ($1 - from > max) max = $1 - from; in503 = 0 } good = $1 }
		END {
			if (!n) { print "0 none"; exit }
			if (in503 && t - from > max) max = t - from
			printf "%d %.1f s (%d replies 503 in %d run(s))\n", max, max / 1000, n, runs
		}' "$OUT/$CASE-client$c.log")
		say "$CASE: client $c (web $((c % 3 + 1))): 503 window ${w#* }"
		((${w%% *} < 10000)) || win="over 10 s (client $c)"
	done
	check "$CASE: every client answered correctly again within 10 s" within "$win"
	for ((i = 0; i < 20; i++)); do
		sleep 0.5
		n1=$(count_rows 1) n2=$(count_rows 2) n3=$(count_rows 3)
		[[ $n1 == "$n2" && $n2 == "$n3" && -n $n1 ]] && break
	done
	say "$CASE: rows (users verifications outbox sessions): db1 $n1, db2 $n2, db3 $n3"
	[[ $n1 == "$n2" && $n2 == "$n3" && -n $n1 ]] &&
		ok "$CASE: the three nodes have the same row counts" ||
		bad "$CASE: the nodes' row counts differ"
}

# The web nodes' log lines of every request that met a COMMIT of
# unknown outcome: what each run of it did.
unknown_log() {
	local f
	for f in "$ROOT"/var/cluster/web/*/log/lighttpd-error.log; do
		awk '{ l[NR] = $0; id[NR] = "" }
		match($0, /\[[0-9a-f]+ /) { id[NR] = substr($0, RSTART, RLENGTH) }
		/COMMIT of unknown outcome/ { ids[id[NR]] = 1 }
		END { for (i = 1; i <= NR; i++) if (id[i] != "" && id[i] in ids) print l[i] }' "$f"
	done
}

# wait_synced N: node N Synced again after a pause (30 s at most), and
# how: a node evicted while it was stopped catches up by IST by itself.
wait_synced() {
	local i t0=$SECONDS st
	for ((i = 0; i < 100; i++)); do
		st=$("$CL" sql "$1" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)
		[[ $st == Synced ]] && break
		sleep 0.3
	done
	# Evicted (paused past evs.inactive_timeout), it rejoins by IST on
	# its own; paused less, it stayed a member and the others waited.
	if [[ $(tail -c +"$PAUSE_LOG_OFF" "$ROOT/var/cluster/log/db$1.log") == *"IST received"* ]]; then
		st="$st, rejoined by IST"
	else
		st="$st, stayed in the cluster (size $("$CL" sql "$1" "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2))"
	fi
	echo "db $1 $st after $((SECONDS - t0)) s"
	[[ $st == Synced* ]]
}

# --- 3. mail once -------------------------------------------------------

t_mail_once() {
	local queued sent files dup i leased unmarked
	for ((i = 0; i < 100; i++)); do
		queued=$("$CL" sql 1 "SELECT COUNT(*) FROM fcauth.mail_outbox WHERE status <> 'sent'")
		[[ $queued == 0 ]] && break
		sleep 0.3
	done
	# A message claimed by a worker whose database node died before the
	# claim or the "sent" mark committed waits out its lease (15 min)
	# and is counted apart: delivered (its mark lost: it would go
	# again after the lease) or not (it goes then).
	queued=$("$CL" sql 1 "SELECT COUNT(*) FROM fcauth.mail_outbox WHERE status = 'queued' AND attempts = 0")
	check "every mail not caught in a node's death sent" 0 "$queued"
	sent=$("$CL" sql 1 "SELECT COUNT(*) FROM fcauth.mail_outbox WHERE status = 'sent'")
	leased=$("$CL" sql 1 "SELECT to_addr FROM fcauth.mail_outbox WHERE status = 'queued' AND attempts > 0")
	files=$(find "$MAIL" -name '*.eml' | wc -l)
	dup=$(grep -h -i '^To:' "$MAIL"/*.eml | sort | uniq -d | wc -l)
	unmarked=0
	if [[ -n $leased ]]; then
		unmarked=$(grep -l -i -F -f <(sed 's/^/To: /' <<<"$leased") "$MAIL"/*.eml | wc -l)
	fi
	say "mail: $sent marked sent, $files delivered, $(grep -c . <<<"$leased") leased when their node died ($unmarked of them delivered, mark lost), $dup addresses with more than one"
	check "each message marked sent delivered once by the workers of all nodes" "$sent" "$((files - unmarked))"
	check "no address got a mail twice" 0 "$dup"
}

main() {
	local line t0
	mkdir -p "$OUT"
	rm -f "$OUT"/*.log
	trap cleanup EXIT
	t0=$SECONDS
	while read -r line; do
		say "$line"
		[[ $line =~ ^web\ ([0-9])\ (http://.*)$ ]] && WEB[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
	done < <(VERIFICATION=yes WEB_NODES=3 "$CL" up 2>"$OUT/up.log" || echo "up failed")
	if ((${#WEB[@]} != 3)); then
		tail -n 30 "$OUT/up.log"
		bad "scripts/cluster up"
		exit 1
	fi
	say "up in $((SECONDS - t0)) s"
	t_web_nodes
	failover kill "$CL kill 1" "$CL start 1"
	failover stop "$CL stop 2" "$CL start 2"
	PAUSE_LOG_OFF=$(($(stat -c %s "$ROOT/var/cluster/log/db3.log") + 1))
	failover pause "$CL pause 3; sleep 5; $CL resume 3; sleep 1" "wait_synced 3"
	t_mail_once
	grep -h ' 500 \|internal_error\|: err:' "$ROOT"/var/cluster/web/*/log/lighttpd-error.log | head -n 5
	say "$PASS passed, $FAIL failed ($((SECONDS - t0)) s)"
	((FAIL == 0))
}

main "$@"
