#!/bin/bash
# The valid fixtures (tests/fixtures/valid, also the fuzzer's seeds) are
# what they claim: `scfs check` accepts each (exit 0, warnings allowed), and
# its effective profile from `scfs expand` compiles to the very same bytes.
# Usage: valid.sh SCFS FIXTURE_DIR      (TAP output)
set -u
scfs=$1 dir=$2
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"

shopt -s nullglob
files=("$dir"/*.json)
if [ ${#files[@]} -eq 0 ]; then
	echo "Bail out! no fixtures in $dir"
	exit 1
fi
for f in "${files[@]}"; do
	b=$(basename "$f" .json)
	"$scfs" check "$f" >/dev/null 2>"$tmp/err"
	rc=$?
	is "$b: scfs check accepts it" "$rc" 0
	[ "$rc" = 0 ] || sed 's/^/#   /' "$tmp/err"
	"$scfs" compile -o "$tmp/$b.bpf" "$f" 2>/dev/null
	"$scfs" expand "$f" >"$tmp/$b.eff.json" 2>/dev/null
	"$scfs" compile -o "$tmp/$b.eff.bpf" "$tmp/$b.eff.json" 2>/dev/null
	check "$b: its expanded form compiles to the same non-empty filter" \
		eval 'test -s "$tmp/$b.bpf" && cmp -s "$tmp/$b.bpf" "$tmp/$b.eff.bpf"'
done
echo "1..$n"
[ "$failed" -eq 0 ]
