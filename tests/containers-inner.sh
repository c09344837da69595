# The part of tests/containers.sh that runs inside its private mount
# namespace (sourced; containers_main is the entry).  CT_* come from the
# outer part; TAP helpers from tap.sh, shared ones from ct-lib.sh.

ct_setup() {
	tmp=$CT_TMP
	state=$tmp/state sock=$tmp/agent/agent.sock rootfs=$tmp/rootfs
	mkdir -p "$rootfs/bin" "$rootfs/io" "$rootfs/etc" "$tmp/io" "$tmp/bin" "$tmp/agent" "$state"
	chmod 700 "$tmp/agent" "$state"
	cp "$CT_BUSYBOX" "$rootfs/bin/busybox"
	for a in sh sleep cat echo true; do ln -s busybox "$rootfs/bin/$a"; done
	cp "$CT_PROBE" "$rootfs/probe"
	mount -t cgroup2 none /sys/fs/cgroup || return 1
	# Podman lets only runtimes it knows take --cgroups disabled; the
	# key is spelled runtime_supports_nocgroup in Podman 4.3 (its man page
	# says ..._nocgroups) and matches the runtime's base name.
	printf '[engine]\nruntime_supports_json = ["crun", "runc", "scfs-crun", "scfs-runc"]\nruntime_supports_nocgroup = ["crun", "scfs-crun"]\n' \
		>"$tmp/containers.conf"
	export CONTAINERS_CONF=$tmp/containers.conf
	PM=(podman --root "$tmp/pm/root" --runroot "$tmp/pm/run" --tmpdir "$tmp/pm/tmp"
		--cgroup-manager cgroupfs --events-backend none)
	# Explicit deny rules (all the runc model can observe): personality
	# with an argument condition, keyctl beside write (split: write stays
	# the kernel's), write only on fd 999 so output still works.
	explicit=$tmp/explicit.json
	cat >"$explicit" <<-'EOF'
		{"defaultAction": "SCMP_ACT_ALLOW",
		 "syscalls": [
		  {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
		   "args": [{"index": 0, "value": 4194304, "op": "SCMP_CMP_EQ"}]},
		  {"names": ["keyctl", "write"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		   "args": [{"index": 0, "value": 999, "op": "SCMP_CMP_EQ"}]}]}
	EOF
	docker=$CT_SHARED/upstream-profiles/moby-profiles--seccomp-default.json
	podman_default=/usr/share/containers/seccomp.json
	ct_wrappers "$CT_WRAPPER"
}

# pm_run RUNTIME VIA OPTIONS... [--] : `podman run` with ENV.md's options,
# VIA plain (the runtime itself) or scfs (the wrapper); the rest are
# podman run's options, then --rootfs and the command.
pm_runtime() { if [ "$2" = scfs ]; then echo "$tmp/bin/scfs-$1"; else command -v "$1"; fi; }
pm_run() {
	local rt=$1 via=$2 extra=()
	shift 2
	[ "$rt" = crun ] && extra=(--cgroups disabled)
	ct_cid_opts "$@"
	timeout 120 "${PM[@]}" --runtime "$(pm_runtime "$rt" "$via")" run --network none --pids-limit -1 \
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "${extra[@]}" "$@"
}
pm() { timeout 60 "${PM[@]}" "$@"; }

# The pids of processes listening on the agent's socket (one the wrapper
# may have started): the socket's inode from /proc/net/unix, then the
# processes holding it.
sock_pids() {
	local ino
	ino=$(awk -v p="$sock" '$NF == p { print $7 }' /proc/net/unix | head -1)
	[ -n "$ino" ] || return 0
	for f in /proc/[0-9]*/fd/*; do
		[ "$(readlink "$f" 2>/dev/null)" = "socket:[$ino]" ] && { f=${f#/proc/}; echo "${f%%/*}"; }
	done | sort -u
}
ps_() { "$CT_SCFS" ps --state-dir "$state"; }

# ------------------------------------------------------------------ parts
# The same battery, plain and through the wrapper, with one profile.
battery_same() { # RUNTIME PROFILE-NAME PROFILE-FILE
	local rt=$1 pname=$2 prof=$3 name="bat-$1-$2"
	pm_run "$rt" plain --rm --security-opt "seccomp=$prof" --rootfs "$rootfs" /probe "${BATTERY[@]}" \
		>"$tmp/plain-$rt-$pname" 2>>"$tmp/pm.err"
	is "$rt, $pname: plain podman runs the battery (14 lines)" "$(wc -l <"$tmp/plain-$rt-$pname")" 14
	if [ "$pname" = docker ]; then
		is "$rt, $pname: plain podman: unshare(CLONE_NEWUSER) is EPERM" \
			"$(head -1 "$tmp/plain-$rt-$pname")" "unshare ret=-1 errno=1 (EPERM)"
	fi
	if [ -z "$have_agent" ]; then
		skip "$rt, $pname: the battery through the wrapper: $why_no_agent"
		return
	fi
	pm_run "$rt" scfs --rm --name "$name" --security-opt "seccomp=$prof" --rootfs "$rootfs" /probe "${BATTERY[@]}" \
		>"$tmp/scfs-$rt-$pname" 2>>"$tmp/pm.err"
	# mseal (the last line) apart: scfs adds syscalls newer than
	# libseccomp by number, which crun and runc drop (README "Choices").
	if cmp -s <(head -n 13 "$tmp/plain-$rt-$pname") <(head -n 13 "$tmp/scfs-$rt-$pname"); then
		ok "$rt, $pname: every call gives the same value and errno through the wrapper as under plain podman"
	else
		not_ok "$rt, $pname: every call gives the same value and errno through the wrapper as under plain podman"
		diff "$tmp/plain-$rt-$pname" "$tmp/scfs-$rt-$pname" | sed 's/^/#   /'
	fi
	is "$rt, $pname: mseal (462, newer than libseccomp) gets what plain podman gives" \
		"$(sed -n 14p "$tmp/scfs-$rt-$pname")" "$(sed -n 14p "$tmp/plain-$rt-$pname")"
	local d
	if ! d=$(ct_dir "$name"); then
		not_ok "$rt, $pname: the agent has a state directory for container $name"
		return
	fi
	ok "$rt, $pname: the agent has a state directory for container $name"
	# Each call the plain run saw fail with the profile's errno must be a
	# denial line; with Docker's default unshare(CLONE_NEWUSER) is one.
	if [ "$pname" = docker ] && [ "$rt" = runc ]; then
		# runc: Docker's default denies these by its default action, which
		# runc cannot hand over: said in the state, and nothing invented.
		check "$rt, $pname: info says the default action and the stub are unobservable" \
			has "$d/info" '^unobservable	the default action \(SCMP_ACT_ERRNO\(1\)\), the ENOSYS stub'
		sleep 0.2
		check "$rt, $pname: no denial line claims a call the agent never saw" \
			bash -c '! grep -q "call=unshare" "$1"' _ "$d/denied"
	elif [ "$pname" = docker ]; then
		check "$rt, $pname: denied has unshare(CLONE_NEWUSER) → EPERM with its rule" \
			wait_has "$d/denied" ' call=unshare\(CLONE_NEWUSER\) action=ERRNO errno=1 errname=EPERM rule=(default|syscalls\[[0-9]+\]) mode=enforce'
		check "$rt, $pname: denied has mount with its decoded strings" \
			wait_has "$d/denied" ' call=mount\("x","/mnt","tmpfs",0,NULL\) .*errname=EPERM'
		check "$rt, $pname: denied has socket(AF_VSOCK,...)" wait_has "$d/denied" ' call=socket\(AF_VSOCK,'
	fi
}

# Exact counts, scfs ps / show by name, the FUSE-less views.
views_by_name() { # RUNTIME
	local rt=$1 name="cnt-$1" d out
	# Names as Kubernetes passes them (Podman itself passes none): CRI-O's
	# keys with crun, containerd's with runc.
	local k=(io.kubernetes.container.name io.kubernetes.pod.name io.kubernetes.pod.namespace)
	[ "$rt" = runc ] && k=(io.kubernetes.cri.container-name io.kubernetes.cri.sandbox-name
		io.kubernetes.cri.sandbox-namespace)
	pm_run "$rt" scfs --rm --name "$name" --annotation "${k[0]}=$name" \
		--annotation "${k[1]}=pod-a" --annotation "${k[2]}=ns-a" \
		--security-opt "seccomp=$prof_obs" --rootfs "$rootfs" /probe -n personality 0x400000 ';' personality 0x400000 ';' personality 0x400000 ';' \
		personality 0x400000 ';' personality 0x400000 ';' getppid >"$tmp/cnt-$rt" 2>>"$tmp/pm.err"
	is "$rt: five denied personality calls and one allowed getppid give 1,1,1,1,1,0" \
		"$(tr '\n' , <"$tmp/cnt-$rt")" "1,1,1,1,1,0,"
	if ! d=$(ct_dir "$name"); then
		not_ok "$rt: state directory for $name"
		return
	fi
	wait_has "$d/denied" '^' && sleep 0.1
	is "$rt: exactly five denial lines" "$(grep -c ' call=personality(PER_LINUX|READ_IMPLIES_EXEC) ' "$d/denied")" 5
	out=$(show "$name" status 2>&1)
	is "$rt: scfs show NAME finds the container; its counters say 5 denials" \
		"$(grep '^Denials:' <<<"$out" | tr -d '\t ')" "Denials:5"
	out=$(show "$name" denied 2>&1)
	check "$rt: scfs show NAME denied has the decoded call and rule" \
		grep -qE 'call=personality\(PER_LINUX\|READ_IMPLIES_EXEC\) action=ERRNO errno=1 errname=EPERM rule=' <<<"$out"
	out=$(ps_ 2>&1)
	check "$rt: scfs ps lists the container by name as a container" \
		grep -qE "^${d##*/} +container +$name " <<<"$out"
	out=$(show "$name" 2>&1)
	check "$rt: scfs show: kind, pod and namespace from the annotations" \
		bash -c 'grep -qx "Kind:	container" <<<"$1" && grep -qx "Pod:	pod-a" <<<"$1" && grep -qx "Namespace:	ns-a" <<<"$1"' _ "$out"
	is "$rt: scfs show ID-PREFIX finds it too" "$(show "$(ct_id "$name" | cut -c1-12)" 2>&1 | sed -n 's/^Pid:\t//p')" "${d##*/}"
	check "$rt: info says the runtime" has "$d/info" "^runtime	.*$rt"
	if [ -n "$view" ]; then
		is "$rt: FUSE: /scfs/by-name/$name links to ../PID" "$(readlink "$view/by-name/$name")" "../${d##*/}"
		check "$rt: FUSE: the container's denials through by-name" \
			grep -q 'call=personality(PER_LINUX|READ_IMPLIES_EXEC) ' "$view/by-name/$name/denied"
		check "$rt: FUSE: /scfs/PID/status says Kind: container and the pod" \
			bash -c 'grep -qx "Kind:	container" "$1" && grep -qx "Pod:	pod-a" "$1"' _ "$view/${d##*/}/status"
	else
		skip "$rt: FUSE view of the container: $why_no_view"
	fi
}

