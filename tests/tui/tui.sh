#!/bin/bash
# The real sctui in a tmux pane: search, deny with siblings, run, watch
# the denial arrive, save, check the saved profile with scfs run, resize,
# quit.  Then Space twice on Docker's unshare and on the shipped default's
# clone with its siblings: saved, the profile is as loaded, which scfs diff
# confirms with no capability and with all.  TAP output.
#
# Last, sctui at 80x24, each item compared with the expected screen text.
#
#   tui.sh SCTUI SCFS SYSPROBE SHARED_DIR DEFAULT_PROFILE TARGET
set -u

SCTUI=$1 SCFS=$2 SYSPROBE=$3 SHARED=$4 DEFAULT=$5 TARGET=$6
n=0
failed=0

# screen, keys, wait_for, ok_if (tests/tui/screen.sh).
. "$(dirname "$0")/screen.sh"
tmux_need

W=$(mktemp -d "${TMPDIR:-/tmp}/sctui-tui.XXXXXX")
# scfs run below keeps its state here, not in the host's /run/scfs.
export SCFS_STATE_DIR=$W/scfs-state
SOCK="sctui-test-$$"
T() { tmux -L "$SOCK" "$@"; }
cleanup() { sctui_cleanup "$SOCK" "$W"; }
screen_traps

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
ok_if $? "first frame: legend with F10Quit"
screen | tail -n 1 | grep -q '^F1Help'
ok_if $? "the legend is the last line"
screen | head -n 1 | grep -q "sctui .*profile.json .*arch x86_64"
ok_if $? "the header names the profile and the arch"

keys / m k d i r Enter
wait_for '^mkdir: ALLOW'
ok_if $? "incremental search selects mkdir (status: mkdir: ALLOW)"

keys Space
wait_for 'Deny mkdir\. Also its siblings mkdirat\?'
ok_if $? "Space offers mkdir's sibling mkdirat"
keys y
wait_for 'mkdir and siblings: ALLOW -> ERRNO\(EPERM\)'
ok_if $? "y denies both"
screen | grep -qE '^\+ +83 mkdir +ERRNO\(EPERM\) +default'
ok_if $? "the row is marked changed and shows ERRNO(EPERM) by default"

keys r
wait_for '^\+ +83 mkdir +ERRNO\(EPERM\) +default +1 ' 10
ok_if $? "after r the mkdir row counts 1 hit"
wait_for '[0-9:.]{12} EPERM +default +mkdir\[[0-9]+\] tid [0-9]+  mkdir\("[^"]*/made",0777\)' 10
ok_if $? "the denials pane shows the mkdir denial"
wait_for 'Denials: run 1 \(enforce\): exited 0, 1 denial' 10
ok_if $? "the run ends: exited 0, 1 denial"
screen | grep -q 'Operation not permitted'
ok_if $((!$?)) "the target's output does not go over the screen"
[ ! -e "$W/made" ]
ok_if $? "the directory was not created"
keys o
wait_for 'Operation not permitted'
ok_if $? "o shows the command's output"
keys o

keys D
wait_for '^-.*"mkdirat",'
ok_if $? "D shows the diff with mkdir and mkdirat removed"
keys Escape
keys Enter
wait_for 'Detail: mkdir'
ok_if $? "Enter opens the detail view"
keys Escape

keys w
wait_for "saved $W/profile.json"
ok_if $? "w saves to the profile's file"
keys W C-u "$W/saved.json" Enter
wait_for "saved $W/saved.json"
ok_if $? "W saves as another file"

for f in profile.json saved.json; do
	out=$("$SCFS" run -p "$W/$f" -- "$SYSPROBE" -n mkdir "s:$W/x" 0755 2>/dev/null)
	[ "$out" = 1 ]
	ok_if $? "$f: mkdir under scfs run gives errno 1 (got '$out')"
