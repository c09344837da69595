#!/bin/bash
# The real sctui at 80x24 in tmux, on Docker's default profile:
#  - C cycles the capability set: unshare, allowed by Docker's rule for
#    CAP_SYS_ADMIN only, reads denied for docker, podman, containerd and
#    none and allowed for all (and for this process when it has the cap);
#    an edit and its mark stay through the cycle;
#  - a run of unshare(CLONE_NEWUSER) then unshare(CLONE_NEWNS) under
#    caps docker is denied twice; Tab, Up picks the first denial, S goes to
#    unshare and offers scfs suggest's change, y applies it; the relaunch is
#    denied the CLONE_NEWNS call alone; the saved profile differs from
#    Docker's in unshare alone (scfs diff for three sets), and its filter
#    allows unshare(CLONE_NEWUSER) and nothing more of unshare.
# TAP output.
#
#   offer.sh SCTUI SCFS SYSPROBE SHARED_DIR
set -u

SCTUI=$1 SCFS=$2 SYSPROBE=$3 SHARED=$4
n=0
failed=0

# screen, keys, wait_for, ok_if (tests/tui/screen.sh).
. "$(dirname "$0")/screen.sh"
tmux_need
DOCKER="$SHARED/upstream-profiles/moby-profiles--seccomp-default.json"
if [ ! -r "$DOCKER" ]; then
	echo "1..0 # SKIP $DOCKER is absent (../shared): Docker's CAP_SYS_ADMIN rules are what this tests"
	exit 0
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/sctui-offer.XXXXXX")
SOCK="sctui-offer-$$"
T() { tmux -L "$SOCK" "$@"; }
cleanup() { sctui_cleanup "$SOCK" "$W"; }
screen_traps

line() { screen | sed -n "$1p" | sed 's/ *$//'; }
# row NAME: the table's line for syscall NAME (selected by a search first).
row() { screen | grep -E "^[+ ] *[0-9]+ $1 " | head -n 1; }
go() { # go NAME: select NAME by searching for it
	keys / "$1" Enter
	wait_for "^$1: " >/dev/null
}

cp "$DOCKER" "$W/docker.json"
cp "$DOCKER" "$W/orig.json"
CLONE_NEWUSER=0x10000000 CLONE_NEWNS=0x20000
T new-session -d -s S -x 80 -y 24 \
	"env LANG=C.UTF-8 '$SCTUI' -p '$W/docker.json' --state-dir '$W/state' -- '$SYSPROBE' -n unshare $CLONE_NEWUSER ';' unshare $CLONE_NEWNS; echo \$? > '$W/status'" \; \
	set-option -t S remain-on-exit on
wait_for 'F10Quit' 30
ok_if $? "80x24: first frame"
line 1 | grep -qE '\| caps host$'
ok_if $? "the header names the capability set: '$(line 1)'"

# ---- the capability set ----
# This process's bounding set decides the first row: CAP_SYS_ADMIN is 21.
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)
if (((0x$bnd >> 21) & 1)); then host_unshare='ALLOW +syscalls\[17\]'; else host_unshare='ERRNO\(EPERM\) +default'; fi
go getpid
keys Space
wait_for '^getpid: ALLOW -> ERRNO\(EPERM\)'
ok_if $? "an edit first: getpid denied"
go unshare
wait_for "^ +272 unshare +$host_unshare"
ok_if $? "caps host: unshare reads $host_unshare"
for set in docker podman containerd all none host; do
	case $set in
	all) want='ALLOW +syscalls\[17\]' ;;
	host) want=$host_unshare ;;
	*) want='ERRNO\(EPERM\) +default' ;;
	esac
	keys C
	wait_for "\\| caps $set\$" && wait_for "^ +272 unshare +$want"
	ok_if $? "C: caps $set, unshare reads $want: '$(row unshare)'"
	if [ "$set" = docker ] || [ "$set" = all ]; then
		# The detail view says the same of the rule for the set.
		[ "$set" = docker ] && why='dropped on this host: includes\.caps' || why='applies on this host'
		keys Enter
		wait_for "^syscalls\[17\] +SCMP_ACT_ALLOW +\($why"
		ok_if $? "caps $set: Enter on unshare: syscalls[17] (${why//\\/})"
		keys Escape
	fi
	keys C-l
	wait_for '^unshare: .*   1 changed, unsaved' >/dev/null
	r=$?
	keys / g e t p i d Enter
	wait_for '^\+ +39 getpid +ERRNO\(EPERM\) ' >/dev/null && [ $r = 0 ]
	ok_if $? "caps $set: the getpid edit stays, marked, and is the one change"
	go unshare
done
go getpid
keys u
wait_for 'undone'
wait_for '^ +39 getpid +ALLOW '
ok_if $? "u undoes the getpid edit"

