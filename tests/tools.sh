#!/bin/bash
# The profile tools end to end: lint (one fixture per finding kind, and the
# real findings of every upstream profile), diff and the subset test,
# explain checked against the kernel, export (bpf through the real bwrap,
# systemd, spo, oci, docker), record and merge verified by re-running.
# Usage: tools.sh SCFS SYSPROBE FIXTURES SHARED_DIR     (TAP output)
set -u
scfs=$1 sysprobe=$2 fixtures=$3 shared=$4
lintdir=$fixtures/lint
updir=$shared/upstream-profiles
n=0 failed=0
tmp=$(mktemp -d)
export SCFS_STATE_DIR=$tmp/state
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"
# record, run and the kernel comparisons need these.
missing=$(missing_actions user_notif errno kill_process)
if [ -n "$missing" ]; then
	echo "1..0 # SKIP this kernel lacks seccomp actions:$missing"
	exit 0
fi
skip() { n=$((n + 1)); echo "ok $n - $* # SKIP"; }
profile() { printf '%s\n' "$2" >"$tmp/$1.json"; echo "$tmp/$1.json"; }
# Host-independent what-if options, so expected outputs hold on any machine.
WHATIF=(--arch x86_64 --kernel 6.8)

# ---------------------------------------------------------------- lint
for f in "$lintdir"/[0-8]*.json; do
	b=$(basename "$f" .json)
	args=()
	[ -f "$lintdir/$b.args" ] && read -ra args <"$lintdir/$b.args"
	(cd "$lintdir" && "$scfs" lint --caps none --kernel 6.8 "${args[@]}" "$b.json") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	sed -i "s|^$b.json:|FILE:|" "$tmp/out"
	# Only errors and warnings fail lint by default (--fail-on warning).
	want_rc=0
	grep -qE '^FILE: ([^ :]+: )?(error|warning): ' "$lintdir/$b.expect" && want_rc=1
	if cmp -s "$tmp/out" "$lintdir/$b.expect" && [ "$rc" = "$want_rc" ]; then
		ok "lint $b: expected findings, exit $want_rc"
	else
		not_ok "lint $b: expected findings, exit $want_rc (got $rc)"
		diff "$lintdir/$b.expect" "$tmp/out" | sed 's/^/# /'
		sed 's/^/# stderr: /' "$tmp/err"
	fi
done
"$scfs" lint "$lintdir/90-not-json.json" >/dev/null 2>"$tmp/err"
rc=$?
check "lint: invalid JSON exits 125 with the parser's message" \
	test "$rc" = 125 -a "$(grep -c 'invalid JSON' "$tmp/err")" = 1
"$scfs" lint "$lintdir/91-unloadable.json" >/dev/null 2>"$tmp/err"
rc=$?
check "lint: an unloadable profile exits 125 with the loader's message" \
	test "$rc" = 125 -a "$(grep -c 'unknown action "SCMP_ACT_FOO"' "$tmp/err")" = 1
"$scfs" lint --json --caps none --kernel 6.8 "$lintdir/08-shadowed.json" >"$tmp/out"
check "lint --json: kind, rule index and hint as JSON" has "$tmp/out" '"kind":"shadowed"'
check "lint --json: rule 1 named" has "$tmp/out" '"rule":1,'
check "lint: several --arch values lint each" \
	has <("$scfs" lint --caps none --kernel 6.8 --arch x86_64,aarch64 "$lintdir/12-not-on-arch.json") \
	'not-on-arch: "dup2" does not exist on aarch64'