done
out=$("$SCFS" run -p "$W/saved.json" -- "$SYSPROBE" -n mkdirat -100 "s:$W/y" 0755 2>/dev/null)
[ "$out" = 1 ]
ok_if $? "saved.json: mkdirat gives errno 1 (got '$out')"
out=$("$SCFS" run -p "$W/saved.json" -- "$SYSPROBE" -n rmdir "s:$W" 2>/dev/null)
bare=$("$SYSPROBE" -n rmdir "s:$W" 2>/dev/null)
[ "$out" = "$bare" ] && [ "$bare" = 39 ]
ok_if $? "saved.json: rmdir of a non-empty directory reaches the kernel: ENOTEMPTY as unfiltered (got errno '$out', unfiltered '$bare')"
"$SCFS" check "$W/saved.json" >/dev/null 2>&1
ok_if $? "scfs check accepts the saved profile"

keys ':' a r c h ' ' x 8 6 Enter
wait_for 'arch x86 \(2/3\)'
ok_if $? ":arch x86 shows the x86 table"
keys '\' d e n i e d Enter
wait_for 'filter denied'
ok_if $? "the filter prompt filters denied rows"
keys Escape
wait_for 'filter all'
ok_if $? "Esc clears the filter"

T resize-window -t S -x 80 -y 24
sleep 0.5
wait_for 'F10Quit'
ok_if $? "after resizing to 80x24 the legend is drawn"
lines=$(screen | wc -l)
[ "$lines" -eq 24 ] && screen | tail -n 1 | grep -q '^F1Help.*F10Quit'
ok_if $? "the legend is on the last of 24 lines"
screen | head -n 1 | grep -q '^ sctui'
ok_if $? "the header is redrawn on the first line"

keys '?'
wait_for 'Help .*lines 1-'
ok_if $? "? shows the help"
keys q

keys u
wait_for 'undone'
ok_if $? "u undoes the edit"
keys q
wait_for 'Unsaved edits\. Save before quitting\?'
ok_if $? "q with unsaved edits asks"
keys n
for _ in $(seq 50); do
	[ -s "$W/status" ] && break
	sleep 0.1
done
st=$(cat "$W/status" 2>/dev/null)
[ "$st" = 0 ]
ok_if $? "n quits with status 0 (got '$st')"
grep -q 'syscall=mkdir .*rule=default mode=enforce' "$W"/state/[0-9]*/denied
ok_if $? "the run's state, with the denial, stayed in --state-dir"

# A target that names itself with an escape sequence and prints some: the
# denials pane and the output pane show them escaped, and the screen is
# not cleared (a cleared screen loses the legend).
printf '%s\n' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}' >"$W/deny.json"
cat >"$W/evil.sh" <<'EVIL'
printf 'out\033[2J\033[31mput\n'
exec "$1" -n prctl 15 s:"$(printf 'a\033[2Jb')" 0 0 0 ';' mkdir s:"$2" 0755
EVIL
T new-session -d -s E -x 120 -y 40 \
	"env LANG=C.UTF-8 '$SCTUI' -p '$W/deny.json' --state-dir '$W/state2' -- sh '$W/evil.sh' '$SYSPROBE' '$W/evil'" \; \
	set-option -t E remain-on-exit on
escreen() { T capture-pane -p -t E; }
for _ in $(seq 50); do escreen | grep -q 'F10Quit' && break; sleep 0.1; done
T send-keys -t E r
for _ in $(seq 100); do escreen | grep -q 'exited 0, 1 denial' && break; sleep 0.1; done
escreen | grep -qF 'a\x1b[2Jb'
ok_if $? "a comm with ESC: the denials pane shows a\\x1b[2Jb"
escreen | grep -q 'F10Quit'
ok_if $? "... and the screen was not cleared (the legend is there)"
T send-keys -t E o
for _ in $(seq 50); do escreen | grep -qF 'out\x1b' && break; sleep 0.1; done
escreen | grep -qF 'out\x1b[2J\x1b[31mput'
ok_if $? "the target's output with ESC sequences: shown escaped in the output pane"
T send-keys -t E F10
sleep 0.3
T send-keys -t E n

