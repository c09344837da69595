#!/bin/bash
# dist/scfs-agent.service as meson configured it: systemd-analyze verify
# accepts it (with ExecStart pointed at this build's scfs, which must take
# the unit's arguments: scfs agent --help lists them).
#   unit-file.sh SCFS UNIT          (TAP)
set -u
scfs=$(realpath "$1") unit=$2
n=0 failed=0
. "$(dirname "$0")/tap.sh"
if ! command -v systemd-analyze >/dev/null; then
	echo "1..0 # SKIP systemd-analyze is not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The installed path exists only after meson install; man pages may be
# absent: check the rest.
sed "s|^ExecStart=[^ ]*/scfs |ExecStart=$scfs |; /^Documentation=/d" "$unit" >"$tmp/scfs-agent.service"
check "the unit's ExecStart is scfs agent with a socket and a state directory" \
	grep -q "^ExecStart=$scfs agent --socket /run/scfs/agent.sock --state-dir /run/scfs$" "$tmp/scfs-agent.service"
systemd-analyze verify "$tmp/scfs-agent.service" >"$tmp/out" 2>&1
rc=$?
check "systemd-analyze verify accepts the unit" test "$rc" = 0 -a ! -s "$tmp/out"
[ -s "$tmp/out" ] && sed 's/^/#   /' "$tmp/out"
"$scfs" agent --help >"$tmp/help" 2>&1
check "scfs agent takes the unit's options (--socket, --state-dir)" \
	bash -c 'grep -q -- "--socket" "$1" && grep -q -- "--state-dir" "$1"' _ "$tmp/help"
echo "1..$n"
[ "$failed" = 0 ]