exec_observed() { # RUNTIME
	local rt=$1 name="exec-$1" d out
	pm_run "$rt" scfs -d --name "$name" --security-opt "seccomp=$prof_obs" --rootfs "$rootfs" \
		/bin/sleep 1000 >/dev/null 2>>"$tmp/pm.err"
	out=$(pm --runtime "$(pm_runtime "$rt" scfs)" exec "$name" /probe -n personality 0x400000 2>>"$tmp/pm.err")
	is "$rt: podman exec: a denied call in an exec'd process gets EPERM" "$out" 1
	if d=$(ct_dir "$name"); then
		check "$rt: podman exec: the exec'd process's denial is in the container's state" \
			wait_has "$d/denied" "^[^ ]* pid=[0-9]+ .*call=personality\\(PER_LINUX\\|READ_IMPLIES_EXEC\\) .*errname=EPERM"
		check "$rt: podman exec: ... made by another process than the container's init" \
			bash -c 'grep "call=personality" "$1" | grep -qv " pid=$2 "' _ "$d/denied" "${d##*/}"
	else
		not_ok "$rt: podman exec: state directory for $name"
	fi
	if [ -n "$view" ] && [ -n "$d" ]; then
		# Podman passes no name: the link is the id's first 12 characters.
		is "$rt: FUSE: /scfs/by-name/SHORT-ID links to the container" \
			"$(readlink "$view/by-name/$(ct_id "$name" | cut -c1-12)")" "../${d##*/}"
	fi
	pm --runtime "$(pm_runtime "$rt" scfs)" rm -f -t 0 "$name" >/dev/null 2>>"$tmp/pm.err"
}