# ---- Space twice gives a syscall its rules back ----
# sctui on FILE in a fresh session S, with no command to run.
start() {
	T kill-server 2>/dev/null
	# The old server must be gone, or the new session can go down with it.
	for _ in $(seq 50); do T list-sessions >/dev/null 2>&1 || break; sleep 0.1; done
	T new-session -d -s S -x 160 -y 40 "env LANG=C.UTF-8 '$SCTUI' -p '$1' --state-dir '$W/state2'" \; \
		set-option -t S remain-on-exit on
	wait_for 'F10Quit' 30
}
# The status line's "NAME: ACTION (RULE)" for the selected row, and its
# change counter, once any message is gone (C-l clears it).
status() {
	keys C-l
	wait_for '   [0-9]+ changed' >/dev/null
	screen | grep -E '   [0-9]+ changed' | tail -n 1
}
# row_status NAME: "NAME: ACTION (RULE)" from the status line, once the
# selected row is NAME (a loaded machine can redraw between the keys).
row_status() {
	local got
	for _ in $(seq 30); do
		got=$(status | grep -oE "^$1: [^ ]+ \([^)]*\)")
		[ -n "$got" ] && break
		sleep 0.1
	done
	echo "$got"
}
# diff_none A B: scfs diff finds no difference, with no capability and
# with all of them (Docker's rules depend on CAP_SYS_ADMIN and others).
diff_none() {
	local caps out rc=0
	for caps in none all; do
		out=$("$SCFS" diff "$1" "$2" --caps "$caps" 2>&1)
		if [ $? -ne 0 ] || ! grep -q '^no difference$' <<<"$out"; then
			echo "# scfs diff --caps $caps:"
			sed 's/^/#   /' <<<"$out"
			rc=1
		fi
	done
	return $rc
}
# changed_names A B: the syscalls scfs diff lists as changed, with no
# capability and with all, one per line.
changed_names() {
	local caps
	for caps in none all; do
		"$SCFS" diff "$1" "$2" --caps "$caps" 2>/dev/null | sed -n 's/^ \{2,4\}\([a-z_0-9]\+\)  .*/\1/p'
	done | sort -u
}

