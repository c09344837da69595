#!/bin/bash
# The differential test: the filter scfs compiles against the one crun and
# runc load, for every valid profile of tests/fixtures, profiles/ and
# ../shared/upstream-profiles.
#
#   parity.sh SCFS PARITY HOLD SOURCE_ROOT SHARED_DIR
#
# Each profile is expanded (`scfs expand --arch x86_64 --caps <Docker's
# default capability set> --kernel 6.1`, and again with --caps all when its
# rules depend on capabilities); the expanded object goes into an OCI
# bundle's linux.seccomp (scfs refuses it: the file as it is).  The bundle runs parity-hold (a
# freestanding static program: it makes a few real calls, prints their
# results and waits) under crun 1.8.1 and runc 1.1.5; the program each
# runtime loaded is read back from the kernel with PTRACE_SECCOMP_GET_FILTER
# while the container runs.  `parity compare` then runs it and scfs's own
# programs over every input (compare.c): runc's against `scfs compile`
# (the ENOSYS stub model), crun's against `scfs compile --enosys none`.
# The real calls are checked against what the evaluator predicts from the
# program read back.  Ends with "# N decisions compared, U unexplained".
set -u

# Docker's default capability set (moby's oci/caps defaults).
CAPS=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE
# Real calls made in the container (parity-hold, hex): close(-1);
# socket(AF_UNIX, 0x100, 0) and socket(AF_VSOCK, 0x100, 0) (an invalid type,
# so an allowed call fails with EINVAL before any protocol module loads);
# unshare(0); keyctl(invalid command); personality(query); syscall 1000;
# x32 getpid; mseal(0, 0, 0) (newer than libseccomp).
CALLS="3,ffffffffffffffff 29,1,100,0 29,28,100,0 110,0 fa,7fffffff 87,ffffffff 3e8 40000027 1ce,0,0,0"
# The same through int $0x80 (i386), where the host has it: close(-1),
# socket(AF_UNIX|AF_VSOCK, 0x100, 0) (359, direct), socketcall(SYS_SOCKET, NULL).
CALLS_I386="i:6,ffffffff i:167,1,100,0 i:167,28,100,0 i:66,1,0"

