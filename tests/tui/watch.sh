#!/bin/bash
# sctui watching a target it did not launch, in tmux at 80x24: a plain
# `scfs run` target started outside sctui keeps making denied mkdir calls
# (tests/helpers/target in a loop); `sctui --watch NAME` follows its
# "denied" live (the count grows on screen), its profile from the state is
# in the table (mkdir: ERRNO(EACCES) by syscalls[0], with hits), S on the
# newest denial goes to mkdir and offers scfs suggest's change, the detail
# view reads the profile's two conditions on one argument as alternatives,
# L lists the state base as scfs ps does, and when scfs itself is killed
# the pane says "lost".  --watch of a name that matches nothing: one line,
# exit 125.  TAP output.
#
#   watch.sh SCTUI SCFS TARGET SOURCE_ROOT
set -u

SCTUI=$1 SCFS=$2 TARGET=$3 SRC=$4
. "$SRC/tests/tap.sh"
. "$SRC/tests/tui/screen.sh"
n=0 failed=0
tmux_need

W=$(mktemp -d "${TMPDIR:-/tmp}/sctui-watch.XXXXXX")
export SCFS_STATE_DIR=$W/state
# One tmux server per sctui session: a new session never meets a server
# still going away.
SOCK="sctui-watch-$$-1"
T() { tmux -L "$SOCK" "$@"; }
run_pid= target_pid=
cleanup() {
	tmux_gone "sctui-watch-$$-1" "sctui-watch-$$-2" "sctui-watch-$$-3"
	[ -n "$run_pid" ] && kill -9 "$run_pid" 2>/dev/null
	# The target outlives a killed scfs: end its session (setsid below).
	[ -n "$target_pid" ] && kill -9 -- "-$target_pid" "$target_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$W"
}
screen_traps


# mkdir denied by syscalls[0]; personality denied for two values of arg0
# (two conditions on one argument: alternatives, as the runtimes compile them).
cat >"$W/profile.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 },
    { "names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [
      { "index": 0, "value": 4, "op": "SCMP_CMP_EQ" },
      { "index": 0, "value": 8, "op": "SCMP_CMP_EQ" } ] }
  ]
}
JSON

# The target: started outside sctui, in a session of its own.
setsid "$SCFS" run --name wdemo -p "$W/profile.json" -- \
	sh -c "while :; do '$TARGET' loop 2 mkdir >/dev/null; sleep 0.2; done" >"$W/run.out" 2>&1 &
run_pid=$!
for _ in $(seq 100); do
	"$SCFS" ps | grep -qE '^[0-9]+ +target +wdemo .* running' && break
	sleep 0.05
done
target_pid=$("$SCFS" ps | awk '$3 == "wdemo" { print $1 }')
check "scfs ps lists the outside target wdemo running" [ -n "$target_pid" ]

T new-session -d -s S -x 80 -y 24 \
	"env LANG=C.UTF-8 '$SCTUI' --watch wdemo; echo \$? > '$W/status'" \; set-option -t S remain-on-exit on

saw "sctui --watch wdemo starts (first frame at 80x24)" 'F10Quit' 10
saw "the pane follows the watched target: pid, kind, name, mode, state" "watching $target_pid, target wdemo \(enforce\): running, [0-9]+ denial" 10
screen | head -1 | grep -q "state/$target_pid/profile.json"
check "the header names the profile from the target's state" [ $? = 0 ]
saw "its denials appear in the pane: EACCES by syscalls[0], mkdir(NULL...)" "[0-9:.]{12} EACCES +syscalls\[0\] +target\[[0-9]+\] tid [0-9]+ +mkdir\(NULL" 10
c1=$(pane_count target wdemo)
sleep 1.2
c2=$(pane_count target wdemo)
[ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -gt "$c1" ]
check "the count follows live ($c1, then $c2 a second later)" [ $? = 0 ]

keys / m k d i r Enter
saw "the table is the watched profile: mkdir ERRNO(EACCES) by syscalls[0]" '^mkdir: ERRNO\(EACCES\) \(syscalls\[0\]\)'
screen | grep -qE '^ +83 mkdir +ERRNO\(EACCES\) +syscalls\[0\] +[1-9][0-9]* '
check "the mkdir row counts the watched target's hits" [ $? = 0 ]

