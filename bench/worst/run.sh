#!/bin/bash
# Time check, lint and diff --subset on the worst-shaped profiles
# (bench/worst/gen.py), each at most 4 MiB.  Reported in BENCHMARKS.md.
# Prints wall-clock and CPU (user + system) seconds: on a shared machine
# the CPU time is the figure that does not depend on the others' load.
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
		rc=0
		/usr/bin/time -f '%e %U %S' -o "$tmp/time" timeout 120 "$scfs" "$verb" "${args[@]}" >/dev/null \
			2>"$tmp/err" || rc=$?
		read -r wall user sys < <(tail -n 1 "$tmp/time")
		printf '%-9s %8d bytes  %-6s %6.2f s wall %6.2f s CPU  exit %d  %s\n' "$shape" "$size" "$verb" \
			"$wall" "$(echo "$user + $sys" | bc)" "$rc" "$(tail -n 1 "$tmp/err" | cut -c1-60)"
	done
done