# ---- a denial, its rule and the change that allows it ----
keys ':' c a p s ' ' d o c k e r Enter
wait_for '\| caps docker$'
ok_if $? ":caps docker"
keys r
wait_for 'Denials: run 1 \(enforce\): exited 0, 2 denials' 15
ok_if $? "run 1 under caps docker: 2 denials"
keys Tab
wait_for 'Enter/S: suggest, Tab: table'
ok_if $? "Tab gives the denials pane the keys"
keys Up
wait_for '^denial 1 of 2: unshare\(CLONE_NEWUSER\) EPERM \(default\)'
ok_if $? "Up picks the first denial: '$(line 23)'"
# Enter in the pane asks for the same offer (a reaction the main loop
# hands to the suggestion); n declines it and the pick stays.
keys Enter
wait_for 'Apply this change\? \(y/n\)'
ok_if $? "Enter on the picked denial offers a change"
keys n
wait_for 'nothing changed'
ok_if $? "n declines it: nothing changed"
keys S
wait_for 'Apply this change\? \(y/n\)'
ok_if $? "S offers a change"
screen | grep -qE '^  allow unshare when a0 has no flags but CLONE_NEWUSER$'
ok_if $? "the offer is scfs suggest's: allow unshare when a0 has no flags but CLONE_NEWUSER"
screen | grep -qE '^  unshare\(CLONE_NEWUSER\) -> EPERM, decided by default$'
ok_if $? "the view names the call and the rule that decided it"
keys y
wait_for 'allow unshare when a0 has no flags but CLONE_NEWUSER \(for the next run'
ok_if $? "y applies it"
wait_for '^\+ *272 unshare +ALLOW +syscalls\[[0-9]+\]\*'
ok_if $? "the table is on unshare, marked changed, decided by the new conditional rule: '$(row unshare)'"
keys W C-u "$W/suggested.json" Enter
wait_for "saved $W/suggested.json"
ok_if $? "W saves the edited profile"

keys Tab
keys r
wait_for 'Denials: run 2 \(enforce\): exited 0, 1 denial' 15
ok_if $? "run 2 with the change: 1 denial"
user=$(cat "$W"/state/[0-9]*/denied | grep -c 'call=unshare(CLONE_NEWUSER)')
ns=$(cat "$W"/state/[0-9]*/denied | grep -c 'call=unshare(CLONE_NEWNS)')
[ "$user" = 1 ] && [ "$ns" = 2 ]
ok_if $? "unshare(CLONE_NEWUSER) denied in run 1 only ($user), unshare(CLONE_NEWNS) in both ($ns)"
keys q
for _ in $(seq 50); do [ -s "$W/status" ] && break; sleep 0.1; done
[ "$(cat "$W/status" 2>/dev/null)" = 0 ]
ok_if $? "q quits (saved: no question) with status 0"
T kill-server 2>/dev/null

# ---- the saved profile, outside sctui ----
names=$(for caps in docker none all; do
	"$SCFS" diff "$W/orig.json" "$W/suggested.json" --caps "$caps" 2>/dev/null |
		sed -n 's/^ \{2,4\}\([a-z_0-9]\+\)  .*/\1/p'
done | sort -u | tr '\n' ' ')
[ "$names" = "unshare " ]
ok_if $? "scfs diff (caps docker, none, all): unshare is the only syscall changed: '$names'"
"$SCFS" compile --no-cache --caps docker -o "$W/f.bpf" "$W/suggested.json" 2>"$W/err"
ok_if $? "the saved profile compiles for caps docker $(head -n 1 "$W/err")"
# sysprobe as root loads the filter itself: the kernel would allow each
# of these, so an errno 1 is the filter's.
for probe in "$CLONE_NEWUSER:0" "$CLONE_NEWNS:1" "$((CLONE_NEWUSER | CLONE_NEWNS)):1" "0x40000000:1"; do
	flags=${probe%:*} want=${probe#*:}
	got=$("$SYSPROBE" -f "$W/f.bpf" -n unshare "$flags" 2>/dev/null)
	bare=$("$SYSPROBE" -n unshare "$flags" 2>/dev/null)
	if [ "$want" = 1 ] && [ "$bare" = 1 ]; then
		echo "ok $((n += 1)) # SKIP unshare($flags): the kernel refuses it too here, so errno 1 would not tell"
		continue
	fi
	[ "$want" = 0 ] && [ "$got" != 0 ] && [ "$got" = "$bare" ] && got=0 # the kernel's answer, not the filter's
	[ "$got" = "$want" ]
	ok_if $? "under the saved filter unshare($flags) gives errno $want (got '$got', unfiltered '$bare')"
done
echo "1..$n"
[ "$failed" -eq 0 ]
