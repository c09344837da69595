#!/bin/bash
# Malformed profiles must be refused: `scfs check` exits 125, writes nothing
# on stdout, and prints every expected diagnostic on stderr.
#
# Usage: invalid.sh SCFS_BINARY FIXTURE_DIR      (TAP output on stdout)
#
# For each FIXTURE_DIR/NNN-name.json:
#   NNN-name.err   the lines stderr must contain, with the profile's path
#                  written as FILE (other lines, such as warnings, may appear)
#   NNN-name.args  optional extra arguments for `scfs check`, one line,
#                  split on white space
# More cases are generated here rather than stored: a profile larger than
# the 4 MiB limit, and paths that are not regular files (a FIFO with no
# writer, which must be refused at once rather than block, and a directory).
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 SCFS_BINARY FIXTURE_DIR" >&2
	exit 2
fi
scfs=$1 dir=$2

if [ ! -x "$scfs" ]; then
	echo "Bail out! $scfs is not an executable"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/scfs-invalid.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

shopt -s nullglob
fixtures=("$dir"/[0-9]*.json)
shopt -u nullglob
if [ ${#fixtures[@]} -eq 0 ]; then
	echo "Bail out! no fixtures (NNN-name.json) in $dir"
	exit 1
fi

n=0 failed=0

diag() {
	local line
	while IFS= read -r line; do
		printf '# %s\n' "$line"
	done
}

# check NAME PROFILE EXPECTED_ERR_FILE [SCFS ARGS...]
check() {
	local name=$1 profile=$2 expect=$3 rc line missing=0 why=()
	shift 3

	n=$((n + 1))
	# A bound, so that a verb that blocks fails instead of hanging the suite.
	timeout 60 "$scfs" check "$@" "$profile" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?

	if [ "$rc" -ne 125 ]; then
		if [ "$rc" -gt 128 ]; then
			why+=("killed by signal $((rc - 128)) ($(kill -l "$((rc - 128))" 2>/dev/null || echo '?')), expected exit 125")
		elif [ "$rc" -eq 0 ]; then
			why+=("exit 0: the invalid profile was accepted, expected exit 125")
		else
			why+=("exit $rc, expected 125")
		fi
	fi
	if [ -s "$tmp/out" ]; then
		why+=("stdout is not empty ($(wc -c <"$tmp/out") bytes)")
	fi
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|ThreadSanitizer|MemorySanitizer' "$tmp/err"; then
		why+=("sanitizer report on stderr")
	fi

	# The path scfs printed becomes FILE.  Literal replacement (bash
	# pattern quoting), so paths holding regex characters are fine.
	: >"$tmp/got"
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "${line//"$profile"/FILE}" >>"$tmp/got"
	done <"$tmp/err"

	if [ ! -f "$expect" ]; then
		why+=("no expectation file $expect")
	else
		while IFS= read -r line || [ -n "$line" ]; do
			[ -n "$line" ] || continue
			if ! grep -qxF -- "$line" "$tmp/got"; then
				[ "$missing" -eq 0 ] && why+=("stderr lacks expected line(s):")
				why+=("  want: $line")
				missing=$((missing + 1))
			fi
		done <"$expect"
	fi

	if [ ${#why[@]} -eq 0 ]; then
		echo "ok $n - $name"
		return
	fi
	failed=$((failed + 1))
	echo "not ok $n - $name"
	printf '%s\n' "${why[@]}" | diag
	if [ -s "$tmp/got" ]; then
		echo "# stderr was:"
		head -n 20 "$tmp/got" | sed 's/^/#   /'
	else
		echo "# stderr was empty"
	fi
}

echo "1..$((${#fixtures[@]} + 3))"

for f in "${fixtures[@]}"; do
	base=${f%.json}
	args=()
	if [ -f "$base.args" ]; then
		read -r -a args <"$base.args"
	fi
	check "$(basename "$base")" "$f" "$base.err" "${args[@]}"
done

# Larger than the 4 MiB limit: otherwise valid, with a 5 MB comment.
big=$tmp/too-large.json
{
	printf '{\n\t"defaultAction": "SCMP_ACT_ERRNO",\n\t"syscalls": [\n\t\t{"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": "'
	head -c 5000000 /dev/zero | tr '\0' x
	printf '"}\n\t]\n}\n'
} >"$big"
echo 'FILE: file is larger than 4194304 bytes' >"$tmp/too-large.err"
check "generated-too-large (5 MB profile)" "$big" "$tmp/too-large.err"

mkfifo "$tmp/fifo.json"
echo 'FILE: not a regular file (a FIFO, socket or device)' >"$tmp/fifo.err"
check "generated-fifo (refused without blocking)" "$tmp/fifo.json" "$tmp/fifo.err"
mkdir "$tmp/dir.json"
echo 'FILE: not a regular file (a directory)' >"$tmp/dir.err"
check "generated-directory" "$tmp/dir.json" "$tmp/dir.err"

[ "$failed" -eq 0 ] || echo "# $failed of $n failed"
[ "$failed" -eq 0 ]
