#!/bin/bash
# What a first-time user meets: capability sets by name (--caps presets on
# real runs, non-root --caps, the one-line note), finding a target again
# (the exit line, show NAME/last, ps by start time), lint severities, show
# refusing binary on a terminal, mount refusing to stack, and the README's
# first command.
# Usage: ux.sh SCFS SYSPROBE SCTUI SHARED_DIR SOURCE_ROOT BUILD_ROOT   (TAP output)
set -u
scfs=$(realpath "$1") sysprobe=$(realpath "$2") sctui=$3 shared=$4 src=$5 build=$6
docker=$shared/upstream-profiles/moby-profiles--seccomp-default.json
n=0 failed=0
tmp=$(mktemp -d)
chmod 755 "$tmp" # another uid reads a profile in here
export SCFS_STATE_DIR=$tmp/state
mounted=() other_uid_dir=
cleanup() {
	[ "$BASHPID" = "$$" ] || return
	for m in "${mounted[@]}"; do
		mountpoint -q "$m" 2>/dev/null && { fusermount3 -u -z "$m" 2>/dev/null || umount -l "$m"; }
	done
	for sock in "ux-$$-1" "ux-$$-2"; do # the server, then its socket file
		tmux -L "$sock" kill-server 2>/dev/null
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
	done
	# An sctui stuck after its terminal went (seen under ASan, in the leak
	# check at exit) must not outlive the test: only processes naming $tmp.
	sleep 1
	pkill -9 -f -- "$tmp" 2>/dev/null
	rm -rf "$tmp" ${other_uid_dir:+"$other_uid_dir"}
}
trap cleanup EXIT

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"
skip() { n=$((n + 1)); echo "ok $n - $* # SKIP"; }
profile() { printf '%s\n' "$2" >"$tmp/$1.json"; echo "$tmp/$1.json"; }
# The target started since the last call (pids are not ordered, and
# directory times can tie).
: >"$tmp/seen"
last_pid() {
	ls "$SCFS_STATE_DIR" | sort >"$tmp/now"
	comm -13 "$tmp/seen" "$tmp/now" | head -1
	mv "$tmp/now" "$tmp/seen"
}

if ! grep -qw user_notif /proc/sys/kernel/seccomp/actions_avail 2>/dev/null; then
	echo "1..0 # SKIP this kernel has no seccomp user notification"
	exit 0
fi

# ------------------------------------------------ 3. capability sets by name
# A rule that a set with NET_RAW excludes (Docker's and containerd's have
# it, Podman's does not): each preset decides a real getppid in a real child.
p=$(profile netraw '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
 {"names":["getppid"],"action":"SCMP_ACT_ERRNO","errnoRet":13,"excludes":{"caps":["CAP_NET_RAW"]}}]}')
for c in docker:0 containerd:0 podman:13 none:13 all:0 podman,NET_RAW:0; do
	set -- "${c%%:*}" "${c##*:}"
	out=$("$scfs" run --caps "$1" -p "$p" -- "$sysprobe" -n getppid 2>"$tmp/err")
	is "--caps $1: getppid under a rule that excludes CAP_NET_RAW gives errno $2" "$out" "$2"
done
"$scfs" run --caps dockre -p "$p" -- true 2>"$tmp/err"
rc=$?
check "--caps: an unknown word is one line naming it, exit 125" \
	test "$rc" = 125 -a "$(cat "$tmp/err")" = 'scfs host: --caps: unknown capability "dockre"'

