#!/bin/bash
# A hostile target, another local user and a broken state file system
# against scfs run (issue: hardening).  Each section names what it proves.
# Usage: harden.sh SCFS SYSPROBE ATTACK DEFAULT_PROFILE SHARED_DIR   (TAP output)
# Needs root for the other-user parts (setpriv to an unused uid, private
# mount and pid namespaces); those skip with a reason otherwise.
set -u
scfs=$1 sysprobe=$2 attack=$3 default_profile=$4 shared=$5
n=0 failed=0
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
export SCFS_STATE_DIR=$tmp/state

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"
profile() { printf '%s\n' "$2" >"$tmp/$1.json"; chmod a+r "$tmp/$1.json"; echo "$tmp/$1.json"; }
skip() { echo "ok $((n += 1)) # SKIP $*"; }

if ! grep -qw user_notif /proc/sys/kernel/seccomp/actions_avail 2>/dev/null; then
	echo "1..0 # SKIP this kernel has no seccomp user notification"
	exit 0
fi

# Copies every user can run (the build tree may not be reachable for them).
mkdir "$tmp/bin"
cp "$scfs" "$sysprobe" "$attack" "$tmp/bin/"
chmod -R a+rX "$tmp/bin"
scfs=$tmp/bin/$(basename "$scfs") sysprobe=$tmp/bin/sysprobe attack=$tmp/bin/attack

# An uid (and gid) nobody has: no account, no process.  No user is created.
free_uid() {
	local u
	for u in $(shuf -i 100000-199999 -n 200); do
		getent passwd "$u" >/dev/null || getent group "$u" >/dev/null || pgrep -U "$u" >/dev/null ||
			{ [ "$u" != "${1:-}" ] && echo "$u" && return 0; }
	done
	return 1
}
can_switch=false
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && U=$(free_uid) && A=$(free_uid "$U"); then
	can_switch=true
fi
# as_user UID CMD...: CMD as that uid, its own state and cache directories.
as_user() {
	local u=$1; shift
	mkdir -p "$tmp/home-$u/state" "$tmp/home-$u/cache"
	chown -R "$u:$u" "$tmp/home-$u"
	chmod 700 "$tmp/home-$u/cache"
	setpriv --reuid="$u" --regid="$u" --clear-groups env -u XDG_RUNTIME_DIR HOME="$tmp/home-$u" \
		SCFS_STATE_DIR="$tmp/home-$u/state" SCFS_CACHE_DIR="$tmp/home-$u/cache" "$@"
}

# 1. The target cannot reach its supervisor.  As an unprivileged user the
# target tries pidfd_getfd over every fd of scfs (its parent), writing
# /proc/PPID/mem, process_vm_writev and ptrace; with the listener it would
# stop scfs and answer its own keyctl (denied by both profiles).
reach() { # LABEL PROFILE [scfs options]
	local label=$1 p=$2; shift 2
	as_user "$U" "$scfs" run "$@" -p "$p" -- "$attack" reach >"$tmp/reach" 2>"$tmp/reach.err"
	local rc=$?
	for what in pidfd_getfd proc_mem process_vm_writev ptrace inherited_fds; do
		check "$label: $what does not reach scfs" has "$tmp/reach" "^$what blocked"
	done
	check "$label: keyctl is still denied (EPERM) afterwards" has "$tmp/reach" "^keyctl errno=1$"
	is "$label: the attack reports nothing reached" "$rc" 0
	[ "$rc" = 0 ] || sed 's/^/#   /' "$tmp/reach" "$tmp/reach.err"
}
docker=$shared/upstream-profiles/moby-profiles--seccomp-default.json
if $can_switch; then
	cp "$default_profile" "$tmp/default.json" && chmod a+r "$tmp/default.json"
	reach "unprivileged, shipped default" "$tmp/default.json"
	if [ -r "$docker" ]; then
		cp "$docker" "$tmp/docker.json" && chmod a+r "$tmp/docker.json"
		reach "unprivileged, Docker's default" "$tmp/docker.json"
	else
		skip "unprivileged, Docker's default: $docker is absent"
	fi
else
	skip "unprivileged attacks: need root, setpriv and an unused uid"