keys Escape
keys S
saw "S on the newest denial goes to mkdir and its rule" 'Suggest: mkdir \(syscalls\[0\]\)'
screen | grep -q "^Denied in pid $target_pid (target wdemo):"
check "the offer names the watched target" [ $? = 0 ]
screen | grep -q 'allow mkdir'
check "the offer is scfs suggest's change: allow mkdir" [ $? = 0 ]
keys n
saw "n leaves the profile" 'nothing changed'

keys / p e r s o n a l i t y Enter
wait_for '^personality: '
keys Enter
saw "detail: personality's two conditions on arg0 read as alternatives" 'arg0, any of:'
screen | grep -q 'when all of'
check "detail: not \"when all of\"" [ $? != 0 ]
keys Escape

keys L
saw "L lists the state base as scfs ps: pid, kind, name, mode, denials, state" '^[0-9]+ +target +wdemo +enforce +[0-9]+ +0 running'
saw "L asks which to watch" '^Watch \(PID, name or last\): last'
keys Escape
keys '?'
wait_for 'Help +lines 1-'
for _ in 1 2 3 4 5; do
	screen | grep -qE '^  L +watch +list the targets and containers' && break
	keys NPage
	sleep 0.2
done
screen | grep -qE '^  L +watch +list the targets and containers'
check "the help screen lists L: watch" [ $? = 0 ]
keys Escape

# scfs killed while its target runs: the state says lost.
sup=$(sed -n 's/^scfs_pid\t//p' "$SCFS_STATE_DIR/$target_pid/info")
kill -9 "$sup" 2>/dev/null
saw "scfs killed: the pane says lost" "watching $target_pid, target wdemo \(enforce\): lost" 10
kill -9 -- "-$target_pid" "$target_pid" 2>/dev/null

keys x
saw "x stops watching" 'stopped watching pid'
saw "... and the pane is empty again" 'Denials: not run yet'
T capture-pane -e -p -t S | grep -qP '\e\[[0-9;]*3[1-7]m'
check "colours without NO_COLOR" [ $? = 0 ]
keys q
is "q quits (exit 0)" "$(sctui_exit_status "$W/status")" 0
T kill-server 2>/dev/null
SOCK="sctui-watch-$$-2"

# What main reads from the environment reaches the screen: the key file
# ($SCTUI_KEYS) and NO_COLOR.  The lost target's state is still there.
rm -f "$W/status"
printf 'bind ! watch\n' >"$W/keys"
T new-session -d -s S -x 80 -y 24 \
	"env LANG=C.UTF-8 NO_COLOR=1 SCTUI_KEYS='$W/keys' '$SCTUI'; echo \$? > '$W/status'" \; set-option -t S remain-on-exit on
wait_for 'F10Quit' 10
keys '!'
saw "SCTUI_KEYS: the key file binds ! to watch" '^Watch \(PID, name or last\): last'
keys Enter
saw "Enter on last watches the latest target (lost)" "watching $target_pid, target wdemo \(enforce\): lost" 10
T capture-pane -e -p -t S | grep -qP '\e\[[0-9;]*3[1-7]m'
check "NO_COLOR: no colours" [ $? != 0 ]
keys q
is "q quits after watching from the list (exit 0)" "$(sctui_exit_status "$W/status")" 0
T kill-server 2>/dev/null
SOCK="sctui-watch-$$-3"

rm -f "$W/status"
T new-session -d -s S -x 80 -y 24 \
	"env LANG=C.UTF-8 '$SCTUI' --watch nosuch 2>'$W/err'; echo \$? > '$W/status'" \; set-option -t S remain-on-exit on
is "--watch nosuch: exit 125" "$(sctui_exit_status "$W/status")" 125
is "--watch nosuch: one line saying so" "$(cat "$W/err")" \
	"sctui: --watch nosuch: no target of that name in $SCFS_STATE_DIR (scfs ps lists them)"
echo "1..$n"
[ "$failed" = 0 ]