if [ -d "$updir" ]; then
	# Both capability extremes: includes/excludes.caps decide which rules meet.
	(cd "$updir" && for f in *.json; do
		for caps in all none; do
			"$scfs" lint "${WHATIF[@]}" --caps $caps "$f" >/dev/null 2>&1
			echo "== $f --caps $caps (exit $?)"
			"$scfs" lint "${WHATIF[@]}" --caps $caps "$f" 2>&1
		done
	done) >"$tmp/upstream.out"
	for f in "$updir"/*.json; do
		b=$(basename "$f")
		want=$(awk -v h="== $b " 'index($0, "== ") == 1 { on = index($0, h) == 1 } on' "$lintdir/upstream.expect")
		got=$(awk -v h="== $b " 'index($0, "== ") == 1 { on = index($0, h) == 1 } on' "$tmp/upstream.out")
		if [ -n "$want" ] && [ "$want" = "$got" ]; then
			ok "lint upstream $b: findings as recorded (--caps all and none)"
		else
			not_ok "lint upstream $b: findings as recorded (--caps all and none)"
			diff <(echo "$want") <(echo "$got") | sed 's/^/# /'
		fi
	done
	check "lint: Docker's default has the duplicate ptrace rule (syscalls[25] after syscalls[1])" \
		has "$tmp/upstream.out" '^moby-profiles--seccomp-default.json: syscalls\[25\]\.names\[5\]: info: duplicate: "ptrace" is already decided by syscalls\[1\]'
	check "lint: Podman's default denies setns without CAP_SYS_ADMIN in a rule an earlier allow shadows" \
		has "$tmp/upstream.out" '^containers-container-libs--common-pkg-seccomp-seccomp.json: syscalls\[16\]\.names\[5\]: warning: shadowed: "setns" is already decided by syscalls\[1\]'
else
	skip "lint upstream profiles: $updir not found"
fi

# ---------------------------------------------------------------- diff
if [ -d "$updir" ]; then
	docker=$updir/moby-profiles--seccomp-default.json
	podman=$updir/containers-container-libs--common-pkg-seccomp-seccomp.json
	"$scfs" diff "${WHATIF[@]}" --caps none "$docker" "$podman" >"$tmp/dp" 2>"$tmp/err"
	is "diff Docker Podman: exit 1 (they differ)" "$?" 1
	check "diff Docker Podman: default action EPERM → ENOSYS" has "$tmp/dp" '^default action: ERRNO\(1\) EPERM → ERRNO\(38\) ENOSYS$'
	check "diff Docker Podman: Podman allows mount, Docker leaves it to its default" \
		has "$tmp/dp" '^  mount +ERRNO\(1\) EPERM \(default\) → ALLOW \(syscalls\[1\]\)   \[B allows more\]$'
	check "diff Docker Podman: clone3 ENOSYS rule (no CAP_SYS_ADMIN) → allowed" \
		has "$tmp/dp" '^  clone3 +ERRNO\(38\) ENOSYS \(syscalls\[20\]\) → ALLOW \(syscalls\[1\]\)'
	check "diff Docker Podman: Podman denies vmsplice, Docker allows it" \
		has "$tmp/dp" '^  vmsplice +ALLOW \(syscalls\[0\]\) → ERRNO\(1\) EPERM \(syscalls\[0\]\)$'
	check "diff Docker Podman: socket argument rules shown separately, with a call that differs" \
		has "$tmp/dp" '^    e\.g\. socket\(AF_ALG\): ERRNO\(1\) EPERM → ALLOW$'
	check "diff Docker Podman: socket rules of A listed with their conditions" \
		has "$tmp/dp" '^    A: ALLOW if a0 < AF_ALG \(syscalls\[2\]\)$'
	check "diff Docker Podman: personality has the same argument rules, only the fallback differs" \
		has <(grep -A1 '^  personality$' "$tmp/dp") 'same argument rules; calls they do not match: ERRNO\(1\) EPERM → ERRNO\(38\) ENOSYS'
	check "diff Docker Podman: unnamed syscalls summarised by range" \
		has "$tmp/dp" '^  x86_64   457-466 +ERRNO\(1\) EPERM \(default\) → ERRNO\(38\) ENOSYS \(ENOSYS stub\)$'
	"$scfs" diff --subset "${WHATIF[@]}" --caps none "$docker" "$podman" >"$tmp/sub" 2>&1
	is "diff --subset: Podman's default is not a subset of Docker's" "$?" 1
	check "diff --subset: lists what B allows and A does not (unshare)" has "$tmp/sub" '^  unshare +ERRNO'
	check "diff --subset: vmsplice (B denies it) is not listed" test "$(grep -c vmsplice "$tmp/sub")" = 0
	for p in "$docker" "$podman"; do
		"$scfs" diff --subset "${WHATIF[@]}" --caps none "$p" "$p" >/dev/null 2>&1
		is "diff --subset: $(basename "$p") is a subset of itself" "$?" 0
		"$scfs" diff "${WHATIF[@]}" --caps none "$p" "$p" >"$tmp/self" 2>&1
		is "diff: $(basename "$p") against itself: no difference, exit 0" "$?:$(grep -c '^no difference$' "$tmp/self")" "0:1"
	done
	# Docker's default with one more allow (reboot).
	sed '0,/"accept",/s//"accept", "reboot",/' "$docker" >"$tmp/docker-reboot.json"
	"$scfs" diff --subset "${WHATIF[@]}" --caps none "$docker" "$tmp/docker-reboot.json" >"$tmp/sub" 2>&1
	is "diff --subset: Docker's default plus reboot is not a subset of it" "$?" 1
	check "diff --subset: names reboot and only reboot" \
		test "$(grep -cE '^  [a-z]' "$tmp/sub"):$(grep -c '^  reboot ' "$tmp/sub")" = "1:1"
	"$scfs" diff --subset "${WHATIF[@]}" --caps none "$tmp/docker-reboot.json" "$docker" >/dev/null 2>&1
	is "diff --subset: Docker's default is a subset of itself plus reboot" "$?" 0
else
	skip "diff Docker/Podman: $updir not found"
fi
a=$(profile sub-a '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":40,"op":"SCMP_CMP_NE"}]}]}')
b=$(profile sub-b '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":40,"op":"SCMP_CMP_LT"}]}]}')
c=$(profile sub-c '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":40,"op":"SCMP_CMP_LE"}]}]}')
d=$(profile sub-d '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write","getpid"],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":40,"op":"SCMP_CMP_NE"}]}]}')
"$scfs" diff --subset "${WHATIF[@]}" "$a" "$b" >/dev/null 2>&1
is "diff --subset: socket a0 < 40 is within socket a0 != 40 (argument rules compared exactly)" "$?" 0
"$scfs" diff --subset "${WHATIF[@]}" "$a" "$c" >"$tmp/sub" 2>&1
is "diff --subset: socket a0 <= 40 is not within a0 != 40" "$?" 1
check "diff --subset: the call that shows it is socket(AF_VSOCK)" has "$tmp/sub" '^    e\.g\. socket\(AF_VSOCK\): ERRNO\(1\) EPERM → ALLOW$'
"$scfs" diff --subset "${WHATIF[@]}" "$a" "$d" >"$tmp/sub" 2>&1
is "diff --subset: one more allow (getpid) is not a subset" "$?" 1
check "diff --subset: names getpid" has "$tmp/sub" '^  getpid +ERRNO\(1\) EPERM \(default\) → ALLOW \(syscalls\[0\]\)$'

# ---------------------------------------------------------------- explain vs the kernel
# Calls a filtered sysprobe itself needs after loading (it prints with write).
SELF='"write","exit_group"'
declare -A P
P[v1]='{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}'
P[v1b]='{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":100}]}'
P[v2]='{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":6,"syscalls":[{"names":['"$SELF"',"getpid"],"action":"SCMP_ACT_ALLOW"}]}'
P[v3]='{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["getpid"],"action":"SCMP_ACT_ERRNO","errnoRet":0}]}'
P[v6]='{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":['"$SELF"'],"action":"SCMP_ACT_ALLOW"},{"names":["getpid"],"action":"SCMP_ACT_ERRNO"}]}'
P[v6b]='{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":['"$SELF"'],"action":"SCMP_ACT_ALLOW"},{"names":["getpid"],"action":"SCMP_ACT_ERRNO","errnoRet":2}]}'
P[v7]='{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["getpid"],"action":"SCMP_ACT_ERRNO","errnoRet":5},{"names":["getpid"],"action":"SCMP_ACT_ERRNO","errnoRet":7}]}'
P[v8]='{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["dup"],"action":"SCMP_ACT_ERRNO","errnoRet":9,"args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},{"names":["dup"],"action":"SCMP_ACT_ERRNO","errnoRet":7}]}'
P[v9]='{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["exit_group"],"action":"SCMP_ACT_ALLOW"},{"names":["write"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]},{"names":["write"],"action":"SCMP_ACT_ERRNO","errnoRet":5,"args":[{"index":0,"value":2,"op":"SCMP_CMP_EQ"}]}]}'
P[v10]='{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":['"$SELF"'],"action":"SCMP_ACT_ALLOW"},{"names":["ftruncate"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":123456789,"op":"SCMP_CMP_EQ"},{"index":1,"value":1337,"op":"SCMP_CMP_EQ"}]}]}'
P[v11]='{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":['"$SELF"'],"action":"SCMP_ACT_ALLOW"},{"names":["process_vm_writev"],"action":"SCMP_ACT_ERRNO","errnoRet":55,"args":[{"index":0,"value":1337,"op":"SCMP_CMP_EQ"},{"index":0,"value":2020,"op":"SCMP_CMP_EQ"}]}]}'
P[v12]='{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":['"$SELF"'],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":2,"value":3840,"valueTwo":0,"op":"SCMP_CMP_MASKED_EQ"}]}]}'
P[v20]='{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"}]}'
# Without "architectures" runc builds no stub: calls above the profile get the default.
P[v20n]='{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"}]}'
P[kill]='{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["getppid"],"action":"SCMP_ACT_KILL_PROCESS"}]}'
for k in "${!P[@]}"; do
	profile "ex-$k" "${P[$k]}" >/dev/null
	"$scfs" compile "${WHATIF[@]}" -o "$tmp/ex-$k.bpf" "$tmp/ex-$k.json" 2>/dev/null
done
# profile | sysprobe call | explain call | what is checked
cases=(
	"v1|mkdir s:$tmp/m1 0755|mkdir 0 0755|deny-list ERRNO, errno defaults to EPERM"
	"v1b|mkdir s:$tmp/m2 0755|mkdir 0 0755|errnoRet 100"
	"v1|getpid|getpid|deny-list: other calls allowed"
	"v2|chdir s:/|chdir 0|defaultErrnoRet 6 for the default"
	"v3|getpid|getpid|ERRNO(0): returns 0 without running"
	"v6|getpid|getpid|a rule equal to the default is the default"
	"v6b|getpid|getpid|the same rule with errno 2"
	"v7|getpid|getpid|duplicate unconditional rules: the first wins"
	"v8|dup 0|dup 0|a conditional rule is voided by a later unconditional one"
	"v8|dup 5|dup 5|the unconditional rule for other arguments"
	"v9|write 1 s: 0|write 1 0 0|conditional ALLOW on write(1)"
	"v9|write 2 s: 0|write 2 0 0|conditional ERRNO(5) on write(2)"
	"v9|write 3 s: 0|write 3 0 0|write(3): no condition matches, default"
	"v10|ftruncate 123456789 1337|ftruncate 123456789 1337|AND: both conditions hold, the kernel answers"
	"v10|ftruncate 123456789 0|ftruncate 123456789 0|AND: only the first holds"
	"v10|ftruncate 500 1337|ftruncate 500 1337|AND: only the second holds"
	"v11|process_vm_writev 1337 0 0 0 0 0|process_vm_writev 1337|OR: first value"
	"v11|process_vm_writev 2020 0 0 0 0 0|process_vm_writev 2020|OR: second value"
	"v11|process_vm_writev 0 0 0 0 0 0|process_vm_writev 0|OR: neither, default"
	"v12|socket 1 1 0|socket 1 1 0|MASKED_EQ: protocol 0 passes"
	"v12|socket 1 1 0x0ff|socket 1 1 0x0ff|MASKED_EQ: 0x0ff passes the mask, the kernel refuses"
	"v12|socket 1 1 0x100|socket 1 1 0x100|MASKED_EQ: 0x100 is masked out"
	"v20|getpid|getpid|below the stub: default EPERM"
	"v20|epoll_wait 0 0 0 0|epoll_wait|above exit_group: ENOSYS stub"
	"v20|1000|1000|syscall 1000: ENOSYS stub"
	"v20n|1000|1000|no architectures, no stub: default EPERM"
	"v20n|epoll_wait 0 0 0 0|epoll_wait|no architectures, no stub: default EPERM"
	"kill|getppid|getppid|KILL_PROCESS"
)
explained=0
for c in "${cases[@]}"; do
	IFS='|' read -r k pcall ecall what <<<"$c"
	read -ra pa <<<"$pcall"
	read -ra ea <<<"$ecall"
	"$scfs" explain --json "${WHATIF[@]}" "$tmp/ex-$k.json" "${ea[@]}" >"$tmp/ex.json" 2>"$tmp/err"
	action=$(grep -o '"action":"[A-Z_]*"' "$tmp/ex.json" | cut -d'"' -f4)
	errno=$(grep -o '"errno":[0-9]*' "$tmp/ex.json" | cut -d: -f2)
	got=$("$sysprobe" -f "$tmp/ex-$k.bpf" -n "${pa[@]}" 2>/dev/null)
	rc=$?
	[ "$rc" = 159 ] && got=killed
	case $action in
	ALLOW | LOG) want=$("$sysprobe" -n "${pa[@]}" 2>/dev/null) ;;
	ERRNO) want=$errno ;;
	KILL_PROCESS | KILL_THREAD | TRAP) want=killed ;;
	*) want="?$action" ;;
	esac
	if [ "$got" = "$want" ] && [ -n "$action" ]; then
		ok "explain agrees with the kernel: $k ${ea[*]} → $action${errno:+($errno)} ($what)"
		explained=$((explained + 1))
	else
		not_ok "explain agrees with the kernel: $k ${ea[*]} ($what)"
		echo "#   explain: $action ${errno:-}; kernel: $got (rc $rc); want $want"
		sed 's/^/# /' "$tmp/err"
	fi
done
check "explain: at least 15 (profile, call) cases agree with the kernel" test "$explained" -ge 15
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v8.json" dup 0 >"$tmp/out"
check "explain: names the deciding rule and the voided one" \
	test "$(head -1 "$tmp/out")" = "dup(0) on x86_64: ERRNO(7) E2BIG — decided by syscalls[1] (names dup)" -a \
	"$(grep -c 'syscalls\[0\] names dup but never applies: thrown away for the later unconditional syscalls\[1\]' "$tmp/out")" = 1
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v20.json" 1000 >"$tmp/out"
check "explain: the ENOSYS stub and its threshold" has "$tmp/out" '^syscall_1000\(\) on x86_64: ERRNO\(38\) ENOSYS — ENOSYS stub \(newer than the profile: > 231\)$'
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v20.json" getpid >"$tmp/out"
check "explain: the default action" has "$tmp/out" '^getpid\(\) on x86_64: ERRNO\(1\) EPERM — default action$'
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v12.json" socket 1 1 0 >"$tmp/out"
check "explain: a MASKED_EQ condition is shown as a mask" \
	has "$tmp/out" '^socket\(AF_UNIX, SOCK_STREAM, 0\) on x86_64: ALLOW — decided by syscalls\[1\] \(names socket; if \(a2 & 0xf00\) == 0\)$'
"$scfs" explain "${WHATIF[@]}" --abi mips "$tmp/ex-v1.json" read >"$tmp/out"
check "explain: an ABI outside the filter is killed" has "$tmp/out" 'KILL_THREAD — the mips ABI is not in the filter'
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v1.json" dup -100 >"$tmp/out"
check "explain: negative arguments are two's complement" has "$tmp/out" '^dup\(-100\)'
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v1.json" no_such_call >/dev/null 2>&1
is "explain: an unknown syscall exits 125" "$?" 125
# Symbolic arguments in, decoded arguments out; the same answer as numbers.
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v12.json" socket AF_UNIX 'SOCK_STREAM|SOCK_CLOEXEC' 0x100 >"$tmp/out"
check "explain: constants as arguments, decoded in the answer" \
	has "$tmp/out" '^socket\(AF_UNIX, SOCK_STREAM\|SOCK_CLOEXEC, 0x100\) on x86_64: ERRNO\(1\) EPERM — default action$'
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v12.json" socket 1 524289 256 >"$tmp/out2"
check "explain: the same call given as numbers gets the same answer" cmp -s "$tmp/out" "$tmp/out2"
"$scfs" explain "${WHATIF[@]}" "$tmp/ex-v12.json" socket AF_NOPE >/dev/null 2>"$tmp/err"
is "explain: an unknown constant exits 125" "$?" 125
check "explain: an unknown constant is named in one line" \
	test "$(cat "$tmp/err")" = 'scfs explain: argument 0: "AF_NOPE" is neither an integer nor a constant argument 0 of socket takes'
if [ -d "$updir" ]; then
	"$scfs" explain "${WHATIF[@]}" --caps none "$updir/moby-profiles--seccomp-default.json" unshare CLONE_NEWUSER >"$tmp/out"
	check "explain: a rule dropped by includes.caps names the capability it lacks" \
		has "$tmp/out" '^  syscalls\[17\] names unshare but is dropped on this host: .*\(lacks CAP_SYS_ADMIN\)$'
	check "explain: Docker's clone rule prints its mask by name" \
		has <("$scfs" explain "${WHATIF[@]}" --caps none "$updir/moby-profiles--seccomp-default.json" clone 'CLONE_NEWUSER|SIGCHLD') \
		'\(a0 & CLONE_NEWNS\|CLONE_NEWCGROUP\|CLONE_NEWUTS\|CLONE_NEWIPC\|CLONE_NEWUSER\|CLONE_NEWPID\|CLONE_NEWNET\) == 0'
fi

# ---------------------------------------------------------------- export
deny=$(profile deny '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13},{"names":["getppid"],"action":"SCMP_ACT_ERRNO","errnoRet":5},{"names":["chdir"],"action":"SCMP_ACT_KILL_PROCESS"},{"names":["socket"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":17,"op":"SCMP_CMP_EQ"}]}]}')
"$scfs" export --to bpf -o "$tmp/deny.bpf" "$deny" 2>/dev/null
"$scfs" compile -o "$tmp/deny.cmp.bpf" "$deny" 2>/dev/null
check "export bpf: the same bytes as scfs compile" cmp -s "$tmp/deny.bpf" "$tmp/deny.cmp.bpf"
if command -v bwrap >/dev/null && bwrap --dev-bind / / true 2>/dev/null; then
	probe=(-n mkdir s:"$tmp/bw1" 0755 ';' getppid ';' getpid ';' socket 17 3 0 ';' socket 1 1 0)
	bw=$(bwrap --dev-bind / / --seccomp 3 "$sysprobe" "${probe[@]}" 3<"$tmp/deny.bpf" 2>/dev/null | tr '\n' ' ')
	run=$("$scfs" run -p "$deny" -- "$sysprobe" "${probe[@]}" 2>/dev/null | tr '\n' ' ')
	is "export bpf: under the real bwrap the same calls are denied as under scfs run" "$bw" "$run"
	is "export bpf: and those are the profile's errnos" "$bw" "13 5 0 1 0 "
	bwrap --dev-bind / / --seccomp 3 "$sysprobe" chdir s:/ 3<"$tmp/deny.bpf" >/dev/null 2>&1
	bwrc=$?
	"$scfs" run -p "$deny" -- "$sysprobe" chdir s:/ >/dev/null 2>&1
	is "export bpf: KILL_PROCESS kills by SIGSYS under bwrap as under scfs run (159)" "$bwrc/$?" "159/159"
	if [ -d "$updir" ]; then
		"$scfs" export --to bpf --caps none -o "$tmp/docker.bpf" "$updir/moby-profiles--seccomp-default.json" 2>/dev/null
		probe=(-n getpid ';' reboot 0 0 0 0 ';' 1000 ';' unshare 0x10000000 ';' keyctl 0 ';' socket 40 1 0)
		bw=$(bwrap --dev-bind / / --seccomp 3 "$sysprobe" "${probe[@]}" 3<"$tmp/docker.bpf" 2>/dev/null | tr '\n' ' ')
		run=$("$scfs" run --caps none -p "$updir/moby-profiles--seccomp-default.json" -- "$sysprobe" "${probe[@]}" 2>/dev/null | tr '\n' ' ')
		is "export bpf: Docker's default under bwrap denies as under scfs run" "$bw" "$run"
		is "export bpf: ... getpid 0, reboot EPERM, 1000 ENOSYS, unshare EPERM, keyctl EPERM, AF_VSOCK EPERM" "$bw" "0 1 38 1 1 1 "
	fi
else
	skip "export bpf under bwrap: bwrap missing or not usable here"
fi
"$scfs" export --to systemd "${WHATIF[@]}" "$deny" >"$tmp/sd" 2>/dev/null
check "export systemd: a deny list with per-call errnos, socket left out" has "$tmp/sd" '^SystemCallFilter=~chdir getppid:EIO mkdir:EACCES mkdirat:EACCES$'
check "export systemd: socket denied for AF_PACKET is RestrictAddressFamilies=~AF_PACKET" \
	has "$tmp/sd" '^RestrictAddressFamilies=~AF_PACKET$'
check "export systemd: architectures" has "$tmp/sd" '^SystemCallArchitectures=x86-64$'
mixed=$(profile mixed '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],"syscalls":[{"names":["read","write","exit_group","execve"],"action":"SCMP_ACT_ALLOW"},{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13},{"names":["reboot"],"action":"SCMP_ACT_KILL_PROCESS"},{"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]}]}')
"$scfs" export --to systemd "${WHATIF[@]}" "$mixed" >"$tmp/sd" 2>/dev/null
check "export systemd: an allow list, personality in it" has "$tmp/sd" '^SystemCallFilter=execve exit_group personality read write$'
check "export systemd: personality allowed for PER_LINUX only is LockPersonality=yes, exactly" \
	test "$(grep -c '^LockPersonality=yes$' "$tmp/sd"),$(grep -c '^# - personality' "$tmp/sd")" = 1,0
check "export systemd: SystemCallErrorNumber from the default" has "$tmp/sd" '^SystemCallErrorNumber=EPERM$'
check "export systemd: SystemCallArchitectures in systemd's names" has "$tmp/sd" '^SystemCallArchitectures=x86-64 x86$'
check "export systemd: a per-rule errno is listed as a comment" has "$tmp/sd" '^# - mkdir: ERRNO\(13\) EACCES \(syscalls\[1\]\): an allow list'
check "export systemd: a KILL among ERRNOs is listed as a comment" has "$tmp/sd" '^# - reboot: KILL_PROCESS \(syscalls\[2\]\)'
check "export systemd: what systemd always allows is said" has "$tmp/sd" '^# - exit: the profile denies it, but systemd always allows it'
check "export systemd: the ENOSYS stub is said" has "$tmp/sd" '^# - the ENOSYS stub \(calls numbered above 231 on x86_64 get ENOSYS\) cannot be expressed$'
if command -v systemd-analyze >/dev/null; then
	{ echo '[Service]'; echo 'ExecStart=/bin/true'; grep -v '^\[Service\]' "$tmp/sd"; } >"$tmp/scfs-export-test.service"
	systemd-analyze verify "$tmp/scfs-export-test.service" >"$tmp/err" 2>&1
	check "export systemd: systemd-analyze verify has no complaint about the settings" \
		test "$(grep -ciE 'SystemCall|unknown|failed to parse' "$tmp/err")" = 0
fi
# A network service's profile in systemd's words: socket and personality
# stay allowed (RestrictAddressFamilies=, LockPersonality=), and the
# families listed are exactly those the profile lets socket() have under
# scfs run (its default errno made 200 to tell a denial from the kernel's
# own refusals), so that no family the profile denies is let through.
# sd_export PROFILE WHAT
# The AF_ numbers and names as this libc has them (cpp expands the names).
af_max=$(printf '#include <sys/socket.h>\nAF_MAX\n' | cpp -P 2>/dev/null | tail -n 1)
af_nums() { printf '#include <sys/socket.h>\n%s\n' "$*" | cpp -P 2>/dev/null | tail -n 1 | tr ' ' '\n' | sort -n | tr '\n' ' '; }
sd_export() {
	local prof=$1 what=$2 out="$tmp/sd-$2" probe=() fam t want got line
	"$scfs" export --to systemd "${WHATIF[@]}" "$prof" >"$out" 2>/dev/null
	check "export systemd, $what: socket and personality are in the allow list" \
		test "$(grep '^SystemCallFilter=' "$out" | tr ' =' '\n\n' | grep -cxE 'socket|personality')" = 2
	check "export systemd, $what: LockPersonality=yes, and what it denies that the profile allows is said" \
		test "$(grep -c '^LockPersonality=yes$' "$out"),$(grep -c '^# - personality: LockPersonality=yes allows only PER_LINUX.*PER_LINUX32' "$out")" = 1,1
	if command -v systemd-analyze >/dev/null; then
		{ echo '[Service]'; echo 'ExecStart=/bin/true'; grep -v '^\[Service\]' "$out"; } >"$tmp/scfs-export-$what.service"
		systemd-analyze verify "$tmp/scfs-export-$what.service" >"$tmp/err" 2>&1
		# Calls newer than this libseccomp are said to need systemd's to know them.
		sed -n 's/^# - \([a-z0-9_]*\) is newer than libseccomp .*/ignoring: \1$/p' "$out" >"$tmp/newer"
		check "export systemd, $what: systemd-analyze verify has no complaint (but calls newer than its libseccomp)" \
			test "$(grep -vf "$tmp/newer" "$tmp/err" | grep -ciE 'SystemCall|system call|AddressFamil|Personality|unknown|failed to parse')" = 0
	else
		skip "export systemd, $what: systemd-analyze is not installed"
	fi
	if ! [ "$af_max" -gt 0 ] 2>/dev/null; then
		skip "export systemd, $what: no C preprocessor for the AF_ numbers"
		return
	fi
	sed 's/"defaultErrnoRet": *1,/"defaultErrnoRet": 200,/' "$prof" >"$tmp/sd-$what.json"
	for ((fam = 1; fam < af_max; fam++)); do
		for t in 1 2 3 5; do probe+=(socket "$fam" "$t" 0 ';'); done
	done
	"$scfs" run -p "$tmp/sd-$what.json" -- "$sysprobe" -n "${probe[@]:0:${#probe[@]}-1}" 2>/dev/null >"$tmp/sd-$what.errnos"
	# A family the profile allows: some type does not get errno 200.
	want=$(paste -d' ' - - - - <"$tmp/sd-$what.errnos" |
		awk '{ for (i = 1; i <= 4; i++) if ($i != 200) { print NR; break } }' | tr '\n' ' ')
	line=$(grep '^RestrictAddressFamilies=' "$out")
	if [ "${line#RestrictAddressFamilies=~}" != "$line" ]; then
		got=$(seq 1 $((af_max - 1)) | grep -vxF -f <(af_nums "${line#RestrictAddressFamilies=~}" | tr ' ' '\n') | tr '\n' ' ')
	else
		got=$(af_nums "${line#RestrictAddressFamilies=}")
	fi
	echo "# $what: $line"
	[ -n "$want" ] && [ "$got" = "$want" ]
	check "export systemd, $what: the families systemd lets through are those scfs run lets through ($want)" test $? = 0
}
if [ -r "$updir/moby-profiles--seccomp-default.json" ]; then
	sd_export "$updir/moby-profiles--seccomp-default.json" docker
