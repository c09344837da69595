#!/bin/bash
# Time check, lint and diff --subset on the worst-shaped profiles
# (bench/worst/gen.py), each at most 4 MiB.  Reported in BENCHMARKS.md.
#
#   bash bench/worst/run.sh SCFS_BINARY
set -eu
scfs=$1
here=$(dirname "$0")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scfs-worst.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for shape in dupnames rules conds longname unknown wide mixed; do
	python3 "$here/gen.py" "$shape" "$tmp/$shape.json"
	size=$(stat -c %s "$tmp/$shape.json")
	for verb in check lint diff; do
		args=("$tmp/$shape.json")
		[ "$verb" = diff ] && args=(--subset "$tmp/$shape.json" "$tmp/$shape.json")
		[ "$verb" = check ] && args=(--no-cache "${args[@]}")
		start=$(date +%s.%N)
		rc=0
		timeout 120 "$scfs" "$verb" "${args[@]}" >/dev/null 2>"$tmp/err" || rc=$?
		end=$(date +%s.%N)
		printf '%-9s %8d bytes  %-6s %6.2f s  exit %d  %s\n' "$shape" "$size" "$verb" \
			"$(echo "$end - $start" | bc)" "$rc" "$(tail -n 1 "$tmp/err" | cut -c1-90)"
	done
done