fi
# A root target without CAP_SYS_PTRACE under a profile that allows every
# one of those calls: the kernel refuses them (scfs is not dumpable and
# holds capabilities the target lacks).
p=$(profile keyctl '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["keyctl"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}')
if [ "$(id -u)" = 0 ]; then
	"$scfs" run --caps none -p "$p" -- "$attack" reach >"$tmp/reach" 2>&1
	is "root target without CAP_SYS_PTRACE, everything allowed but keyctl: nothing reached" "$?" 0
	check "root target without CAP_SYS_PTRACE: keyctl still EPERM" has "$tmp/reach" "^keyctl errno=1$"
else
	skip "root target without CAP_SYS_PTRACE: needs root"
fi

# 2. The supervisor never trusts a byte the target can write.  Each target
# is a shell: one denied mkdir first (it waits until the state exists), then
# it damages its own state, then two more denied calls, of another syscall
# (a new counter entry, placed where the header says).
p=$(profile mkdir '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","rmdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}')
damage() { # LABEL SHELL-CODE (runs with d= the target's state directory)
	"$scfs" run -p "$p" -- sh -c '"$0" -n mkdir s:/ 0755; d=$SCFS_STATE_DIR/$$; '"$2"'
		"$0" -n rmdir s:/ ";" rmdir s:/' "$sysprobe" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	is "$1: every denied call gets the profile's errno" "$(tr '\n' ' ' <"$tmp/out")" "13 13 13 "
	is "$1: scfs exits with the target's status" "$rc" 0
	check "$1: the summary counts 3 denials" has "$tmp/err" "^scfs: sh exited with 0 after 3 denials"
	d=$(ls -td "$SCFS_STATE_DIR"/*/ | head -1)
	check "$1: the exit file counts 3 denials" has "$d/exit" $'^denials\t3$'
}
# capacity 0xffffffff, used 0x7fffffff: a writer trusting them put the next
# entry 48 GiB past its mapping.
damage "counters.bin header set to capacity 0xffffffff, used 0x7fffffff" \
	'printf "\377\377\377\377\377\377\377\177" | dd of="$d/counters.bin" bs=1 seek=12 conv=notrunc 2>/dev/null;'
# A truncated shared mapping killed the writer with SIGBUS.
damage "counters.bin truncated" ': >"$d/counters.bin";'

# A full state file system: reported, the answers stay the profile's.
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
	mkdir "$tmp/small"
	unshare -m --propagation private sh -c 'mount -t tmpfs -o size=256k none "$1" || exit 99
		SCFS_STATE_DIR=$1/s "$2" run -p "$3" -- sh -c "\"\$0\" -n mkdir s:/ 0755
			dd if=/dev/zero of=$1/fill bs=4k 2>/dev/null
			for i in 1 2 3 4 5 6 7 8 9 10; do \"\$0\" -n mkdir s:/ 0755; done" "$4"' \
		sh "$tmp/small" "$scfs" "$p" "$sysprobe" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	is "full state file system: every denied call gets the profile's errno" "$(tr '\n' ' ' <"$tmp/out")" \
		"13 13 13 13 13 13 13 13 13 13 13 "
	is "full state file system: scfs exits with the target's status" "$rc" 0
	check "full state file system: reported, at once" has "$tmp/err" \
		"^scfs: cannot write the state of sh \(.*: No space left on device\): its record is incomplete; its calls keep the profile's answers$"
	check "full state file system: the summary counts 11 denials and says the state is incomplete" has "$tmp/err" \
		"^scfs: sh exited with 0 after 11 denials.*; the state directory could not be fully written"
else
	skip "full state file system: needs root and a private mount namespace"
fi

# 5. The record is not the target's to rewrite: it empties "denied" and
# zeroes the counts in counters.bin; exit and the summary come from scfs.
damage "denied emptied and counts zeroed" ': >"$d/denied"; dd if=/dev/zero of="$d/counters.bin" bs=1 seek=32 count=32 conv=notrunc 2>/dev/null;'
d=$(ls -td "$SCFS_STATE_DIR"/*/ | head -1)
check "denied emptied and counts zeroed: status shows scfs's counts again" \
	has <("$scfs" show "$(basename "$d")") $'^Denials:\t3$'
check "status says the record is not tamper-proof" \
	has <("$scfs" show "$(basename "$d")") $'^Record:\twritable by the target'
# scfs record takes scfs's counts, not counters.bin: the recorded command
# adds an entry for keyctl there (and raises used); it must not reach the
# allow list.
"$scfs" record -o "$tmp/rec.json" -- sh -c 'c=$SCFS_STATE_DIR/$$/counters.bin
	u=$(od -An -tu4 -j16 -N4 "$c" | tr -d " "); i=$((u + 40)); m=$((i + 1))
	printf "\377\377\000\000\076\000\000\300\372\000\000\000\001\000\005\000\001\000\000\000\000\000\000\000" |
		dd of="$c" bs=1 seek=$((112 + 24 * i)) conv=notrunc 2>/dev/null
	printf "$(printf "\\%03o\\%03o" $((m % 256)) $((m / 256)))\000\000" | dd of="$c" bs=1 seek=16 conv=notrunc 2>/dev/null' \
	2>"$tmp/err"
is "record: the command ran" "$?" 0
check "record: an entry the command wrote into counters.bin is not in the allow list" \
	eval 'has "$tmp/rec.json" "\"read\"" && ! grep -q keyctl "$tmp/rec.json"'
# Kernel records only from the kernel: a line a process writes to /dev/kmsg
# is a user-facility record, however audit-like.
if [ "$(id -u)" = 0 ] && [ -w /dev/kmsg ] && dd if=/dev/kmsg of=/dev/null bs=8k count=0 iflag=nonblock 2>/dev/null; then
	"$scfs" run -p "$p" -- sh -c '"$0" -n mkdir s:/ 0755 >/dev/null
		printf "audit: type=1326 audit(0.0:1): auid=0 uid=0 gid=0 ses=1 pid=%d comm=\"sh\" exe=\"/bin/sh\" sig=31 arch=c000003e syscall=39 compat=0 ip=0x0 code=0x80000000\n" $$ >/dev/kmsg
		sleep 0.3' "$sysprobe" 2>"$tmp/err"
	d=$(ls -td "$SCFS_STATE_DIR"/*/ | head -1)
	check "a forged kill record in /dev/kmsg is not logged" test "$(grep -c 'source=kernel' "$d/denied")" = 0
	check "a forged kill record is not counted" has "$d/exit" $'^kernel_records\t0$'
else
	skip "forged kernel records: needs root and a readable, writable /dev/kmsg"
fi

# 3. The state base is the user's own or is refused.  In private mount and
# pid namespaces with their own /tmp: user A makes /tmp/scfs-V with the
# victim's next state directory in it, its temporary file a link to the
# victim's own file; V runs scfs without XDG_RUNTIME_DIR (as under su).
# Then A plants /tmp/x.json.tmp for "scfs record -o /tmp/x.json".
if $can_switch && unshare -m -p -f --mount-proc --propagation private true 2>/dev/null; then
	mkdir "$tmp/newtmp"
	unshare -m -p -f --mount-proc --propagation private sh -c '
		V=$1 A=$2 t=$3
		mount -t tmpfs -o mode=1777 none "$t/newtmp" && cp -a "$t/bin" "$t/default.json" "$t/newtmp/" &&
			mount --bind "$t/newtmp" /tmp || exit 99
		mkdir -m 700 /tmp/victim && echo precious >/tmp/victim/important.txt && chown -R "$V:$V" /tmp/victim
		setpriv --reuid="$A" --regid="$A" --clear-groups sh -c "mkdir -m 777 /tmp/scfs-$V /tmp/scfs-$V/1000 &&
			ln -s /tmp/victim/important.txt /tmp/scfs-$V/1000/.info.tmp &&
			ln -s /tmp/victim/important.txt /tmp/x.json.tmp"
		echo 998 >/proc/sys/kernel/ns_last_pid # setpriv (a fork) gets 999, the target 1000
		setpriv --reuid="$V" --regid="$V" --clear-groups env -u XDG_RUNTIME_DIR -u SCFS_STATE_DIR HOME=/tmp/victim \
			SCFS_NO_CACHE=1 /tmp/bin/scfs run -p /tmp/default.json -- /bin/true 2>/tmp/bin/err
		echo "rc=$?"
		echo "victim=$(cat /tmp/victim/important.txt)"
		echo "err=$(cat /tmp/bin/err)"
		setpriv --reuid="$V" --regid="$V" --clear-groups env -u XDG_RUNTIME_DIR -u SCFS_STATE_DIR HOME=/tmp/victim \
			SCFS_NO_CACHE=1 SCFS_STATE_DIR=/tmp/victim/s /tmp/bin/scfs record -o /tmp/x.json -- /bin/true 2>/dev/null
		echo "record_rc=$?"
		echo "victim_after_record=$(cat /tmp/victim/important.txt)"
		echo "x_json=$(grep -c SCMP_ACT_ALLOW /tmp/x.json 2>/dev/null)"
	' sh "$U" "$A" "$tmp" >"$tmp/plant" 2>&1
	is "planted state base: the run is refused with 125" "$(grep '^rc=' "$tmp/plant")" "rc=125"
	check "planted state base: one clear line naming the owner" has "$tmp/plant" \
		"^err=scfs run: state directory /tmp/scfs-$U: owned by uid $A, not by uid $U: another user may have made it"
	is "planted state base: the victim's file is intact" "$(grep '^victim=' "$tmp/plant")" "victim=precious"
	is "record -o /tmp/x.json with x.json.tmp planted: written" "$(grep '^record_rc=' "$tmp/plant")" "record_rc=0"
	is "record -o /tmp/x.json with x.json.tmp planted: the victim's file is intact" \
		"$(grep '^victim_after_record=' "$tmp/plant")" "victim_after_record=precious"
	check "record -o /tmp/x.json: the profile is there" has "$tmp/plant" "^x_json=[1-9]"
	grep -q '^rc=125$' "$tmp/plant" || sed 's/^/#   /' "$tmp/plant"
else
	skip "planted state base: needs root, setpriv, unused uids and private mount and pid namespaces"
fi
# A base writable by others is refused too (whoever owns it).
mkdir -m 777 "$tmp/open" && chmod 777 "$tmp/open"
SCFS_STATE_DIR=$tmp/open "$scfs" run -p "$p" -- sh -c 'echo ran >"$0"' "$tmp/ran" 2>"$tmp/err"
is "state base writable by others: refused with 125" "$?" 125
check "state base writable by others: said, and the target never ran" \
	eval 'has "$tmp/err" "writable by group or others \(mode 0777\): refusing it" && [ ! -e "$tmp/ran" ]'
ln -s "$tmp/open" "$tmp/link"
SCFS_STATE_DIR=$tmp/link "$scfs" run -p "$p" -- true 2>"$tmp/err"
is "state base that is a link: refused with 125" "$?" 125
SCFS_STATE_DIR=$tmp/link/ "$scfs" run -p "$p" -- true 2>"$tmp/err"
is "state base that is a link, given with a trailing slash: refused with 125" "$?" 125

# 9. Pid reuse never shows another target's state: the next target of a
# private pid namespace gets pid 1000, whose directory an earlier target
# left (with a trap.bpf and an exit file).
if [ "$(id -u)" = 0 ] && unshare -m -p -f --mount-proc --propagation private true 2>/dev/null; then
	mkdir -p "$tmp/reuse/1000"
	cp "$tmp/default.json" "$tmp/reuse/1000/trap.bpf" 2>/dev/null || echo x >"$tmp/reuse/1000/trap.bpf"
	printf 'state\texited\ncode\t7\n' >"$tmp/reuse/1000/exit"
	printf 'stale\n' >"$tmp/reuse/1000/denied"
	unshare -m -p -f --mount-proc --propagation private sh -c 'echo 999 >/proc/sys/kernel/ns_last_pid
		exec env SCFS_STATE_DIR="$1" "$2" run -p "$3" -- sh -c "\"\$0\" -n mkdir s:/ 0755 >/dev/null
			ls -a \"\$SCFS_STATE_DIR/\$\$\" >\"\$1\"" "$4" "$5"' sh "$tmp/reuse" "$scfs" "$p" "$sysprobe" \
		"$tmp/reuse.ls" 2>"$tmp/err"
	check "pid reuse: the new target got the recycled pid" test -s "$tmp/reuse.ls"
	check "pid reuse: while it runs, no exit file and no trap.bpf of the earlier target" \
		eval '! grep -qxE "exit|trap.bpf" "$tmp/reuse.ls"'
	check "pid reuse: afterwards, no stale trap.bpf, its own exit" \
		eval '[ ! -e "$tmp/reuse/1000/trap.bpf" ] && has "$tmp/reuse/1000/exit" "^code.0$"'
	check "pid reuse: the earlier denial log is gone" eval '! grep -q stale "$tmp/reuse/1000/denied"'
	check "pid reuse: scfs show 1000 works" has <(SCFS_STATE_DIR=$tmp/reuse "$scfs" show 1000) $'^Denials:\t1$'
else
	skip "pid reuse: needs root and private pid namespaces"
fi

# A denial right after an exec carries the new program's name; a name set
# with PR_SET_NAME too.
"$scfs" run -p "$p" -- "$attack" exec "$sysprobe" -n mkdir s:/ 0755 >/dev/null 2>&1
d=$(ls -td "$SCFS_STATE_DIR"/*/ | head -1)
is "exec then a denial at once: each line has its program's comm" \
	"$(grep -o 'comm=[^ ]*' "$d/denied" | tr '\n' ' ')" "comm=attack comm=sysprobe "
"$scfs" run -p "$p" -- "$attack" rename renamed >/dev/null 2>&1
d=$(ls -td "$SCFS_STATE_DIR"/*/ | head -1)
check "PR_SET_NAME then a denial: the new name" has "$d/denied" "comm=renamed "
# The same thread denied before each change of its name: the name scfs
# knew is not reused (scfs may keep it only while nothing renamed it).
"$scfs" run -p "$p" -- "$attack" renames renamed >/dev/null 2>&1
d=$(ls -td "$SCFS_STATE_DIR"/*/ | head -1)
is "renamed between denials (PR_SET_NAME, then another thread through /proc): each line has the name of its call" \
	"$(grep -o 'comm=[^ ]*' "$d/denied" | tr '\n' ' ')" "comm=attack comm=renamed comm=renamed2 "

# The launcher leaves with the raw exit call after a failed exec: under a
# profile that also denies what a sanitizer's exit work needs (sigaltstack
# among others), no exit handler runs under the filter.
p=$(profile noexec '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write","exit_group","brk","mmap","munmap","mprotect","arch_prctl","access","openat","newfstatat","close","fstat","pread64","set_tid_address","set_robust_list","rseq","prlimit64","getrandom","readlink","statfs","ioctl","futex"],"action":"SCMP_ACT_ALLOW"}]}')
timeout 60 "$scfs" run -p "$p" -- /bin/true 2>"$tmp/err"
is "execve denied under a deny-by-default profile: exit 126, in time" "$?" 126
check "execve denied: the launcher's exit runs no sanitizer work" eval '! grep -q "Sanitizer\|CHECK failed" "$tmp/err"'
# Bounded work (finding 8): the shape that costs libseccomp the most,
# rules of six conditions on a few syscalls (bench/worst/gen.py conds), is
# refused on its size floor before libseccomp spends 19 s of CPU finding
# 11,060 instructions; a profile of the same kind near the limit still runs.
gen=$(dirname "$0")/../bench/worst/gen.py
if command -v python3 >/dev/null && [ -r "$gen" ]; then
	python3 "$gen" conds "$tmp/conds.json"
	start=$(date +%s%N)
	timeout 120 "$scfs" check --no-cache "$tmp/conds.json" >/dev/null 2>"$tmp/err"
	rc=$? ms=$((($(date +%s%N) - start) / 1000000))
	is "conds shape: refused with 125" "$rc" 125
	check "conds shape: one line naming the file, the rule and the field" eval '[ "$(wc -l <"$tmp/err")" = 1 ] &&
		has "$tmp/err" "^$tmp/conds\.json: syscalls\[0\]\.args: the filter needs at least [0-9]+ instructions"'
	check "conds shape: refused in $ms ms wall (was 32 s)" test "$ms" -lt 8000
	python3 -c 'import json, sys
rules = [{"names": ["getpriority"], "action": "SCMP_ACT_ERRNO", "errnoRet": 71,
          "args": [{"index": k, "value": 40 + i + k, "op": "SCMP_CMP_EQ"} for k in range(6)]} for i in range(182)]
json.dump({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": rules}, open(sys.argv[1], "w"))' "$tmp/near.json"
	"$scfs" compile "$tmp/near.json" >"$tmp/near.bpf" 2>"$tmp/err"
	insns=$(($(stat -c %s "$tmp/near.bpf") / 8))
	check "182 six-condition rules: compiled, $insns instructions (3900-4096)" test "$insns" -gt 3900 -a "$insns" -le 4096
	"$scfs" run -p "$tmp/near.json" -- "$sysprobe" -n getpriority 140 141 142 143 144 145 \; \
		getpriority 140 141 142 143 144 146 >"$tmp/out" 2>"$tmp/err"
	is "... loaded: the rule's call gets errno 71, another one its own answer (22)" "$(tr '\n' ' ' <"$tmp/out")" "71 22 "
else
	skip "bounded work: needs python3 and bench/worst/gen.py"
fi

# scfs show of a pid without state: an error, nothing leaked (ASan build).
"$scfs" show 2147483 >/dev/null 2>"$tmp/err"
check "show of a pid without state: no leak" eval '! grep -q "LeakSanitizer" "$tmp/err"'

echo "1..$n"
[ "$failed" = 0 ]