else
	skip "export systemd, Docker's default: $updir is absent"
fi
sd_export "$(dirname "$fixtures")/../profiles/default.json" default
"$scfs" export --to spo "${WHATIF[@]}" "$mixed" >"$tmp/spo" 2>/dev/null
check "export spo: apiVersion and kind" test "$(head -20 "$tmp/spo" | grep -cE '^(apiVersion: security-profiles-operator\.x-k8s\.io/v1beta1|kind: SeccompProfile)$')" = 2
check "export spo: name from the file" has "$tmp/spo" '^  name: mixed$'
check "export spo: spec.defaultAction and architectures" \
	test "$(grep -cE '^  defaultAction: SCMP_ACT_ERRNO$|^  - SCMP_ARCH_X86_64$|^  - SCMP_ARCH_X86$' "$tmp/spo")" = 3
check "export spo: a rule with errnoRet" has <(grep -A4 '^  - action: SCMP_ACT_ERRNO$' "$tmp/spo") '^    errnoRet: 13$'
check "export spo: an argument rule" has <(grep -A6 '^    - personality$' "$tmp/spo") '^      op: SCMP_CMP_EQ$'
if python3 -c 'import yaml' 2>/dev/null; then
	check "export spo: valid YAML" python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert d["spec"]["syscalls"][1]["errnoRet"] == 13' "$tmp/spo"
