#!/bin/sh
#
# cgi-smoke: each of the five programs run as a classic CGI program (as
# under Apache's mod_cgi): the request in the environment and on
# standard input, the reply on standard output, one request and exit.
# Checks the Status line, the headers and the JSON envelope.
#
# Environment: FCAUTH_TEST_CONFIG (the test server's fcauth.conf; unset:
# skip, status 77).  Run by "make check" from the build directory.

set -u

if [ -z "${FCAUTH_TEST_CONFIG:-}" ]; then
	echo "cgi-smoke: FCAUTH_TEST_CONFIG is not set: skipped"
	exit 77
fi

fail=0
n=0
out=$(mktemp) || exit 99
err=$(mktemp) || exit 99
trap 'rm -f "$out" "$err"' EXIT

# cgi PROGRAM METHOD URI [CONTENT_TYPE BODY]: run PROGRAM as a CGI with
# a clean environment; its output in $out, its log lines in $err.
cgi() {
	prog=$1 method=$2 uri=$3 ctype=${4:-} body=${5:-}
	printf '%s' "$body" | env -i PATH=/usr/bin:/bin \
		FCAUTH_CONFIG="$FCAUTH_TEST_CONFIG" \
		GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
		SERVER_NAME=127.0.0.1 SERVER_PORT=80 \
		REMOTE_ADDR=127.0.0.1 REQUEST_METHOD="$method" \
		REQUEST_URI="$uri" QUERY_STRING="${uri#*\?}" \
		CONTENT_TYPE="$ctype" CONTENT_LENGTH="${#body}" \
		HTTP_AUTHORIZATION="Bearer x.y.z" \
		"cgi-bin/$prog.fcgi" >"$out" 2>"$err"
}

# expect NAME STATUS:CODE...: the last cgi run answered with one of the
# pairs: "Status: STATUS ..." first, the JSON type, no-store, and the
# envelope with "code":"CODE".
expect() {
	name=$1
	shift
	n=$((n + 1))
	why="no answer"
	for want in "$@"; do
		status=${want%%:*} code=${want#*:}
		why=""
		head -n 1 "$out" | tr -d '\r' | grep -q "^Status: $status " ||
			why="first line is not 'Status: $status ...'"
		grep -q '^Content-Type: application/json; charset=utf-8' "$out" ||
			why="$why; no JSON Content-Type"
		grep -q '^Cache-Control: no-store' "$out" ||
			why="$why; no Cache-Control: no-store"
		# the body follows the first empty line
		sed '1,/^\r\{0,1\}$/d' "$out" |
			grep -q "^{\"success\":[a-z]*,\"code\":\"$code\"" ||
			why="$why; body is not the envelope with code $code"
		[ -n "$why" ] || break
	done
	if [ -n "$why" ]; then
		echo "FAIL: $name (want $*):${why#;}"
		echo "--- output:"; cat "$out"
		echo "--- stderr:"; cat "$err"
		fail=$((fail + 1))
	else
		echo "ok: $name: $status $code"
	fi
}

for p in auth registration verification profile activity; do
	if [ ! -x "cgi-bin/$p.fcgi" ]; then
		echo "FAIL: cgi-bin/$p.fcgi is not built"
		exit 1
	fi
done

# A route each program has: its own 405 or 404, through its router.
cgi auth PUT /api/v1/auth/login
expect "auth: PUT login" 405:method_not_allowed
cgi registration GET "/api/v1/auth/register?x=1"
expect "registration: GET register" 405:method_not_allowed
for p in verification profile activity; do
	cgi "$p" GET "/api/v1/$p/no/such/route"
	expect "$p: unknown route" 404:not_found
done

# With a body and the database: a login that fails, a bad registration,
# and one that succeeds (a unique address: the test may run again).
body='{"email":"nobody-cgi@example.com","password":"Not the password 1"}'
cgi auth POST /api/v1/auth/login application/json "$body"
expect "auth: POST login, unknown account" 401:invalid_credentials
cgi registration POST /api/v1/auth/register application/json '{"email":"bad"}'
expect "registration: POST register, invalid" 400:validation_failed
email="cgi-smoke-$$-$(date +%s)@example.com"
body="{\"email\":\"$email\",\"password\":\"Tr0ub4dor & 3 horses!\"}"
cgi registration POST /api/v1/auth/register application/json "$body"
expect "registration: POST register" 201:ok
cgi auth POST /api/v1/auth/login application/x-www-form-urlencoded \
	"email=$(printf '%s' "$email" | sed 's/@/%40/')&password=Tr0ub4dor+%26+3+horses%21"
# 403 once the configuration asks for verified addresses
expect "auth: POST login (form)" 200:ok 403:email_not_verified

echo "cgi-smoke: $n checks, $fail failed"
[ "$fail" -eq 0 ]
