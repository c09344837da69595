#!/bin/bash
# sctui watching a container, in tmux at 80x24: real crun on a
# busybox-static bundle, started through scfs-runtime with a private agent
# (as tests/agent.sh), keeps calling unshare(CLONE_NEWUSER), which the
# profile (the shipped default expanded for Docker's capabilities) denies
# by its default action.  `sctui --watch ID` follows the container's
# denials live, shows its profile (the state's: linux.seccomp as the bundle
# has it) in the table with unshare's hits, S offers the change that allows
# the call, L lists it as a container, and when its listener hangs up the
# pane says "ended".  TAP output; skips, saying why, without root, crun,
# jq, busybox-static or a private mount namespace.
#
#   watch-container.sh SCTUI SCFS SCFS_RUNTIME SOURCE_ROOT
set -u

. "$(dirname "$0")/../crun-lib.sh"
if [ "${1:-}" != --inner ]; then
	command -v tmux >/dev/null || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
	crun_probe "crun, the agent's socket" "it writes the bundle"
	exec unshare -m --propagation private bash "$0" --inner "$(realpath "$1")" "$(realpath "$2")" \
		"$(realpath "$3")" "$(realpath "$4")" "$bb"
fi

SCTUI=$2 SCFS=$3 WRAPPER=$4 SRC=$5 BB=$6
. "$SRC/tests/tap.sh"
. "$SRC/tests/tui/screen.sh"
n=0 failed=0
crun_work sctui-watchct
W=$crun_w
SOCK="sctui-watchct-$$"
T() { tmux -L "$SOCK" "$@"; }
id="tw$$"
agent_pid= ct_pid=
cleanup() {
	tmux_gone "$SOCK"
	"${crun[@]}" delete -f "$id" >/dev/null 2>&1
	[ -n "$ct_pid" ] && kill "$ct_pid" 2>/dev/null
	[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

# Only in this namespace (as tests/agent.sh).
crun_hide_cgroup2 "$W"

crun_rootfs "$W" "$SCFS" "$SRC" "$BB" sh unshare true sleep
mkdir -p "$W/b"
# About 15 s of unshare(CLONE_NEWUSER), denied, then the container ends.
jq -n --arg root "$W/rootfs" --slurpfile sec "$W/seccomp.json" '{
  ociVersion: "1.0.2",
  process: { terminal: false, user: { uid: 0, gid: 0 }, env: ["PATH=/bin"], cwd: "/", noNewPrivileges: true,
             args: ["/bin/sh", "-c", "i=0; while [ $i -lt 50 ]; do unshare -U true 2>/dev/null; sleep 0.3; i=$((i+1)); done"] },
  root: { path: $root, readonly: true }, hostname: "watch", annotations: {},
  mounts: [ { destination: "/proc", type: "proc", source: "proc" },
            { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "mode=755", "size=64k"] } ],
  linux: { namespaces: [ {type: "pid"}, {type: "ipc"}, {type: "uts"}, {type: "mount"} ], seccomp: $sec[0] } }' \
	>"$W/b/config.json"

if ! crun_agent_start "$SCFS" "$W/agent.log"; then
	echo "1..0 # SKIP the agent did not start: $(head -c 200 "$W/agent.log")"
	exit 0
fi
(cd "$W/b" && SCFS_AGENT_SOCKET=$sock timeout 60 "$WRAPPER" --root "$W/crun" --cgroup-manager=disabled \
	run "$id" >"$W/ct.out" 2>&1 </dev/null) &
ct_pid=$!
for _ in $(seq 100); do
	"$SCFS" ps | grep -qE "^[0-9]+ +container +$id .* running" && break
	sleep 0.05
done
if ! "$SCFS" ps | grep -qE "^[0-9]+ +container +$id "; then
	echo "1..0 # SKIP the container did not start through the wrapper: $(head -c 300 "$W/ct.out" | tr '\n' ' ')"
	exit 0
fi
pid=$("$SCFS" ps | awk -v id="$id" '$2 == "container" && $3 == id { print $1 }')
ok "scfs ps lists the container $id running (pid $pid)"

T new-session -d -s S -x 80 -y 24 \
	"env LANG=C.UTF-8 '$SCTUI' --watch '$id'; echo \$? > '$W/status'" \; set-option -t S remain-on-exit on
saw "sctui --watch $id starts (80x24)" 'F10Quit' 10
saw "the pane follows the container: pid, kind container, its id, running" "watching $pid, container $id \(enforce\): running" 10
saw "its denials appear: unshare(CLONE_... (cut at 80 columns) EPERM by the default action" "[0-9:.]{12} EPERM +default +unshare\[[0-9]+\] tid [0-9]+ +unshare\(CLONE_" 10
c1=$(pane_count container "$id")
sleep 1.5
c2=$(pane_count container "$id")
[ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -gt "$c1" ]
check "the count follows live ($c1, then $c2)" [ $? = 0 ]
screen | head -1 | grep -q "state/$pid/profile.json"
check "the table holds the container's profile from its state" [ $? = 0 ]

keys / u n s h a r e Enter
saw "unshare is denied by the default in the container's profile" '^unshare: ERRNO\(EPERM\) \(default\)'
screen | grep -qE '^ +272 unshare +ERRNO\(EPERM\) +default +[1-9][0-9]* '
check "the unshare row counts the container's hits" [ $? = 0 ]
keys Escape
keys S
saw "S goes to unshare and offers a change" 'Suggest: unshare \(default\)'
screen | grep -q "^Denied in pid $pid (container $id):"
check "the offer names the container" [ $? = 0 ]
keys n
keys L
saw "L lists it as a container" "^$pid +container +$id +enforce +[0-9]+ +0 running"
keys Escape

# The container ends: every listener hangs up.
"${crun[@]}" kill "$id" KILL >/dev/null 2>&1
wait "$ct_pid" 2>/dev/null
ct_pid=
saw "the container ends: the pane says ended" "watching $pid, container $id \(enforce\): ended" 10
keys q
is "q quits (exit 0)" "$(sctui_exit_status "$W/status")" 0
echo "1..$n"
[ "$failed" = 0 ]