fi
"$scfs" export --to oci "${WHATIF[@]}" "$mixed" >"$tmp/oci" 2>/dev/null
"$scfs" expand "${WHATIF[@]}" "$mixed" >"$tmp/exp" 2>/dev/null
check "export oci: the effective profile, as scfs expand prints it" cmp -s "$tmp/oci" "$tmp/exp"
if [ -d "$updir" ]; then
	"$scfs" export --to docker "$updir/moby-profiles--seccomp-default.json" >"$tmp/redocker.json" 2>/dev/null
	"$scfs" compile "${WHATIF[@]}" -o "$tmp/a.bpf" "$updir/moby-profiles--seccomp-default.json" 2>/dev/null
	"$scfs" compile "${WHATIF[@]}" -o "$tmp/b.bpf" "$tmp/redocker.json" 2>/dev/null
	check "export docker: Docker's default re-rendered compiles to the same filter" cmp -s "$tmp/a.bpf" "$tmp/b.bpf"
	# includes/excludes and archMap kept: the same filter for another
	# host's capabilities and arch too.
	same=yes
	for w in "--caps all" "--caps none --arch aarch64" "--caps all --kernel 4.14"; do
		# shellcheck disable=SC2086
		"$scfs" compile $w -o "$tmp/a.bpf" "$updir/moby-profiles--seccomp-default.json" 2>/dev/null &&
			"$scfs" compile $w -o "$tmp/b.bpf" "$tmp/redocker.json" 2>/dev/null &&
			cmp -s "$tmp/a.bpf" "$tmp/b.bpf" || same="no ($w)"
	done
	is "export docker: the same filter for all caps, aarch64 and kernel 4.14 (includes, excludes, archMap kept)" "$same" yes
