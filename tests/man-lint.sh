#!/bin/sh
#
# man-lint: the man pages, as built from man/*.in, through
# "mandoc -Tlint -W warning": any warning, error or unsupported feature
# fails.  Skips (77) without mandoc.  Run by "make check" from the build
# directory; FCAUTH_MANS (set by the Makefile) lists the pages.

set -u

if ! command -v mandoc >/dev/null 2>&1; then
	echo "man-lint: no mandoc (apt-get install mandoc): skipped"
	exit 77
fi
if [ -z "${FCAUTH_MANS:-}" ]; then
	echo "man-lint: FCAUTH_MANS is not set (run me from make check)"
	exit 99
fi

fail=0
for page in $FCAUTH_MANS; do
	if [ ! -f "$page" ]; then
		echo "FAIL: $page is not built"
		fail=1
		continue
	fi
	if out=$(mandoc -Tlint -W warning "$page" 2>&1) && [ -z "$out" ]; then
		echo "ok: $page"
	else
		echo "FAIL: $page:"
		printf '%s\n' "$out"
		fail=1
	fi
	# The installed paths were filled in.
	if grep -n '@[a-zA-Z_]*@' "$page"; then
		echo "FAIL: $page has a placeholder left"
		fail=1
	fi
done
exit "$fail"
