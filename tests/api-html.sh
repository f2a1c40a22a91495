#!/bin/sh
#
# api-html: the reference page (docs/index.html, made by make from
# docs/openapi.yaml with scripts/api-html) shows every path of the
# document, every code of its code table and every route of the shipped
# dialects, and is a whole HTML document.  A page that lost a part of
# the document (a YAML construct the generator's reader does not take,
# a section it skips) fails here, without a browser.  Run by make check
# from the build directory; FCAUTH_SRCDIR (set by the Makefile) is the
# source tree.

set -u

src=${FCAUTH_SRCDIR:-.}
doc=$src/docs/openapi.yaml
page=docs/index.html
fail=0

if [ ! -s "$page" ]; then
	echo "FAIL: $page is not built"
	exit 1
fi

# The document's paths: the keys at two spaces under "paths:".
paths=$(sed -n '/^paths:/,/^[a-z]/s/^  \(\/[^:]*\):$/\1/p' "$doc")
if [ -z "$paths" ]; then
	echo "FAIL: no path read from $doc"
	exit 1
fi
n=0
for p in $paths; do
	n=$((n + 1))
	if ! grep -qF "</span> <code>$p</code></h3>" "$page"; then
		echo "FAIL: $page does not show $p"
		fail=1
	fi
done
echo "checked: $n paths of $doc"

# The code table: the enum of components.schemas.Code.
codes=$(sed -n '/^    Code:$/,/^    [A-Za-z]*:$/s/^        - \([a-z_]*\)$/\1/p' "$doc")
n=0
for c in $codes; do
	n=$((n + 1))
	if ! grep -qF "<tr><td><code>$c</code></td>" "$page"; then
		echo "FAIL: $page has no row for code $c"
		fail=1
	fi
done
[ "$n" -gt 0 ] || { echo "FAIL: no code read from $doc"; fail=1; }
echo "checked: $n codes"

# The dialect appendix: every route line of conf/dialects/*.
n=0
for f in "$src"/conf/dialects/*; do
	while read -r kw method path _; do
		[ "$kw" = route ] || continue
		n=$((n + 1))
		esc=$(printf '%s' "$path" | sed 's/</\&lt;/g; s/>/\&gt;/g')
		if ! grep -qF "<code>$method $esc</code>" "$page"; then
			echo "FAIL: $page does not list $method $path of $f"
			fail=1
		fi
	done <"$f"
done
echo "checked: $n dialect routes"

# Paragraphs survived (the reader drops a block's blank lines unless
# api-html marks them) and the page is whole.
grep -q '<h2 id="conventions">Conventions</h2>' "$page" ||
	{ echo "FAIL: $page lost the headings of the description"; fail=1; }
tail -n 1 "$page" | grep -q '^</html>$' ||
	{ echo "FAIL: $page does not end with </html>"; fail=1; }
exit "$fail"