fi
"$scfs" export --to nope "$mixed" >/dev/null 2>&1
is "export: an unknown format exits 125" "$?" 125

# ---------------------------------------------------------------- record and merge
# Recorded, then run under the recording: zero denials.
record_and_rerun() {
	local name=$1 d; shift
	"$scfs" record -o "$tmp/rec-$name.json" -- "$@" >"$tmp/rec-$name.out" 2>"$tmp/rec-$name.err"
	is "record $name: the command ran and exited 0" "$?" 0
	check "record $name: nothing makes the recording incomplete" test "$(grep -c INCOMPLETE "$tmp/rec-$name.err")" = 0
	"$scfs" run -p "$tmp/rec-$name.json" -- "$@" >"$tmp/run-$name.out" 2>"$tmp/run-$name.err"
	is "record $name: the command exits 0 under its recorded profile" "$?" 0
	d=$(last_dir)
	is "record $name: zero denials under the recorded profile" "$(wc -l <"$d/denied")" 0
}
record_and_rerun ls ls -l /
record_and_rerun sh sh -c 'echo hi | cat'
is "record sh: prints hi under the recorded profile" "$(cat "$tmp/run-sh.out")" hi
if command -v python3 >/dev/null; then
	record_and_rerun python3 python3 -c 'print(1)'
	is "record python3: prints 1 under the recorded profile" "$(cat "$tmp/run-python3.out")" 1