if [ -r "$docker" ]; then
	unshare_probe() { "$scfs" run "$@" -p "$docker" -- "$sysprobe" -n unshare 0x10000000 2>"$tmp/err"; }
	for c in docker:1 containerd:1 podman:1 none:1 all:0 docker,SYS_ADMIN:0; do
		set -- "${c%%:*}" "${c##*:}"
		is "Docker's default, --caps $1: unshare(CLONE_NEWUSER) errno $2" "$(unshare_probe --caps "$1")" "$2"
	done
	"$scfs" run --caps docker -p "$docker" -- unshare -U true >/dev/null 2>"$tmp/err"
	rc=$?
	check "Docker's default, --caps docker: unshare -U true is denied (EPERM, the target's exit 1)" \
		test "$rc" = 1
	check "... and the summary says EPERM" has "$tmp/err" 'last: unshare\(CLONE_NEWUSER\) → EPERM'
	"$scfs" run --caps all -p "$docker" -- unshare -U true >/dev/null 2>"$tmp/err"
	is "Docker's default, --caps all: unshare -U true succeeds" "$?" 0
	is "explain --caps podman: chroot allowed (SYS_CHROOT is in Podman's set)" \
		"$("$scfs" explain --caps podman "$docker" chroot 0 2>/dev/null | head -1 | grep -o 'ALLOW')" ALLOW
	is "explain --caps none: chroot denied" \
		"$("$scfs" explain --caps none "$docker" chroot 0 2>/dev/null | head -1 | grep -o 'EPERM')" EPERM
	# The note: once, on stderr, without --caps; never with it.
	note="expanding for this process's [0-9]+ capabilities; a Docker or containerd container has 14 \(--caps docker\), a Podman one 11 \(--caps podman\)$"
	# No note is due when this process's bounding set is Docker's own.
	if ! grep -q '^CapBnd:[[:space:]]*00000000a80425fb$' /proc/self/status; then
		for verb in check expand compile lint explain export diff; do
			case $verb in
			compile) args=(--format pfc "$docker") ;;
			explain) args=("$docker" getpid) ;;
			export) args=(--to oci "$docker") ;;
			diff) args=("$docker" "$docker") ;;
			*) args=("$docker") ;;
			esac
			"$scfs" $verb "${args[@]}" >/dev/null 2>"$tmp/err"
			check "$verb without --caps: one line names the presets" \
				test "$(grep -cE "^scfs: $note" "$tmp/err")" = 1
			"$scfs" $verb --caps docker "${args[@]}" >/dev/null 2>"$tmp/err"
			check "$verb --caps docker: no note" test "$(grep -c 'expanding for this process' "$tmp/err")" = 0
		done
		"$scfs" run -p "$docker" -- true 2>"$tmp/err"
		check "run without --caps: the note" has "$tmp/err" "^scfs: $note"
		"$scfs" check "$src/profiles/default.json" >/dev/null 2>"$tmp/err"
		check "no note for a profile without capability conditions" test ! -s "$tmp/err"
	else
		skip "the --caps note: this process's bounding set is Docker's own"
	fi
else
	skip "Docker's default under each preset: $docker not found"
fi

# A user without capabilities: --caps none (and docker) must run; one that
# holds a capability outside the set, and cannot drop it, is refused.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	uid=
	for u in $(seq 61000 61999); do
		getent passwd "$u" >/dev/null || pgrep -U "$u" >/dev/null || { uid=$u; break; }
	done
	if [ -n "$uid" ]; then
		other_uid_dir=$(mktemp -d)
		# Copies the uid can reach: the build tree and $tmp may sit under a
		# directory only root can enter (a clone in a mktemp -d directory).
		own_copies "$other_uid_dir/bin" "$scfs" "$sysprobe"
		cp "$p" "$other_uid_dir/bin/profile.json" && chmod 644 "$other_uid_dir/bin/profile.json"
		chown "$uid:$uid" "$other_uid_dir"
	fi
	u_scfs=$other_uid_dir/bin/$(basename "$scfs") u_probe=$other_uid_dir/bin/$(basename "$sysprobe")
	u_p=$other_uid_dir/bin/profile.json
	as_user() {
		setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"
	}
	env_u=(env HOME="$other_uid_dir" XDG_RUNTIME_DIR="$other_uid_dir" SCFS_STATE_DIR="$other_uid_dir/state"
		SCFS_CACHE_DIR="$other_uid_dir/cache")
	if [ -n "$uid" ] && as_user test -x "$u_scfs" -a -x "$u_probe" -a -r "$u_p" 2>/dev/null; then
		echo "# as uid $uid (unused: no passwd entry, no process)"
		out=$(as_user "${env_u[@]}" "$u_scfs" run --caps none -p "$u_p" -- "$u_probe" -n getppid 2>"$tmp/err")
		rc=$?
		check "non-root --caps none: the target runs under the set (getppid → 13), scfs exits 0" \
			test "$rc" = 0 -a "$out" = 13
		sed 's/^/# stderr: /' "$tmp/err"
		out=$(as_user "${env_u[@]}" "$u_scfs" run --caps docker -p "$u_p" -- "$u_probe" -n getppid 2>"$tmp/err")
		is "non-root --caps docker: getppid allowed (NET_RAW in the set)" "$out" 0
		check "non-root run: state in the user's runtime dir" test -d "$other_uid_dir/state"
		if setpriv --help 2>&1 | grep -q -- --ambient-caps; then
			as_user --inh-caps=+sys_admin --ambient-caps=+sys_admin "${env_u[@]}" \
				"$u_scfs" run --caps none -p "$u_p" -- true 2>"$tmp/err"
			rc=$?
			check "a caller holding SYS_ADMIN without SETPCAP, --caps none: refused in one line, exit 125" \
				test "$rc" = 125 -a "$(grep -c '' "$tmp/err")" = 1
			check "... naming why" has "$tmp/err" '^scfs run: --caps none: this process has capabilities outside the set and cannot drop them \(no CAP_SETPCAP\)$'
			as_user --inh-caps=+sys_admin --ambient-caps=+sys_admin "${env_u[@]}" \
				"$u_scfs" run --caps docker,SYS_ADMIN -p "$u_p" -- true 2>"$tmp/err"
			is "... --caps docker,SYS_ADMIN (holds nothing outside): runs" "$?" 0
		else
			skip "a caller with an ambient capability: setpriv has no --ambient-caps"
		fi
	else
		skip "non-root --caps: no unused uid, or it cannot reach $scfs"
	fi