# runc: a denial on write stays the kernel's (said in the state), keyctl
# split from it is observed with the profile's errno.
runc_unobservable() {
	local name=unobs-runc d out
	out=$(pm_run runc scfs --rm --name "$name" --security-opt "seccomp=$explicit" --rootfs "$rootfs" \
		/probe -n write 999 0 0 ';' keyctl 999 0 0 0 0 2>>"$tmp/pm.err" | tr '\n' ,)
	is "runc: write(999) and keyctl(999) both get the profile's EACCES" "$out" "13,13,"
	if ! d=$(ct_dir "$name"); then
		not_ok "runc: state directory for $name"
		return
	fi
	check "runc: keyctl (its rule made NOTIFY) is observed with its rule" \
		wait_has "$d/denied" ' syscall=keyctl .*errname=EACCES rule=syscalls\[1\] mode=enforce'
	check "runc: write is not (runc refuses NOTIFY on it), and info says so" \
		bash -c '! grep -q " syscall=write " "$1/denied" && grep -q "^unobservable	write (syscalls\[1\])$" "$1/info"' _ "$d"
}

complain_mode() { # RUNTIME
	local rt=$1 name="complain-$1" d out
	out=$(pm_run "$rt" scfs --rm --name "$name" --annotation io.scfs.mode=complain \
		--security-opt "seccomp=$prof_obs" --rootfs "$rootfs" /probe -n personality 0x400000 2>>"$tmp/pm.err")
	is "$rt: --annotation io.scfs.mode=complain: the denied call is allowed" "$out" 0
	if d=$(ct_dir "$name"); then
		check "$rt: complain: the call is logged with mode=complain" \
			wait_has "$d/denied" ' call=personality\(PER_LINUX\|READ_IMPLIES_EXEC\) .* mode=complain'
		check "$rt: complain: info says mode complain" has "$d/info" '^mode	complain$'
	else
		not_ok "$rt: complain: state directory for $name"
	fi
}