elif command -v perl >/dev/null; then
	record_and_rerun perl perl -e 'print 1'
	is "record perl: prints 1 under the recorded profile" "$(cat "$tmp/run-perl.out")" 1
else
	skip "record: neither python3 nor perl is installed"
fi
check "record: provenance in the comment (runs, command, arch, kernel, libseccomp, date)" \
	has "$tmp/rec-ls.json" "\"comment\": \"scfs record: seen in 1 of 1 runs \\| command: ls -l / \\| arch: [a-z0-9_]+ \\| kernel: $(uname -r | sed 's/[.+]/\\&/g') \\| libseccomp: [0-9.]+ \\| scfs: [0-9.]+ \\| date: [0-9T:-]+Z \\| coverage: every syscall the command made\""
"$scfs" lint "$tmp/rec-ls.json" | grep -v -e '^    fix: ' -e 'finding' >"$tmp/out"
check "record: the recorded profile lints clean but for execveat (ls does not use it)" \
	test "$(wc -l <"$tmp/out"):$(grep -c 'exec-denied: execveat is denied' "$tmp/out")" = "1:1"
check "record: what ls needs on x86_64 is there (getdents64, openat, newfstatat or statx)" \
	test "$(grep -cE '"(getdents64|openat|newfstatat|statx)"' "$tmp/rec-ls.json")" -ge 3