else
	skip "non-root --caps: needs root (to switch to an unused uid) and setpriv"
fi

# ------------------------------------------------ 5. finding the target again
export SCFS_STATE_DIR=$tmp/find
p=$(profile deny-mkdir '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}')
"$scfs" run --name first -p "$p" -- "$sysprobe" -n mkdir s:"$tmp/x" 0755 >/dev/null 2>"$tmp/err1"
pid1=$(last_pid)
"$scfs" run --name second -p "$p" -- "$sysprobe" -n mkdir s:"$tmp/x" 0755 >/dev/null 2>"$tmp/err2"
pid2=$(last_pid)
"$scfs" run --name first -p "$p" -- "$sysprobe" -n getpid >/dev/null 2>&1
pid3=$(last_pid)
check "the exit line ends with how to read the target: scfs show $pid2 denied" \
	has "$tmp/err2" "; scfs show $pid2 denied$"
check "... and that command prints the denial" has <("$scfs" show "$pid2" denied) "syscall=mkdir .*rule=syscalls\[0\]"
is "show NAME: the latest target of that name" "$("$scfs" show first | sed -n 's/^Pid:\t//p')" "$pid3"
is "show NAME: another name" "$("$scfs" show second | sed -n 's/^Pid:\t//p')" "$pid2"
is "show last: the target started last" "$("$scfs" show last | sed -n 's/^Pid:\t//p')" "$pid3"
"$scfs" show nosuchname 2>"$tmp/err"
rc=$?
check "show of an unknown name: one line, exit 125" test "$rc" = 125 -a "$(grep -c '' "$tmp/err")" = 1
# pids wrap; ps orders by start.  A copy of the first target under pid 1
# with the latest start time must come last.
cp -a "$SCFS_STATE_DIR/$pid1" "$SCFS_STATE_DIR/1"
now_ns=$(($(date +%s) * 1000000000 + 5000000000))
le64=$(for i in 0 1 2 3 4 5 6 7; do printf '\\x%02x' $(((now_ns >> (8 * i)) & 255)); done)
printf "$le64" | dd of="$SCFS_STATE_DIR/1/counters.bin" bs=1 seek=64 conv=notrunc status=none
is "ps: by start time, not by pid" "$("$scfs" ps | awk 'NR > 1 { printf "%s ", $1 }')" "$pid1 $pid2 $pid3 1 "
is "ps: the header names a KIND column after PID" "$("$scfs" ps | head -1 | awk '{ print $1, $2, $3 }')" "PID KIND NAME"
is "ps: targets of scfs run are of kind target, listed by their name" \
	"$("$scfs" ps | awk -v p="$pid2" '$1 == p { print $2, $3 }')" "target second"