# Count mode: every call counted per rule under crun; runc cannot hand
# over allowed calls, so the wrapper refuses it there.
count_mode() { # RUNTIME
	local rt=$1 name="count-$1" d out rc
	out=$(pm_run "$rt" scfs --rm --name "$name" --annotation io.scfs.mode=count \
		--security-opt "seccomp=$prof_obs" --rootfs "$rootfs" \
		/probe -n getppid ';' getppid ';' getppid 2>"$tmp/count.err")
	rc=$?
	cat "$tmp/count.err" >>"$tmp/pm.err"
	if [ "$rt" = runc ]; then
		check "runc: io.scfs.mode=count is refused: the container does not start" test "$rc" != 0 -a -z "$out"
		check "runc: ... saying count needs crun" has "$tmp/count.err" 'io.scfs.mode=count needs crun'
		return
	fi
	is "$rt: count mode: allowed calls still succeed" "$(tr '\n' , <<<"$out")" "0,0,0,"
	if d=$(ct_dir "$name"); then
		sleep 0.2
		out=$(show "$(ct_id "$name")" counters 2>&1)
		check "$rt: count mode: counters have getppid with 3 hits or more, allowed" \
			awk -F'\t' '$2 == "getppid" && $4 == "ALLOW" && $5 >= 3 { f = 1 } END { exit !f }' <<<"$out"
	else
		not_ok "$rt: count mode: state directory for $name"
	fi
}