# A base profile: only what it denies is added, and its kills are observed too.
base=$(profile base '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13},{"names":["getppid"],"action":"SCMP_ACT_KILL_PROCESS"},{"names":["getpid"],"action":"SCMP_ACT_TRAP"}]}')
"$scfs" record --base "$base" -o "$tmp/rec-base.json" -- "$sysprobe" -n mkdir s:"$tmp/rb1" 0755 ';' getppid ';' getpid >/dev/null 2>"$tmp/err"
is "record --base: the command ran" "$?" 0
check "record --base: mkdir, getppid (KILL) and getpid (TRAP) recorded" \
	test "$(grep -cE '^        "(mkdir|getppid|getpid)",?$' "$tmp/rec-base.json")" = 3
check "record --base: the base's other names are kept (mkdirat)" has "$tmp/rec-base.json" '"mkdirat"'
out=$("$scfs" run -p "$tmp/rec-base.json" -- "$sysprobe" -n mkdir s:"$tmp/rb2" 0755 ';' getppid ';' getpid 2>/dev/null)
is "record --base: under the result mkdir succeeds and nothing is killed" "$?:$(echo $out | cut -d' ' -f1)" "0:0"
is "record --base: zero denials" "$(wc -l <"$(last_dir)/denied")" 0
"$scfs" record -o "$tmp/x.json" -- /nonexistent/cmd >/dev/null 2>&1
is "record: a command that cannot be found exits 127 and writes no profile" "$?:$(test -e "$tmp/x.json"; echo $?)" "127:1"

"$scfs" merge -o "$tmp/merged.json" "$tmp/rec-ls.json" "$tmp/rec-sh.json" 2>"$tmp/err"
is "merge: exit 0" "$?" 0
# -o through a link someone planted: the link is replaced, its target kept.
echo precious >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/planted.json"
"$scfs" merge -o "$tmp/planted.json" "$tmp/rec-ls.json" "$tmp/rec-sh.json" 2>"$tmp/err"
is "merge -o onto a planted link: exit 0, the link's target intact" "$?:$(cat "$tmp/victim")" "0:precious"
check "merge -o onto a planted link: the output is a new regular file" test -f "$tmp/planted.json" -a ! -L "$tmp/planted.json"
# names come before the comment in each rule
seen_in() { awk -v want="$2" -v name="\"$3\"" '/"names"/ { buf = "" } { buf = buf $0 "\n" }
	/"comment"/ { if (index($0, want) && index(buf, name)) found = 1 } END { exit !found }' "$1"; }
check "merge: syscalls both runs saw are 2 of 2 (execve)" seen_in "$tmp/merged.json" "seen in 2 of 2 runs" execve
check "merge: syscalls one run saw are 1 of 2 (getdents64, from ls)" seen_in "$tmp/merged.json" "seen in 1 of 2 runs" getdents64
"$scfs" diff --subset "${WHATIF[@]}" "$tmp/merged.json" "$tmp/rec-ls.json" >/dev/null 2>&1
is "merge: each input is a subset of the union (ls)" "$?" 0
"$scfs" diff --subset "${WHATIF[@]}" "$tmp/merged.json" "$tmp/rec-sh.json" >/dev/null 2>&1
is "merge: each input is a subset of the union (sh)" "$?" 0
"$scfs" run -p "$tmp/merged.json" -- ls -l / >/dev/null 2>&1
rc1=$? denied1=$(wc -l <"$(last_dir)/denied")
"$scfs" run -p "$tmp/merged.json" -- sh -c 'echo hi | cat' >/dev/null 2>&1
is "merge: both commands run under the union with zero denials" "$rc1:$denied1 $?:$(wc -l <"$(last_dir)/denied")" "0:0 0:0"
"$scfs" merge -o "$tmp/merged2.json" "$tmp/merged.json" "$tmp/rec-ls.json" 2>/dev/null
check "merge: a merged input counts its runs (3 in all)" has "$tmp/merged2.json" 'seen in 3 of 3 runs'
"$scfs" merge -o "$tmp/bad.json" "$tmp/rec-ls.json" "$deny" >/dev/null 2>"$tmp/err"
check "merge: different default actions are refused" test "$?" = 125 -a "$(grep -c 'default action differs' "$tmp/err")" = 1
check "merge: the refusal names the file it is about" test "$(grep -cF "$deny: defaultAction: the default action differs" "$tmp/err")" = 1
printf '{"defaultAction":"SCMP_ACT_ERRNO","defaultAction":"SCMP_ACT_ALLOW"}' >"$tmp/dup.json"
"$scfs" merge -o "$tmp/bad.json" "$tmp/rec-ls.json" "$tmp/dup.json" >/dev/null 2>"$tmp/err"
check "merge: a load error names the file it is in" \
	test "$?" = 125 -a "$(grep -cxF "$tmp/dup.json: defaultAction: duplicate key (first given at line 1)" "$tmp/err")" = 1

# ---------------------------------------------------------------- suggest
# Denied calls under the shipped default, a suggestion applied, a rerun:
# the same calls now give what they give without any filter, nothing is
# denied, and diff names exactly the syscalls the suggestion was about.
default=$fixtures/../../profiles/default.json
calls=(-n unshare 0x10000000 ';' socket 40 1 0 ';' personality 0x400000)
"$scfs" run -p "$default" -- "$sysprobe" "${calls[@]}" >"$tmp/sg.out" 2>/dev/null
is "suggest: the calls are denied under the shipped default" "$(tr '\n' ' ' <"$tmp/sg.out")" "1 1 1 "
sgpid=$(basename "$(last_dir)")
"$scfs" suggest "$sgpid" -o "$tmp/sg.json" >"$tmp/sg.patch" 2>"$tmp/sg.err"
is "suggest: exit 0 when every denial can be allowed" "$?" 0
check "suggest: clone-style flags are allowed alone, not the whole syscall" \
	has "$tmp/sg.err" '^scfs suggest: allow unshare when a0 has no flags but CLONE_NEWUSER \(1 denied call\)$'
check "suggest: an enum value is allowed, not every family" \
	has "$tmp/sg.err" '^scfs suggest: allow socket when a0 is AF_VSOCK \(1 denied call\)$'
check "suggest: the patch is JSON with three appended rules" \
	python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); assert [o["op"] + o["path"] for o in p] == ["add/syscalls/-"] * 3' "$tmp/sg.patch"
