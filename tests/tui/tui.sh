#!/bin/bash
# The real sctui in a tmux pane: search, deny with siblings, run, watch
# the denial arrive, save, check the saved profile with scfs run, resize,
# quit.  TAP output.
#
#   tui.sh SCTUI SCFS SYSPROBE SHARED_DIR DEFAULT_PROFILE
set -u

SCTUI=$1 SCFS=$2 SYSPROBE=$3 SHARED=$4 DEFAULT=$5
n=0
failed=0

ok() { # ok COND-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/sctui-tui.XXXXXX")
# scfs run below keeps its state here, not in the host's /run/scfs.
export SCFS_STATE_DIR=$W/scfs-state
SOCK="sctui-test-$$"
T() { tmux -L "$SOCK" "$@"; }
cleanup() {
	T kill-server 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

screen() { T capture-pane -p -t S; }
# wait_for REGEX [SECONDS]: until the screen matches (grep -E).
wait_for() {
	local i limit=$((${2:-5} * 10))
	for ((i = 0; i < limit; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	echo "# timed out waiting for: $1"
	screen | sed 's/^/#   /'
	return 1
}
keys() { T send-keys -t S "$@"; }

DOCKER="$SHARED/upstream-profiles/moby-profiles--seccomp-default.json"
if [ -r "$DOCKER" ]; then
	cp "$DOCKER" "$W/profile.json"
	echo "# profile: Docker's default ($DOCKER)"
else
	cp "$DEFAULT" "$W/profile.json"
	echo "# profile: scfs's default ($DEFAULT): $DOCKER is absent"
fi

# The target makes one mkdir and lingers a second so the run is seen live.
# sctui's exit status goes to a file: tmux can mark a pane dead before it
# has collected the status (tmux/tmux#4841).
T new-session -d -s S -x 120 -y 40 \
	"env LANG=C.UTF-8 '$SCTUI' -p '$W/profile.json' --state-dir '$W/state' -- sh -c 'mkdir $W/made; sleep 1'; echo \$? > '$W/status'" \; \
	set-option -t S remain-on-exit on

wait_for 'F10Quit' 10
ok $? "first frame: legend with F10Quit"
screen | tail -n 1 | grep -q '^F1Help'
ok $? "the legend is the last line"
screen | head -n 1 | grep -q "sctui .*profile.json .*arch x86_64"
ok $? "the header names the profile and the arch"

keys / m k d i r Enter
wait_for '^mkdir: ALLOW'
ok $? "incremental search selects mkdir (status: mkdir: ALLOW)"

keys Space
wait_for 'Deny mkdir\. Also its siblings mkdirat\?'
ok $? "Space offers mkdir's sibling mkdirat"
keys y
wait_for 'mkdir and siblings: ALLOW -> ERRNO\(EPERM\)'
ok $? "y denies both"
screen | grep -qE '^\+ +83 mkdir +ERRNO\(EPERM\) +default'
ok $? "the row is marked changed and shows ERRNO(EPERM) by default"

keys r
wait_for '^\+ +83 mkdir +ERRNO\(EPERM\) +default +1 ' 10
ok $? "after r the mkdir row counts 1 hit"
wait_for '[0-9:.]{12} mkdir +EPERM +default +mkdir\(' 10
ok $? "the denials pane shows the mkdir denial"
wait_for 'Denials: run 1 \(enforce\): exited 0, 1 denial' 10
ok $? "the run ends: exited 0, 1 denial"
screen | grep -q 'Operation not permitted'
ok $((!$?)) "the target's output does not go over the screen"
[ ! -e "$W/made" ]
ok $? "the directory was not created"
keys o
wait_for 'Operation not permitted'
ok $? "o shows the command's output"
keys o

keys D
wait_for '^-.*"mkdirat",'
ok $? "D shows the diff with mkdir and mkdirat removed"
keys Escape
keys Enter
wait_for 'Detail: mkdir'
ok $? "Enter opens the detail view"
keys Escape

keys w
wait_for "saved $W/profile.json"
ok $? "w saves to the profile's file"
keys W C-u "$W/saved.json" Enter
wait_for "saved $W/saved.json"
ok $? "W saves as another file"

for f in profile.json saved.json; do
	out=$("$SCFS" run -p "$W/$f" -- "$SYSPROBE" -n mkdir "s:$W/x" 0755 2>/dev/null)
	[ "$out" = 1 ]
	ok $? "$f: mkdir under scfs run gives errno 1 (got '$out')"
done
out=$("$SCFS" run -p "$W/saved.json" -- "$SYSPROBE" -n mkdirat -100 "s:$W/y" 0755 2>/dev/null)
[ "$out" = 1 ]
ok $? "saved.json: mkdirat gives errno 1 (got '$out')"
out=$("$SCFS" run -p "$W/saved.json" -- "$SYSPROBE" -n rmdir "s:$W" 2>/dev/null)
bare=$("$SYSPROBE" -n rmdir "s:$W" 2>/dev/null)
[ "$out" = "$bare" ] && [ "$bare" = 39 ]
ok $? "saved.json: rmdir of a non-empty directory reaches the kernel: ENOTEMPTY as unfiltered (got errno '$out', unfiltered '$bare')"
"$SCFS" check "$W/saved.json" >/dev/null 2>&1
ok $? "scfs check accepts the saved profile"

keys ':' a r c h ' ' x 8 6 Enter
wait_for 'arch x86 \(2/3\)'
ok $? ":arch x86 shows the x86 table"
keys '\' d e n i e d Enter
wait_for 'filter denied'
ok $? "the filter prompt filters denied rows"
keys Escape
wait_for 'filter all'
ok $? "Esc clears the filter"

T resize-window -t S -x 80 -y 24
sleep 0.5
wait_for 'F10Quit'
ok $? "after resizing to 80x24 the legend is drawn"
lines=$(screen | wc -l)
[ "$lines" -eq 24 ] && screen | tail -n 1 | grep -q '^F1Help.*F10Quit'
ok $? "the legend is on the last of 24 lines"
screen | head -n 1 | grep -q '^ sctui'
ok $? "the header is redrawn on the first line"

keys '?'
wait_for 'Help .*lines 1-'
ok $? "? shows the help"
keys q

keys u
wait_for 'undone'
ok $? "u undoes the edit"
keys q
wait_for 'Unsaved edits\. Save before quitting\?'
ok $? "q with unsaved edits asks"
keys n
for _ in $(seq 50); do
	[ -s "$W/status" ] && break
	sleep 0.1
done
st=$(cat "$W/status" 2>/dev/null)
[ "$st" = 0 ]
ok $? "n quits with status 0 (got '$st')"
grep -q 'syscall=mkdir .*rule=default mode=enforce' "$W"/state/run1/*/denied
ok $? "the run's state, with the denial, stayed in --state-dir"

echo "1..$n"
[ "$failed" -eq 0 ]