# No agent, and none can be started (a copy of the wrapper with no scfs
# beside it or in PATH): the container does not start, and the one line
# says which command starts the agent.
no_agent_refused() { # RUNTIME
	local rt=$1 name="refused-$1" rc
	mkdir -p "$tmp/alone/$rt"
	cp "$CT_WRAPPER" "$tmp/alone/scfs-runtime"
	# The same base name as the usual wrapper (containers.conf knows it).
	printf '#!/bin/sh\nSCFS_RUNTIME=%s SCFS_AGENT_SOCKET=%s PATH=/usr/sbin:/usr/bin:/sbin:/bin exec %s "$@"\n' \
		"$rt" "$sock" "$tmp/alone/scfs-runtime" >"$tmp/alone/$rt/scfs-$rt"
	chmod 755 "$tmp/alone/$rt/scfs-$rt"
	rm -f "$tmp/io/ran"
	timeout 120 "${PM[@]}" --runtime "$tmp/alone/$rt/scfs-$rt" run --network none --pids-limit -1 \
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 $([ "$rt" = crun ] && echo --cgroups disabled) \
		--rm --name "$name" -v "$tmp/io:/io" --security-opt "seccomp=$prof_obs" --rootfs "$rootfs" \
		/bin/sh -c 'echo ran > /io/ran' >/dev/null 2>"$tmp/refused.err"
	rc=$?
	cat "$tmp/refused.err" >>"$tmp/pm.err"
	check "$rt: no agent and none can start: the container does not start (podman exit $rc, the command never ran)" \
		test "$rc" != 0 -a ! -e "$tmp/io/ran"
	check "$rt: ... and the error names the command that starts the agent" \
		has "$tmp/refused.err" 'no scfs agent answers on .*systemctl start scfs-agent.*scfs agent --socket'
	is "$rt: ... and no agent was left running on the socket" "$(sock_pids)" ""
}

# No agent: the container must not run unobserved.  Either the wrapper
# starts an agent (then the container is observed) or it refuses.
no_agent() { # RUNTIME
	local rt=$1 name="noagent-$1" rc d started
	agent_stop TERM
	no_agent_refused "$rt"
	rm -f "$tmp/io/ran"
	pm_run "$rt" scfs --rm --name "$name" -v "$tmp/io:/io" --security-opt "seccomp=$prof_obs" \
		--rootfs "$rootfs" /bin/sh -c '/probe -n personality 0x400000 > /io/ran' >/dev/null 2>"$tmp/noagent.err"
	rc=$?
	cat "$tmp/noagent.err" >>"$tmp/pm.err"
	started=$(sock_pids)
	for p in $started; do echo "$p" >>"$tmp/pids"; done
	if [ -n "$started" ]; then
		# The wrapper started one: the container must have been observed.
		check "$rt: no agent: the wrapper started one and the container's denial is in its state" \
			test "$(cat "$tmp/io/ran" 2>/dev/null)" = 1 -a -n "$(d=$(ct_dir "$name") && grep -l personality "$d/denied")"
		for p in $started; do kill -TERM "$p" 2>/dev/null; done
		sleep 0.2
	else
		check "$rt: no agent: the container does not start (podman fails, the command never ran)" \
			test "$rc" != 0 -a ! -e "$tmp/io/ran"
		check "$rt: no agent: the error names the command that starts the agent" \
			has "$tmp/noagent.err" 'scfs agent|systemctl start scfs-agent'
	fi
}

# Agent killed while a container runs: the next call that needs it fails
# with ENOSYS (the kernel's answer once the listener is gone), and the
# container shows as lost.
agent_killed() { # RUNTIME
	local rt=$1 name="killed-$1" d out
	agent_start || { not_ok "$rt: agent restarts"; return; }
	rm -f "$tmp/io/go" "$tmp/io/out"
	pm_run "$rt" scfs -d --name "$name" -v "$tmp/io:/io" --security-opt "seccomp=$prof_obs" --rootfs "$rootfs" \
		/bin/sh -c 'while [ ! -e /io/go ]; do sleep 0.05; done; /probe -n personality 0x400000 > /io/out; sleep 1000' \
		>/dev/null 2>>"$tmp/pm.err"
	d=$(ct_dir "$name") || { not_ok "$rt: agent killed: state directory for $name"; return; }
	ok "$rt: restarted agent observes a new container"
	agent_stop KILL
	sleep 0.2
	touch "$tmp/io/go"
	for _ in $(seq 40); do [ -s "$tmp/io/out" ] && break; sleep 0.05; done
	is "$rt: agent killed: the next denied call fails with ENOSYS" "$(cat "$tmp/io/out" 2>/dev/null)" 38
	# The supervisor died with the agent; once it is reaped (by whoever
	# inherits it) the state says lost.
	for _ in $(seq 20); do
		out=$(ps_ 2>&1)
		grep -qE "^${d##*/} +container .* lost " <<<"$out" && break
		sleep 0.05
	done
	check "$rt: agent killed: scfs ps shows the container (by its short id) as lost" \
		grep -qE "^${d##*/} +container +$(ct_id "$name" | cut -c1-12) .* lost " <<<"$out"
	check "$rt: agent killed: scfs show ID says State: lost" \
		grep -qx 'State:	lost' <<<"$(show "$(ct_id "$name")" 2>&1)"
	pm --runtime "$(pm_runtime "$rt" scfs)" rm -f -t 0 "$name" >/dev/null 2>>"$tmp/pm.err"
}