"$scfs" run -p "$tmp/sg.json" -- "$sysprobe" "${calls[@]}" >"$tmp/sg.out2" 2>/dev/null
is "suggest: under the edited profile the calls give what they give unfiltered" \
	"$(cat "$tmp/sg.out2")" "$("$sysprobe" "${calls[@]}" 2>/dev/null)"
is "suggest: no denials under the edited profile" "$(wc -l <"$(last_dir)/denied")" 0
"$scfs" diff "$default" "$tmp/sg.json" >"$tmp/sg.diff" 2>/dev/null
is "suggest: diff names exactly the three syscalls" \
	"$(grep -oE '^  [a-z_0-9]+ ' "$tmp/sg.diff" | tr -d ' ' | sort | tr '\n' ' ')" "personality socket unshare "
check "suggest: the new unshare rule allows only CLONE_NEWUSER" has "$tmp/sg.diff" 'ALLOW if \(a0 & ~\(CLONE_NEWUSER\)\) == 0'
# A masked rule relaxed by the bit the calls set: clone with CLONE_NEWUSER
# (a denial log written by hand, in a state directory of its own).
sgbase=$tmp/sgstate
mkdir -p "$sgbase/4242"
cp "$default" "$sgbase/4242/profile.json"
printf '%s\n' '{"time":"2026-01-01T00:00:00.000000Z","pid":4242,"tid":4242,"comm":"x","arch":"x86_64","syscall":"clone","nr":56,"args":[268435473,0,0,0,0,0],"call":"clone(CLONE_NEWUSER|SIGCHLD,NULL,NULL,NULL,NULL)","action":"ERRNO","errno":1,"errname":"EPERM","rule":"default","mode":"enforce","source":"notify","ip":0}' \
	'{"time":"2026-01-01T00:00:00.000001Z","pid":4242,"tid":null,"comm":"x","arch":"x86_64","syscall":"kill","nr":62,"args":null,"call":null,"action":"KILL_PROCESS","errno":null,"errname":null,"rule":"syscalls[3]","mode":"enforce","source":"kernel","ip":0}' >"$sgbase/4242/denied.jsonl"
"$scfs" suggest --state-dir "$sgbase" 4242 -o "$tmp/sgc.json" >/dev/null 2>"$tmp/sgc.err"
check "suggest: clone's namespace mask loses only CLONE_NEWUSER" \
	has "$tmp/sgc.err" '^scfs suggest: allow clone as syscalls\[[0-9]+\] does, with \(a0 & CLONE_NEWNS\|CLONE_NEWCGROUP\|CLONE_NEWUTS\|CLONE_NEWIPC\|CLONE_NEWPID\|CLONE_NEWNET\)'
check "suggest: kernel records without arguments are counted, not used" has "$tmp/sgc.err" '^scfs suggest: 1 denial from the kernel'
"$scfs" explain "$tmp/sgc.json" clone 'CLONE_NEWUSER|SIGCHLD' >"$tmp/out" 2>/dev/null
check "suggest: clone(CLONE_NEWUSER|SIGCHLD) is now allowed" has "$tmp/out" '^clone\(CLONE_NEWUSER\|SIGCHLD\) on x86_64: ALLOW'
"$scfs" explain "$tmp/sgc.json" clone 'CLONE_NEWNS|SIGCHLD' >"$tmp/out" 2>/dev/null
check "suggest: clone(CLONE_NEWNS|SIGCHLD) is still denied" has "$tmp/out" '^clone\(CLONE_NEWNS\|SIGCHLD\) on x86_64: ERRNO\(1\) EPERM'
# An unconditional deny: an allow after it would never apply, so the name
# leaves that rule.
deny1=$(profile sgdeny '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","rmdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}')
"$scfs" run -p "$deny1" -- "$sysprobe" -n mkdir s:"$tmp/sgdir" 0755 >/dev/null 2>&1
"$scfs" suggest "$(basename "$(last_dir)")" -o "$tmp/sgd.json" >"$tmp/sgd.patch" 2>/dev/null
"$scfs" run -p "$tmp/sgd.json" -- "$sysprobe" -n mkdir s:"$tmp/sgdir" 0755 ';' rmdir s:"$tmp/sgdir" >"$tmp/out" 2>/dev/null
is "suggest: a name leaves the unconditional rule that denied it; its sibling stays denied" "$(tr '\n' ' ' <"$tmp/out")" "0 13 "

# ---------------------------------------------------------------- the man page
man=$fixtures/../../doc/scfs.1
if command -v groff >/dev/null && [ -f "$man" ]; then
	groff -man -Tutf8 -ww -z "$man" 2>"$tmp/err"
	check "doc/scfs.1 renders without groff warnings" test ! -s "$tmp/err"
	for v in check expand compile run ps show clean lint diff explain export record merge suggest; do
		groff -man -Tutf8 -P-cbu "$man" 2>/dev/null | grep -q "^   scfs $v" || { not_ok "doc/scfs.1 has a section for $v"; continue; }
		ok "doc/scfs.1 has a section for $v"
	done
else
	skip "doc/scfs.1: groff or the page missing"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