# ---- inside a private mount namespace: run one runtime over every bundle --
if [ "${1:-}" = --inner ]; then
	rt=$2 work=$3 parity=$4
	state=$work/state-$rt
	# The recipes of ../shared/ENV.md: on a hybrid cgroup layout crun
	# refuses to start unless the cgroup2 part is hidden, and runc wants
	# the cgroup2 hierarchy at /sys/fs/cgroup.  Only in this namespace.
	case $rt in
	crun) [ -d /sys/fs/cgroup/unified ] && mount -t tmpfs none /sys/fs/cgroup/unified
	      rtc=(crun --root "$state" --cgroup-manager=disabled) ;;
	runc) [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ] || mount -t cgroup2 none /sys/fs/cgroup
	      rtc=(runc --root "$state") ;;
	esac
	cur=
	trap '[ -n "$cur" ] && { "${rtc[@]}" kill "$cur" KILL; "${rtc[@]}" delete -f "$cur"; } >/dev/null 2>&1' EXIT
	trap 'exit 143' TERM INT
	for b in "$work"/b-*/; do
		b=${b%/}; i=${b##*/b-}
		cur=p$(basename "$work" | tr -dc 'a-zA-Z0-9')-$rt-$i
		cp "$b/config.$rt.json" "$b/config.json"
		(cd "$b" && timeout 20 "${rtc[@]}" run -d "$cur" >"$b/$rt.out" 2>"$b/$rt.err" </dev/null)
		rc=$?
		pid=$("${rtc[@]}" state "$cur" 2>/dev/null | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
		why=$(grep -v 'level=warning' "$b/$rt.err" | head -c 300 | tr '\n' ' ')
		if [ $rc -eq 0 ] && [ -n "$pid" ] && [ "$pid" != 0 ]; then
			# Wait for the results (when the probe may write them).
			for _ in $(seq 100); do
				grep -q READY "$b/$rt.out" 2>/dev/null && break
				[ -s "$b/plan.calls" ] || break
				sleep 0.05
			done
			if "$parity" readback "$pid" "$b/$rt.set" >/dev/null 2>"$b/$rt.rberr"; then
				echo ok >"$b/$rt.status"
				{ "${rtc[@]}" kill "$cur" KILL; sleep 0.05; "${rtc[@]}" delete -f "$cur"; } >/dev/null 2>&1
				cur=
				continue
			fi
			# crun may report a process that is failing its execve.
			why="the process ended before it could be read ($(head -c 200 "$b/$rt.rberr" | tr '\n' ' '))"
		fi
		{ "${rtc[@]}" kill "$cur" KILL; "${rtc[@]}" delete -f "$cur"; } >/dev/null 2>&1
		# No process to read: catch the program between the runtime's
		# seccomp() and its failing call.
		if (cd "$b" && timeout 20 "$parity" catch "$b/$rt.set" "${rtc[@]}" run "$cur" \
			>/dev/null 2>"$b/$rt.catch.err" </dev/null); then
			echo "caught: $why" >"$b/$rt.status"
		else
			echo "refused: $why (reading the program back: $(head -c 200 "$b/$rt.catch.err" | tr '\n' ' '))" >"$b/$rt.status"
		fi
		{ "${rtc[@]}" kill "$cur" KILL; sleep 0.05; "${rtc[@]}" delete -f "$cur"; } >/dev/null 2>&1
		cur=
	done
	exit 0
fi

scfs=$(realpath "$1") parity=$(realpath "$2") hold=$(realpath "$3") src=$(realpath "$4") shared=$5
. "$src/tests/tap.sh"
n=0 failed=0
echo "# expanded for x86_64 with Docker's default capabilities ($CAPS), kernel 6.1;"
echo "# Docker-format profiles whose rules depend on capabilities also with all of them"
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root (runtimes, PTRACE_SECCOMP_GET_FILTER)"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/scfs-parity.XXXXXX")
inner_pid=
cleanup() {
	[ -n "$inner_pid" ] && kill "$inner_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# ---- the profiles ----------------------------------------------------------
profiles=()
for f in "$src"/tests/fixtures/lint/*.json "$src"/profiles/default.json; do profiles+=("$f"); done
echo "# tests/fixtures/invalid: skipped (intentionally invalid, each checked by invalid.sh)"
if [ -d "$shared/upstream-profiles" ]; then
	for f in "$shared"/upstream-profiles/*.json; do profiles+=("$f"); done
	have_shared=1
else
	have_shared=0
fi

# ---- which runtimes can run here, and be read back (a one-rule profile) ----
mkdir -p "$work/rootfs/bin" "$work/rootfs/dev" "$work/rootfs/proc"
cp "$hold" "$work/rootfs/bin/hold"
# Some machines of this kind fault on int $0x80 even unfiltered: probe.
if [ "$("$hold" exit $CALLS_I386 2>/dev/null | grep -c '^i:')" = 4 ]; then
	CALLS="$CALLS $CALLS_I386"
else
	echo "# i386 real calls skipped: int \$0x80 does not work on this host (unfiltered)"
fi
"$hold" exit $CALLS >"$work/host.out"

bundle_config() { # SECCOMP_JSON_FILE MODE CALLS...
	local sec=$1; shift
	local args; args=$(printf '"%s",' /bin/hold "$@"); args=${args%,}
	cat <<JSON
{
  "ociVersion": "1.0.2",
  "process": { "terminal": false, "user": { "uid": 0, "gid": 0 }, "args": [ $args ],
               "env": [ "PATH=/bin" ], "cwd": "/", "noNewPrivileges": true },
  "root": { "path": "$work/rootfs", "readonly": true },
  "hostname": "parity",
  "mounts": [ { "destination": "/proc", "type": "proc", "source": "proc" },
              { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "mode=755", "size=64k" ] } ],
  "linux": {
    "namespaces": [ { "type": "pid" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ],
    "seccomp": $(cat "$sec")
  }
}
JSON
}

run_runtime() { # RUNTIME: every bundle under it, in a private mount namespace
	unshare -m --propagation private bash "$0" --inner "$1" "$work" "$parity" 2>>"$work/inner-$1.err" &
	inner_pid=$!
	wait "$inner_pid"
	inner_pid=
}

echo '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["acct"],"action":"SCMP_ACT_ERRNO"}]}' >"$work/allow.json"
mkdir "$work/b-probe"
runtimes=()
for rt in crun runc; do
	if ! command -v "$rt" >/dev/null; then
		n=$((n + 1)); echo "ok $n # SKIP $rt is not installed (tools/deps.sh installs it)"
		continue
	fi
	bundle_config "$work/allow.json" pause >"$work/b-probe/config.$rt.json"
	runtimes+=("$rt")
done
for rt in "${runtimes[@]}"; do run_runtime "$rt"; done
usable=()
for rt in "${runtimes[@]}"; do
	if grep -q '^ok' "$work/b-probe/$rt.status" 2>/dev/null; then
		usable+=("$rt")
		echo "# $($rt --version | head -1)"
	else
		n=$((n + 1)); echo "ok $n # SKIP $rt: cannot run a container and read its filter here: $(cat "$work/b-probe/$rt.status" 2>/dev/null || head -c 300 "$work/inner-$rt.err")"
	fi
done
rm -rf "$work/b-probe"
if [ ${#usable[@]} -eq 0 ]; then
	echo "1..$n"
	exit 0
fi

# ---- scfs's side, and the bundles --------------------------------------------
i=0
declare -A pname
# Each profile with Docker's capabilities, and again with all of them when
# that changes the expanded profile (the rules for CAP_SYS_ADMIN & co.).
jobs=()
for p in "${profiles[@]}"; do
	jobs+=("$CAPS $p")
	a=$("$scfs" expand "$p" --arch x86_64 --caps all --kernel 6.1 2>/dev/null) &&
		[ "$a" != "$("$scfs" expand "$p" --arch x86_64 --caps "$CAPS" --kernel 6.1 2>/dev/null)" ] &&
		jobs+=("all $p")
done
for job in "${jobs[@]}"; do
	caps=${job%% *} p=${job#* }
	i=$((i + 1)); b=$work/b-$(printf %03d $i); mkdir "$b"
	pname[$b]=${p#"$src"/}; pname[$b]=${pname[$b]#"$shared"/}
	[ "$caps" = all ] && pname[$b]="${pname[$b]} (all capabilities)"
	if "$scfs" expand "$p" --arch x86_64 --caps "$caps" --kernel 6.1 >"$b/exp.json" 2>"$b/scfs.err"; then
		"$parity" strip "$b/exp.json" "$b/stripped.json" >"$b/removed" || echo "strip failed" >>"$b/scfs.err"
		for m in stub none; do
			"$scfs" compile "$b/exp.json" --enosys $m -o "$b/S.$m.bpf" 2>>"$b/scfs.err" &&
			"$scfs" compile "$b/stripped.json" --enosys $m -o "$b/T.$m.bpf" 2>>"$b/scfs.err" || rm -f "$b/S.$m.bpf"
		done
		sec=$b/exp.json
	else
		sec=$p # refused by scfs: give the runtimes the file as it is
	fi
	plan=spin
	[ -f "$b/S.none.bpf" ] && plan=$("$parity" plan "$b/S.none.bpf" $CALLS)
	read -r mode calls <<<"$plan"
	echo "$calls" >"$b/plan.calls"
	for rt in "${usable[@]}"; do
		# shellcheck disable=SC2086
		bundle_config "$sec" "$mode" $calls >"$b/config.$rt.json"
	done
done
for rt in "${usable[@]}"; do run_runtime "$rt"; done

# ---- compare ---------------------------------------------------------------
denies() { # PROG CALL: the evaluator says PROG denies CALL
	"$parity" check "$1" /dev/null /dev/null "$2" | grep -q 'predicted=\(ERRNO\|KILL\|TRAP\)'
}
# scfs refuses the profile: the runtime must refuse it too, unless this is
# one of the differences README documents (exactly per runtime).
scfs_refused() { # B RT STATUS
	local why; why=$(head -1 "$1/scfs.err"); why=${why#*: }
	local runs=
	grep -q 'cannot carry an errno' "$1/scfs.err" && runs=runc   # crun refuses it as scfs does
	grep -q 'SCMP_ACT_NOTIFY needs' "$1/scfs.err" && runs="crun runc"
	case $3 in
	refused*) check "$2: $name: refused by scfs and by $2 (scfs: $why)" test -z "$runs" -o "${runs#*"$2"}" = "$runs" ;;
	*) check "$2: $name: $2 runs it, scfs refuses it (deliberate, README): $why" test "${runs#*"$2"}" != "$runs" ;;
	esac
}

# The runtime started no process: acceptable only when nothing can run
# under the profile (execve denied; `scfs run` exits 126 too) or, for
# runc, when the profile denies the close() runc makes after loading it.
cannot_start() { # B RT MODEL STATUS
	if denies "$1/S.$3.bpf" 3b; then
		ok "$2: $name: $2 cannot start it, as the profile denies execve (scfs run: exit 126)"
	elif [ "$2" = runc ] && [[ $4 == *"close log pipe"* ]] && denies "$1/S.$3.bpf" 3,4; then
		ok "$2: $name: runc cannot start it: the profile denies close(), which runc calls after loading the filter"
	else
		not_ok "$2: $name: $4"
	fi
	[[ $4 == caught* ]] && return 0
	not_ok "$2: $name: the program $2 loads could not be read back: $4"
	return 1
}

compare_programs() { # B RT MODEL
	local out rc res d u x
	out=$("$parity" compare "$3" "$1/exp.json" "$1/$2.set" "$1/S.$3.bpf" "$1/T.$3.bpf")
	rc=$?
	res=$(tail -1 <<<"$out")
	d=$(sed -n 's/^decisions=\([0-9]*\).*/\1/p' <<<"$res")
	u=$(sed -n 's/.*unexplained=\([0-9]*\).*/\1/p' <<<"$res")
	x=$(sed -n 's/.*explained=\([0-9]*\) .*/\1/p' <<<"$res")
	total=$((total + ${d:-0})); unexplained=$((unexplained + ${u:-1}))
	if [ $rc -eq 0 ] && [ "${u:-1}" = 0 ]; then
		ok "$2: $name: ${d} decisions, ${x} deliberate differences, 0 unexplained (scfs --enosys $3)"
		grep '^# deliberate' <<<"$out" | head -40
	else
		not_ok "$2: $name: ${u:-?} unexplained differences in ${d:-?} decisions (scfs --enosys $3)"
		grep '^#' <<<"$out" | head -60
	fi
}

# The calls the probe made in the container: kernel results against what
# the evaluator predicts from the program read back.
real_calls() { # B RT
	local calls chk
	calls=$(cat "$1/plan.calls")
	if [ -z "$calls" ]; then
		ok "$2: $name: real calls # SKIP the profile does not let the probe write its results"
		return
	fi
	# shellcheck disable=SC2086
	if chk=$("$parity" check "$1/$2.set" "$work/host.out" "$1/$2.out" $calls); then
		ok "$2: $name: $(wc -l <<<"$chk") real calls as the evaluator predicts from the program read back"
	else
		not_ok "$2: $name: real calls differ from the evaluator"; sed 's/^/#   /' <<<"$chk"
	fi
	denied[$2]=$((denied[$2] + $(grep -c 'PASS.*predicted=ERRNO' <<<"$chk")))
	allowed[$2]=$((allowed[$2] + $(grep -c 'PASS.*predicted=ALLOW' <<<"$chk")))
	if [ "$name" = upstream-profiles/moby-profiles--seccomp-default.json ]; then
		is "$2: Docker's default: socket(AF_UNIX) allowed and socket(AF_VSOCK) denied by the argument condition, in the kernel" \
			"$(grep -c -e 'PASS nr=41 args=29,1,100,0 predicted=ALLOW' -e 'PASS nr=41 args=29,28,100,0 predicted=ERRNO(1) want=-1 got=-1' <<<"$chk")" 2
		[[ $calls == *i:* ]] &&
		is "$2: Docker's default: the same on i386 through the direct socket call (359), in the kernel" \
			"$(grep -c -e 'PASS nr=359 args=i:167,1,100,0 predicted=ALLOW' -e 'PASS nr=359 args=i:167,28,100,0 predicted=ERRNO(1) want=-1 got=-1' <<<"$chk")" 2
	fi
}

total=0 unexplained=0
declare -A model=([crun]=none [runc]=stub)
declare -A denied allowed
for rt in "${usable[@]}"; do denied[$rt]=0 allowed[$rt]=0; done
for b in "$work"/b-*/; do
	b=${b%/}; name=${pname[$b]}
	for rt in "${usable[@]}"; do
		m=${model[$rt]}
		status=$(cat "$b/$rt.status" 2>/dev/null || echo "no result")
		if [ ! -f "$b/S.$m.bpf" ]; then
			scfs_refused "$b" "$rt" "$status"
			continue
		fi
		if [ "$status" != ok ]; then
			cannot_start "$b" "$rt" "$m" "$status" || continue
		fi
		compare_programs "$b" "$rt" "$m"
		[ "$status" = ok ] && real_calls "$b" "$rt"
	done
done
# The comparison must be able to fail: scfs's program for Docker's default
# with one argument bound moved by one (socket: family > 40 becomes > 41)
# must show as unexplained, at socket(41) on x86_64.
for b in "$work"/b-*/; do
	b=${b%/}; rt=${usable[0]}; m=${model[$rt]}
	[ "${pname[$b]}" = upstream-profiles/moby-profiles--seccomp-default.json ] && [ -f "$b/$rt.set" ] || continue
	sed -z 's/"value": 40,\(\s*"valueTwo": 0,\s*"op": "SCMP_CMP_GT"\)/"value": 41,\1/' "$b/exp.json" >"$b/mutant.json"
	"$parity" strip "$b/mutant.json" "$b/mutant-stripped.json" >/dev/null
	"$scfs" compile "$b/mutant.json" --enosys "$m" -o "$b/M.bpf" 2>/dev/null
	"$scfs" compile "$b/mutant-stripped.json" --enosys "$m" -o "$b/MT.bpf" 2>/dev/null
	out=$("$parity" compare "$m" "$b/mutant.json" "$b/$rt.set" "$b/M.bpf" "$b/MT.bpf")
	check "self-test: a filter that denies socket(41) where $rt allows it is caught" \
		grep -q 'UNEXPLAINED: arch=0xc000003e(x86_64) nr=41 args=29,.*runtime=ALLOW scfs=ERRNO(1)' <<<"$out"
done
for rt in "${usable[@]}"; do
	check "$rt: real calls include denied ones (${denied[$rt]}) and allowed ones (${allowed[$rt]})" \
		test "${denied[$rt]}" -gt 0 -a "${allowed[$rt]}" -gt 0
done
[ $have_shared = 1 ] || { n=$((n + 1)); echo "ok $n # SKIP $shared/upstream-profiles is absent: only the fixtures were compared"; }
echo "1..$n"
echo "# $total decisions compared, $unexplained unexplained"
[ $failed -eq 0 ]