DOCKER_U="$W/docker-orig.json"
if [ -r "$DOCKER" ]; then
	cp "$DOCKER" "$DOCKER_U"
	cp "$DOCKER" "$W/docker.json"
	start "$W/docker.json"
	ok_if $? "sctui opens Docker's default again"
	keys / u n s h a r e Enter
	wait_for '^unshare: '
	ok_if $? "search selects unshare"
	before=$(row_status unshare)
	echo "# before: $before"
	keys Space
	wait_for '^unshare: [A-Z(a-z)]+ -> '
	ok_if $? "Space toggles unshare"
	st=$(status)
	grep -qE '   1 changed, unsaved' <<<"$st" && screen | grep -qE '^\+ *[0-9]+ unshare '
	ok_if $? "one toggle: the row is marked and counted (status: $st)"
	keys Space
	wait_for '^unshare: [A-Z(a-z)]+ -> '
	ok_if $? "Space toggles unshare back"
	st=$(status)
	after=$(grep -oE '^unshare: [^ ]+ \([^)]*\)' <<<"$st")
	[ -n "$before" ] && [ "$after" = "$before" ]
	ok_if $? "toggled back, the row says what it said before: '$after' (before: '$before')"
	grep -qE '   0 changed   ' <<<"$st" && screen | grep -qE '^ +[0-9]+ unshare '
	ok_if $? "no change mark and the counter says 0, not unsaved (status: $st)"
	keys W C-u "$W/docker-twice.json" Enter
	wait_for "saved $W/docker-twice.json"
	ok_if $? "W saves the twice-toggled profile"
	cmp -s "$DOCKER_U" "$W/docker-twice.json"
	ok_if $? "the saved file is byte-identical to Docker's default"
	diff_none "$DOCKER_U" "$W/docker-twice.json"
	ok_if $? "scfs diff --caps none and --caps all: no difference"

	keys Space
	wait_for '^unshare: [A-Z(a-z)]+ -> '
	st=$(status)
	grep -qE '   1 changed, unsaved' <<<"$st" && screen | grep -qE '^\+ *[0-9]+ unshare '
	ok_if $? "one more Space: marked and counted once (status: $st)"
	keys W C-u "$W/docker-once.json" Enter
	wait_for "saved $W/docker-once.json"
	ok_if $? "W saves it"
	names=$(changed_names "$DOCKER_U" "$W/docker-once.json" | tr '\n' ' ')
	[ "$names" = "unshare " ]
	ok_if $? "scfs diff (no capability, all of them) shows exactly the one change: '$names'"

	# ALLOW typed on unshare as loaded: with CAP_SYS_ADMIN in the bounding
	# set the row still says ALLOW, but syscalls[0] now allows it for all.
	keys u
	wait_for 'undone'
	keys e
	wait_for 'Action for unshare'
	keys A L L O W Enter
	wait_for '^unshare: ALLOW \(for the next run\)'
	st=$(status)
	grep -qE '   1 changed, unsaved' <<<"$st" && screen | grep -qE '^\+ *[0-9]+ unshare +ALLOW '
	ok_if $? "e ALLOW on unshare: marked and counted (status: $st)"
	keys W C-u "$W/docker-moved.json" Enter
	wait_for "saved $W/docker-moved.json"
	names=$(changed_names "$DOCKER_U" "$W/docker-moved.json" | tr '\n' ' ')
	[ "$names" = "unshare " ]
	ok_if $? "scfs diff shows that change: '$names'"
	keys q
	T kill-server 2>/dev/null
else
	echo "ok $((n += 1)) # SKIP $DOCKER is absent: unshare in Docker's CAP_SYS_ADMIN rule not tested"
fi

# clone in the shipped default has argument rules, and siblings (fork,
# vfork...) that Space offers: deny all, allow all, and nothing changed.
cp "$DEFAULT" "$W/default-orig.json"
cp "$DEFAULT" "$W/default.json"
start "$W/default.json"
ok_if $? "sctui opens the shipped default"
keys / c l o n e Enter
wait_for '^clone: '
before=$(row_status clone)
keys Space
wait_for 'Deny clone\. Also its siblings'
ok_if $? "Space on clone offers its siblings"
keys y
wait_for '^clone and siblings: '
keys Space
wait_for 'Allow clone\. Also its siblings'
ok_if $? "Space again offers the same siblings back"
keys y
wait_for '^clone and siblings: '
st=$(status)
after=$(grep -oE '^clone: [^ ]+ \([^)]*\)' <<<"$st")
[ -n "$before" ] && [ "$after" = "$before" ] && grep -qE '   0 changed   ' <<<"$st"
ok_if $? "clone and its siblings are back: '$after' (before: '$before'), nothing counted (status: $st)"
keys W C-u "$W/default-twice.json" Enter
wait_for "saved $W/default-twice.json"
cmp -s "$W/default-orig.json" "$W/default-twice.json"
ok_if $? "the saved file is byte-identical to the shipped default"
diff_none "$W/default-orig.json" "$W/default-twice.json"
ok_if $? "scfs diff --caps none and --caps all: no difference"
keys q