is "show: a target's status has no container lines" "$("$scfs" show "$pid2" | grep -c '^Kind:\|^Container')" 0
is "show last: by start time too" "$("$scfs" show last | sed -n 's/^Pid:\t//p')" 1
check "the rule is spelled syscalls[N] in denied, counters and the summary" \
	test "$(grep -c 'rule=syscalls\[0\]' "$SCFS_STATE_DIR/$pid2/denied")" = 1 -a \
	"$("$scfs" show "$pid2" counters | cut -f1)" = 'syscalls[0]'
check "... and in the summary" has "$tmp/err2" '\(rule syscalls\[0\]\)'

# ------------------------------------------------ 7. small things
if command -v script >/dev/null; then
	script -qec "$scfs show $pid2 filter.bpf" /dev/null >"$tmp/tty" 2>&1
	rc=$?
	check "show PID filter.bpf to a terminal: refused, exit 125" test "$rc" = 125
	check "... saying why" has "$tmp/tty" 'refusing to write binary filter.bpf to a terminal'
else
	skip "show filter.bpf on a terminal: script(1) not installed"
fi
check "show PID filter.bpf to a pipe: the file's bytes" cmp -s <("$scfs" show "$pid2" filter.bpf) "$SCFS_STATE_DIR/$pid2/filter.bpf"

if [ -r "$docker" ]; then
	"$scfs" lint --caps all --kernel 6.8 "$docker" >"$tmp/lint" 2>/dev/null
	is "lint Docker's default (every capability): only info findings, exit 0" "$?" 0
	is "... its last line counts them by severity" "$(tail -1 "$tmp/lint")" "6 findings: 6 info"
	"$scfs" lint --caps all --kernel 6.8 --fail-on info "$docker" >/dev/null 2>&1
	is "lint --fail-on info: the same findings fail" "$?" 1
	"$scfs" lint --caps all --kernel 6.8 --json "$docker" >"$tmp/lint.json" 2>/dev/null
	is "lint --json: each finding has its severity" "$(grep -c '"severity":"info"' "$tmp/lint.json")" 6
else
	skip "lint severities on Docker's default: $docker not found"
fi
p=$(profile lint-warn '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["execve","execveat","getppidd"],"action":"SCMP_ACT_ALLOW"}]}')
"$scfs" lint --fail-on error "$p" >/dev/null 2>&1
is "lint --fail-on error: a warning (unknown name) passes" "$?" 0
"$scfs" lint "$p" >/dev/null 2>&1
is "lint: a warning fails by default" "$?" 1
p=$(profile lint-action '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["execve","execveat"],"action":"SCMP_ACT_ALOW"}]}')
"$scfs" lint "$p" >"$tmp/lint" 2>&1
rc=$?
check "lint: an action typo is an error with the nearest action name" \
	has "$tmp/lint" '^.*: syscalls\[0\]\.action: error: unknown-action: unknown action "SCMP_ACT_ALOW"$'
check "... fix: did you mean \"SCMP_ACT_ALLOW\"?" has "$tmp/lint" '^    fix: did you mean "SCMP_ACT_ALLOW"\?$'
is "... exit 1 (not 125: the rest is linted as if it were ALLOW)" "$rc" 1

if [ "$(id -u)" = 0 ] && [ -c /dev/fuse ] && command -v fusermount3 >/dev/null; then
	m=$tmp/mnt
	mkdir "$m"
	mounted+=("$m")
	"$scfs" mount "$m" -o state_dir="$SCFS_STATE_DIR" 2>"$tmp/err"
	is "mount: the view comes up" "$?" 0
	"$scfs" mount "$m" -o state_dir="$SCFS_STATE_DIR" 2>"$tmp/err"
	rc=$?
	check "mount on a mountpoint where the view already is: refused, exit 125" test "$rc" = 125
	check "... saying so in one line" has "$tmp/err" "^scfs mount: $m: the scfs view is already mounted there"
	(cd "$tmp" && "$scfs" mount mnt 2>/dev/null)
	is "... also given as a relative path" "$?" 125
	is "... nothing stacked: one mount there" "$(awk -v m="$m" '$5 == m' /proc/self/mountinfo | wc -l)" 1
	check "... and it still serves" test -d "$m/$pid2"
	fusermount3 -u "$m"
else
	skip "mount refuses to stack: needs root, /dev/fuse and fusermount3"
fi