containers_main() {
	ct_setup || { skip "cannot mount cgroup2 in the private namespace"; return; }
	have_agent= why_no_agent=
	if [ -z "$CT_WRAPPER" ] || [ ! -x "$CT_WRAPPER" ]; then
		why_no_agent="the scfs-runtime wrapper is not built"
	elif ! "$CT_SCFS" agent --help >/dev/null 2>&1; then
		why_no_agent="this scfs has no agent verb"
	elif ! agent_start; then
		why_no_agent="the agent did not start: $(tail -1 "$tmp/agent.log")"
	else
		have_agent=1
	fi
	# The FUSE view over the agent's state, in this namespace only.
	view= why_no_view=
	if [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null; then
		why_no_view="no /dev/fuse or fusermount3"
	elif ! mkdir "$tmp/view" || ! "$CT_SCFS" mount "$tmp/view" -o "state_dir=$state" 2>>"$tmp/pm.err"; then
		why_no_view="scfs mount failed: $(tail -1 "$tmp/pm.err")"
	else
		view=$tmp/view
	fi
	if [ -r "$docker" ]; then
		prof_main=$docker
	else
		skip "Docker's default profile: ../shared is absent ($CT_SHARED)"
		prof_main=$explicit
	fi
	# SCFS_TEST_RUNTIMES narrows the runtimes (default: crun runc).
	for rt in ${SCFS_TEST_RUNTIMES:-crun runc}; do
		if ! command -v "$rt" >/dev/null; then
			skip "$rt is not installed (tools/deps.sh installs it)"
			continue
		fi
		# Can plain podman run a container with this runtime here?
		if ! pm_run "$rt" plain --rm --rootfs "$rootfs" /bin/true >/dev/null 2>"$tmp/probe-$rt.err"; then
			skip "podman with $rt cannot run a container here: $(tail -1 "$tmp/probe-$rt.err")"
			continue
		fi
		echo "# $rt: $("$rt" --version | head -1)"
		[ -r "$docker" ] && battery_same "$rt" docker "$docker"
		if [ -r "$podman_default" ]; then
			battery_same "$rt" podman "$podman_default"
		else
			skip "$rt: Podman's own profile: $podman_default is absent"
		fi
		if [ -z "$have_agent" ]; then
			skip "$rt: views, exec, complain mode, failure cases: $why_no_agent"
			continue
		fi
		# What each model observes: every denial of Docker's default under
		# crun; explicit deny rules under runc.
		prof_obs=$prof_main
		[ "$rt" = runc ] && prof_obs=$explicit
		battery_same "$rt" explicit "$explicit"
		[ "$rt" = runc ] && runc_unobservable
		views_by_name "$rt"
		exec_observed "$rt"
		complain_mode "$rt"
		count_mode "$rt"
		no_agent "$rt"
		agent_killed "$rt"
		agent_start || not_ok "$rt: the agent starts again"
	done
	pm rm -a -f -t 0 >/dev/null 2>&1
	agent_stop TERM
	[ -n "$view" ] && fusermount3 -u "$view" 2>/dev/null
	# An ASan/UBSan build: the agent's, the wrapper's and the view's
	# reports would be in these logs.
	check "no sanitizer report from the agent, the wrapper or the view" \
		bash -c '! cat "$@" 2>/dev/null | grep -qE "ERROR: AddressSanitizer|ERROR: LeakSanitizer|\.[ch]:[0-9]+:[0-9]+: runtime error:"' _ \
		"$tmp/agent.log" "$state/agent.log" "$tmp/pm.err"
	cat "$tmp/pm.err" >&2 2>/dev/null
}