# ---- 80x24 -----------------------------------------------------------------
# A fresh sctui at 80x24 with no --state-dir: its runs go to scfs's default
# state base ($SCFS_STATE_DIR here), where scfs ps and the FUSE view look.
# The target denies itself nothing: a thread of it calls mkdir, which the
# edit below denies.
T kill-server 2>/dev/null
for _ in $(seq 50); do T list-sessions >/dev/null 2>&1 || break; sleep 0.1; done
P="$W/p80.json"
cp "$W/profile.json" "$P"
cp "$W/docker-orig.json" "$P" 2>/dev/null || cp "$DEFAULT" "$P"
BASE="$W/base"
T new-session -d -s S -x 80 -y 24 \
	"env LANG=C.UTF-8 SCFS_STATE_DIR='$BASE' '$SCTUI' -p '$P' -- '$TARGET' threads 1 mkdir" \; \
	set-option -t S remain-on-exit on
wait_for 'F10Quit' 30
ok_if $? "80x24: first frame"
line() { screen | sed -n "$1p" | sed 's/ *$//'; }

# The header: whole fields only, within 80 columns.
head_line=$(line 1)
field='(arch [a-z0-9_]+ \([0-9]+/[0-9]+\)|caps [^ ]+|[0-9]+/[0-9]+ syscalls|filter [^ ]+|sort [a-z]+|next run: [a-z]+)'
grep -qE "^ sctui  [^ ]+( \[modified\])?( \| $field)*$" <<<"$head_line" && [ "${#head_line}" -le 80 ]
ok_if $? "80x24: the header holds whole fields only: '$head_line'"

# Help wraps: the help line for w continues on the next line, under the text.
keys '?'
wait_for 'Help +lines 1-'
screen | grep -qxE '  F2 w +save +save the edited profile to its file \(asks for a path *' &&
	screen | grep -qxE ' {28}for the shipped default\) *'
ok_if $? "80x24: help wraps a long line under its text column"
keys q

# Detail wraps: clone's flag mask in both profiles, after a '|'.
keys / c l o n e Enter
wait_for '^clone: '
keys Enter
wait_for 'Detail: clone'
screen | grep -qx '        CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|'
r1=$?
keys Space
wait_for 'Detail: clone +lines [2-9]'
screen | grep -qx '          CLONE_NEWPID|CLONE_NEWNET'
[ $r1 = 0 ] && [ $? = 0 ]
ok_if $? "80x24: the detail view wraps the flag list (after CLONE_NEWUSER|, then CLONE_NEWPID|CLONE_NEWNET)"
keys Escape

# e: the choices take the legend's line; the status line has room to type.
keys e
wait_for '^Action for clone:'
keys K I L L _ P R O C E S S
wait_for '^Action for clone: KILL_PROCESS'
[ "$(line 23)" = "Action for clone: KILL_PROCESS" ] &&
	[ "$(line 24)" = "ALLOW ERRNO [n|ENAME] KILL KILL_PROCESS TRAP LOG TRACE n default; Esc cancels" ]
ok_if $? "80x24: e leaves room for typing: '$(line 23)' / '$(line 24)'"
keys Escape

# A filter that leaves the table two rows: the denials pane takes the rest.
keys '\' m k d i r Enter
wait_for 'filter "mkdir"|2/[0-9]+ syscalls'
[ "$(line 3 | grep -oE ' mkdir ')" = " mkdir " ] && line 5 | grep -q '^ Denials: not run yet' &&
	[ "$(line 6)" = " none yet; r runs the command under the edited profile" ]
ok_if $? "80x24: two rows of table, the denials pane from line 5: '$(line 5)'"