# ------------------------------------------------ 8. the README's first command
first=$(awk '/^## Two commands/ { on = 1 } on && /^    / { sub(/^    /, ""); print; exit }' "$src/README.md")
echo "# README's first command: $first"
check "README's first command installs (tools/install.sh: meson install)" \
	test "${first#*tools/install.sh}" != "$first" -a "$(grep -c '^$SUDO meson install ' "$src/tools/install.sh")" = 1
check "... and reads the denial back (scfs show last denied)" test "${first%scfs show last denied*}" != "$first"
# The demo part, run with this build's scfs as "scfs" in the source tree.
demo=${first#*install.sh && }
mkdir -p "$tmp/bin"
ln -s "$scfs" "$tmp/bin/scfs"
export SCFS_STATE_DIR=$tmp/demo
(cd "$src" && PATH=$tmp/bin:$PATH bash -c "$demo") >"$tmp/demo.out" 2>&1
sed 's/^/# demo: /' "$tmp/demo.out"
check "demo: the summary line names the denial and how to read it" \
	has "$tmp/demo.out" '^scfs: unshare exited with 1 after 1 denial; last: unshare\(CLONE_NEWUSER\) → EPERM \(rule syscalls\[0\]\); scfs show [0-9]+ denied$'
check "demo: scfs show last denied reads the denial back" \
	has "$tmp/demo.out" ' comm=unshare arch=[a-z0-9_]+ syscall=unshare nr=[0-9]+ call=unshare\(CLONE_NEWUSER\) action=ERRNO errno=1 errname=EPERM rule=syscalls\[0\] mode=enforce$'
if meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/dest" >/dev/null 2>&1; then
	check "meson install puts scfs where mount(8)'s helper search finds it (a bin directory)" \
		test -x "$(find "$tmp/dest" -path '*/bin/scfs' | head -1)"
	check "... and the example profile the demo uses" \
		test -n "$(find "$tmp/dest" -path '*/share/scfs/profiles/examples/no-namespaces.json')"
else
	skip "meson install --destdir failed here"
fi

# ------------------------------------------------ sctui --caps
if command -v tmux >/dev/null && [ -x "$sctui" ] && [ -r "$docker" ]; then
	# One tmux server per session: a new session on a server being
	# killed can fail ("server exited unexpectedly").
	sock=1
	T() { tmux -L "ux-$$-$sock" "$@"; }
	wait_file() { for _ in $(seq 50); do grep -qE -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
	T new-session -d -s S -x 100 -y 30 "$sctui --state-dir $tmp/tui1 --caps docker -p $docker -- unshare -U true"
	sleep 1
	T send-keys -t S r
	check "sctui --caps docker: the run is held to Docker's set (unshare → EPERM)" \
		bash -c 'for _ in $(seq 50); do grep -qs "syscall=unshare .*call=unshare(CLONE_NEWUSER) .*errname=EPERM" "$1"/*/denied && exit 0; sleep 0.1; done; exit 1' _ "$tmp/tui1"
	T send-keys -t S q
	T kill-server 2>/dev/null
	sock=2
	T new-session -d -s S -x 100 -y 30 "$sctui --state-dir $tmp/tui2 -p $docker -- unshare -U true"
	found=1
	for _ in $(seq 50); do
		T capture-pane -p -t S | grep -q "expanded for this process's [0-9]* capabilities; a container's: --caps docker" && { found=0; break; }
		sleep 0.1
	done
	check "sctui without --caps: the message line says which set and names the preset" test "$found" = 0
	T kill-server 2>/dev/null
	"$sctui" --caps nonsense -p "$docker" </dev/null >/dev/null 2>"$tmp/err"
	rc=$?
	check "sctui --caps with an unknown word: one line, exit 125" test "$rc" = 125 -a "$(grep -c '' "$tmp/err")" = 1
else
	skip "sctui --caps: needs tmux, sctui and $docker"
fi

# ------------------------------------------------ start-up: no libfuse in scfs
# The FUSE view is its own program (scfs-fs): every other verb, scfs run
# above all, starts without loading libfuse; capabilities are read and
# named without libcap.
if command -v ldd >/dev/null; then
	check "scfs does not link libfuse (the view is scfs-fs)" bash -c '! ldd "$1" | grep -q libfuse' _ "$scfs"
	check "scfs does not link libcap" bash -c '! ldd "$1" | grep -q libcap' _ "$scfs"
else
	skip "scfs does not link libfuse or libcap: no ldd"
fi

echo "1..$n"
[ "$failed" = 0 ]