# Deny mkdir (and mkdirat), run: the denial names the thread.
keys Home
wait_for '^mkdir: '
keys Space
wait_for 'Also its siblings'
keys y
wait_for '^mkdir and siblings: '
keys r
# Docker's default lets the thread's clone3 through here (root has
# CAP_SYS_ADMIN); the shipped default (no ../shared) answers it ENOSYS by a
# rule, so glibc falls back to clone: a second denial.
if [ -r "$W/docker-orig.json" ]; then want=1; else want=2; fi
wait_for "Denials: run 1 \\(enforce\\): exited 0, $want denials?" 15
ok_if $? "80x24: the run ends with $want denial(s)"
pid=$(ls "$BASE" 2>/dev/null | grep -xE '[0-9]+' | head -n 1)
tid=$(grep 'syscall=mkdir' "$BASE/$pid/denied" 2>/dev/null | grep -o ' tid=[0-9]*' | head -n 1 | cut -d= -f2)
echo "# target $pid, the denied mkdir from thread $tid"
mk=$(screen | grep -E "^[0-9:.]{12} EPERM +default +target\[$pid\] tid $tid  mkdir\(")
[ -n "$pid" ] && [ -n "$tid" ] && [ "$tid" != "$pid" ] && [ -n "$mk" ]
ok_if $? "80x24: the denials pane shows the thread id: '$mk'"

# The run is where scfs ps and the FUSE view look.
SCFS_STATE_DIR="$BASE" "$SCFS" ps >"$W/ps" 2>&1
grep -qE "^ *$pid +target " "$W/ps"
ok_if $? "a run started from sctui is listed by scfs ps ($(grep -c '' "$W/ps") lines)"
if [ "$(id -u)" = 0 ] && [ -c /dev/fuse ] && command -v fusermount3 >/dev/null; then
	mkdir "$W/mnt"
	if SCFS_STATE_DIR="$BASE" "$SCFS" mount "$W/mnt" 2>"$W/mnt.err"; then
		[ -n "$pid" ] && [ -d "$W/mnt/$pid" ] && grep -q " tid=$tid " "$W/mnt/$pid/denied" 2>/dev/null
		ok_if $? "a run started from sctui is in the FUSE view: $(ls "$W/mnt" | tr '\n' ' ')"
		fusermount3 -u "$W/mnt" 2>/dev/null || umount -l "$W/mnt"
	else
		echo "ok $((n += 1)) # SKIP scfs mount failed: $(head -n 1 "$W/mnt.err")"
	fi
else
	echo "ok $((n += 1)) # SKIP the FUSE view needs root, /dev/fuse and scfs mount"
fi

# x32 numbers as x32:N.
keys ':' a r c h ' ' x 3 2 Enter
wait_for '\| arch x32 '
line 3 | grep -qE '^\+ *x32:83 mkdir '
ok_if $? "80x24: on x32, mkdir is numbered x32:83: '$(line 3)'"

# W: the name is selected, and typing replaces it.
keys W
wait_for '^Save as: '
[ "$(line 23)" = "Save as: $P" ]
ok_if $? "80x24: W offers the current name: '$(line 23)'"
keys "$W/typed.json" Enter
wait_for "saved $W/typed.json"
ok_if $? "80x24: typing replaces the offered name (saved $W/typed.json)"
"$SCFS" check "$W/typed.json" >/dev/null 2>&1
ok_if $? "... and the file saved is a valid profile"
keys q
T kill-server 2>/dev/null

# Without a terminal: one line, exit 125, at once.
timeout 10 "$SCTUI" -p "$P" </dev/null >/dev/null 2>"$W/err"
rc=$?
[ "$rc" = 125 ] && [ "$(grep -c '' "$W/err")" = 1 ]
ok_if $? "no terminal on stdin or stdout: exit 125 (got $rc) with one line: $(head -n 1 "$W/err")"
T new-session -d -s S -x 80 -y 24 "'$SCTUI' -p '$P' >/dev/null 2>'$W/err2'; echo \$? >'$W/st2'" \; \
	set-option -t S remain-on-exit on
for _ in $(seq 100); do [ -s "$W/st2" ] && break; sleep 0.1; done
[ "$(cat "$W/st2" 2>/dev/null)" = 125 ] && grep -q 'stdout' "$W/err2"
ok_if $? "stdin a terminal, stdout not: exit 125 ($(cat "$W/st2" 2>/dev/null)), '$(head -n 1 "$W/err2")'"
T kill-server 2>/dev/null

echo "1..$n"
[ "$failed" -eq 0 ]
