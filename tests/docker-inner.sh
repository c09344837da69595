# The part of tests/docker.sh that runs inside its private mount namespace
# (sourced after tap.sh and ct-lib.sh; docker_main is the entry).
# DK_* come from the outer part.

dk_setup() {
	tmp=$DK_TMP
	state=$tmp/state sock=$tmp/agent/agent.sock rootfs=$tmp/rootfs
	CT_SCFS=$DK_SCFS # agent_start and show (ct-lib.sh) run it
	mkdir -p "$rootfs/bin" "$tmp/agent" "$state" "$tmp/cli" "$tmp/bin"
	chmod 700 "$tmp/agent" "$state"
	cp "$DK_BUSYBOX" "$rootfs/bin/busybox"
	for a in sh sleep cat true; do ln -s busybox "$rootfs/bin/$a"; done
	cp "$DK_PROBE" "$rootfs/probe"
	# dockerd's and containerd's fixed paths under /run (shim sockets in
	# /run/containerd/s, plugins in /run/docker) stay in this namespace,
	# and a host containerd's socket is hidden: dockerd would use it rather
	# than start its own.
	mount -t tmpfs -o mode=755 none /run || return 1
	# A hybrid layout: hide its cgroup2 part so runc and crun use the v1
	# controllers (crun loads a device filter on cgroup2 only after raising
	# RLIMIT_MEMLOCK, which root without CAP_SYS_RESOURCE cannot).
	if [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ] &&
		[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		mount -t tmpfs none /sys/fs/cgroup/unified || return 1
	fi
	export DOCKER_CONFIG=$tmp/cli # the client's own files
	D=("$DK_CLI" -H "unix://$tmp/docker.sock")
	# The wrapper as a site would install it, pointed at this run's agent:
	# "scfs" over crun (the wrapper's default), "scfs-runc" over runc.
	ct_wrappers "$DK_WRAPPER"
	# A copy of the wrapper with no scfs beside it or in PATH and no agent
	# on its socket: it cannot start one (no_agent).
	mkdir -p "$tmp/alone"
	cp "$DK_WRAPPER" "$tmp/alone/scfs-runtime"
	printf '#!/bin/sh\nSCFS_AGENT_SOCKET=%s PATH=/usr/sbin:/usr/bin:/sbin:/bin exec %s "$@"\n' \
		"$tmp/agent/none.sock" "$tmp/alone/scfs-runtime" >"$tmp/bin/scfs-alone"
	chmod 755 "$tmp/bin/scfs-alone"
	jq -n --arg tmp "$tmp" --arg crun "$(command -v crun || echo /usr/bin/crun)" '{
	  runtimes: { crun: { path: $crun }, scfs: { path: ($tmp + "/bin/scfs-crun") },
	              "scfs-runc": { path: ($tmp + "/bin/scfs-runc") },
	              "scfs-alone": { path: ($tmp + "/bin/scfs-alone") } },
	  "deprecated-key-path": ($tmp + "/key.json") }' >"$tmp/daemon.json"
}

# dockerd on this run's paths; 0 once it answers (up to 30 s).
dk_start() {
	"$DK_DOCKERD" --config-file "$tmp/daemon.json" --data-root "$tmp/data" --exec-root "$tmp/exec" \
		--pidfile "$tmp/dockerd.pid" -H "unix://$tmp/docker.sock" --iptables=false --ip6tables=false \
		--bridge=none --ip-forward=false --ip-masq=false --storage-driver vfs \
		--exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "$DK_CG" >"$tmp/dockerd.log" 2>&1 &
	dockerd_pid=$!
	for _ in $(seq 300); do
		"${D[@]}" version >/dev/null 2>&1 && return 0
		kill -0 "$dockerd_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
dk_stop() {
	[ -n "${dockerd_pid:-}" ] || return 0
	kill -TERM "$dockerd_pid" 2>/dev/null
	for _ in $(seq 150); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
	dockerd_pid=
}

dk() { timeout 60 "${D[@]}" "$@"; }
# dk_run RUNTIME OPTIONS...: docker run --runtime RUNTIME with no network;
# a --name NAME also writes the container's id to $tmp/cid-NAME.
dk_run() {
	local rt=$1 extra=()
	shift
	ct_cid_opts "$@"
	timeout 120 "${D[@]}" run --runtime "$rt" --network none "${extra[@]}" "$@"
}

# The battery, plain and through the wrapper (VIA: scfs over crun,
# scfs-runc over runc), with PROFILE ("builtin": dockerd's own default).
battery_same() { # PLAIN VIA PNAME PROFILE
	local plain=$1 via=$2 pname=$3 prof=$4 name="bat-$2-$3" sec=() d
	[ "$prof" = builtin ] || sec=(--security-opt "seccomp=$prof")
	dk_run "$plain" --rm "${sec[@]}" "$IMAGE" /probe "${BATTERY[@]}" >"$tmp/out-$plain-$pname" 2>>"$tmp/docker.err"
	is "$plain, $pname: plain docker runs the battery (14 lines)" "$(wc -l <"$tmp/out-$plain-$pname")" 14
	is "$plain, $pname: plain docker: unshare(CLONE_NEWUSER) is EPERM" \
		"$(head -1 "$tmp/out-$plain-$pname")" "unshare ret=-1 errno=1 (EPERM)"
	dk_run "$via" --rm --name "$name" "${sec[@]}" "$IMAGE" /probe "${BATTERY[@]}" \
		>"$tmp/out-$via-$pname" 2>"$tmp/err-$via-$pname"
	cat "$tmp/err-$via-$pname" >>"$tmp/docker.err"
	# Under containerd the runtime's stderr is the container's: the
	# wrapper's notes go to the runtime's --log instead.
	is "$via, $pname: the container's stderr is its own (nothing from the wrapper)" "$(cat "$tmp/err-$via-$pname")" ""
	if cmp -s "$tmp/out-$plain-$pname" "$tmp/out-$via-$pname"; then
		ok "$via, $pname: every call gives the same value and errno through the wrapper as under plain docker ($plain)"
	else
		not_ok "$via, $pname: every call gives the same value and errno through the wrapper as under plain docker ($plain)"
		diff "$tmp/out-$plain-$pname" "$tmp/out-$via-$pname" | sed 's/^/#   /'
	fi
	if ! d=$(ct_dir "$name"); then
		not_ok "$via, $pname: the agent has a state directory for the container"
		return
	fi
	ok "$via, $pname: the agent has a state directory for the container"
	if [ "$via" = scfs-runc ]; then
		# Docker's defaults deny by their default action, which runc
		# cannot hand over: said in the state, nothing invented.
		check "$via, $pname: info says the default action and the stub are unobservable" \
			has "$d/info" '^unobservable	the default action \(SCMP_ACT_ERRNO(\(1\))?\), the ENOSYS stub'
		sleep 0.2
		check "$via, $pname: no denial line claims a call the agent never saw" \
			bash -c '! grep -q "call=unshare" "$1"' _ "$d/denied"
		return
	fi
	check "$via, $pname: denied has unshare(CLONE_NEWUSER) → EPERM with its rule" \
		wait_has "$d/denied" ' call=unshare\(CLONE_NEWUSER\) action=ERRNO errno=1 errname=EPERM rule=(default|syscalls\[[0-9]+\]) mode=enforce'
	check "$via, $pname: denied has mount with its decoded strings" \
		wait_has "$d/denied" ' call=mount\("x","/mnt","tmpfs",0,NULL\) .*errname=EPERM'
	# Docker 20.10's built-in profile allows AF_VSOCK; the newer one denies it.
	if [ "$pname" = shared ]; then
		check "$via, $pname: denied has socket(AF_VSOCK,...)" wait_has "$d/denied" ' call=socket\(AF_VSOCK,'
	fi
}

# Through crun the results may differ from Docker's own runc only where
# plain crun differs from plain runc (runc's ENOSYS stub for calls newer
# than the profile): scfs adds no difference of its own.
crun_vs_runc() { # PNAME
	local p=$1 diffs
	[ -s "$tmp/out-runc-$p" ] && [ -s "$tmp/out-crun-$p" ] && [ -s "$tmp/out-scfs-$p" ] || return 0
	diffs=$(diff <(paste -d'|' "$tmp/out-runc-$p" "$tmp/out-crun-$p") <(paste -d'|' "$tmp/out-runc-$p" "$tmp/out-scfs-$p"))
	is "$p: through scfs (crun) each call differs from plain runc exactly where plain crun does" "$diffs" ""
	paste -d'|' "$tmp/out-runc-$p" "$tmp/out-crun-$p" | awk -F'|' '$1 != $2 { print "#   runc: " $1 "  crun: " $2 }'
}

# Exact counts and the views: five denied personality calls.
views() {
	local name=cnt d out id
	dk_run scfs --rm --name "$name" --security-opt "seccomp=$prof_obs" "$IMAGE" /probe -n personality 0x400000 ';' \
		personality 0x400000 ';' personality 0x400000 ';' personality 0x400000 ';' personality 0x400000 ';' \
		getppid >"$tmp/cnt" 2>>"$tmp/docker.err"
	is "five denied personality calls and one allowed getppid give 1,1,1,1,1,0" "$(tr '\n' , <"$tmp/cnt")" "1,1,1,1,1,0,"
	d=$(ct_dir "$name") || { not_ok "state directory for $name"; return; }
	id=$(ct_id "$name")
	wait_has "$d/denied" '^' && sleep 0.2
	is "exactly five denial lines" "$(grep -c ' call=personality(PER_LINUX|READ_IMPLIES_EXEC) ' "$d/denied")" 5
	out=$(show "$id" status 2>&1)
	is "scfs show ID: its counters say 5 denials" "$(grep '^Denials:' <<<"$out" | tr -d '\t ')" "Denials:5"
	check "scfs show ID denied has the decoded call and rule" \
		grep -qE 'call=personality\(PER_LINUX\|READ_IMPLIES_EXEC\) action=ERRNO errno=1 errname=EPERM rule=' \
		<<<"$(show "$id" denied 2>&1)"
	# Docker 20.10 passes no name (no annotations at all); the agent reads
	# it from dockerd's store (config.v2.json beside the hostname file).
	out=$("$DK_SCFS" ps --state-dir "$state" 2>&1)
	check "scfs ps lists it as a container under its docker name ($name)" \
		grep -qE "^${d##*/} +container +$name " <<<"$out"
	is "scfs show NAME finds it" "$(show "$name" 2>&1 | sed -n 's/^Pid:\t//p')" "${d##*/}"
	is "scfs show SHORT-ID (docker ps's CONTAINER ID) finds it" \
		"$(show "${id:0:12}" 2>&1 | sed -n 's/^Pid:\t//p')" "${d##*/}"
	check "info has the full id and the runtime crun" \
		bash -c 'grep -qx "container_id	$2" "$1" && grep -q "^runtime	.*crun" "$1"' _ "$d/info" "$id"
}

# docker exec: the exec'd process's denial lands in the container's state.
exec_observed() { # VIA PROFILE
	local via=$1 prof=$2 name="exec-$1" d out ann
	dk_run "$via" -d --name "$name" --security-opt "seccomp=$prof" "$IMAGE" /bin/sleep 1000 >/dev/null 2>>"$tmp/docker.err"
	out=$(dk exec "$name" /probe -n personality 0x400000 2>>"$tmp/docker.err")
	is "$via: docker exec: a denied call in an exec'd process gets EPERM" "$out" 1
	if d=$(ct_dir "$name"); then
		check "$via: docker exec: the exec'd process's denial is in the container's state" \
			wait_has "$d/denied" "call=personality\\(PER_LINUX\\|READ_IMPLIES_EXEC\\) .*errname=EPERM"
		check "$via: docker exec: ... made by another process than the container's init" \
			bash -c 'grep "call=personality" "$1" | grep -qv " pid=$2 "' _ "$d/denied" "${d##*/}"
	else
		not_ok "$via: docker exec: state directory for $name"
	fi
	# What Docker puts in config.json besides scfs's own annotations.
	ann=$(jq -c '[.annotations // {} | keys[] | select(startswith("io.scfs.") or startswith("run.oci.") | not)]' \
		"$tmp/exec/containerd/daemon/io.containerd.runtime.v2.task/moby/$(ct_id "$name")/config.json" 2>&1)
	echo "# $via: annotations Docker passed in config.json: $ann; hostname $(jq -r .hostname \
		"$tmp/exec/containerd/daemon/io.containerd.runtime.v2.task/moby/$(ct_id "$name")/config.json" 2>/dev/null)"
	dk rm -f "$name" >/dev/null 2>>"$tmp/docker.err"
}

# runc: an explicit rule made NOTIFY is observed with its errno.
runc_explicit() {
	local name=expl-runc d out
	out=$(dk_run scfs-runc --rm --name "$name" --security-opt "seccomp=$explicit" "$IMAGE" \
		/probe -n keyctl 999 0 0 0 0 ';' personality 0x400000 2>>"$tmp/docker.err" | tr '\n' ,)
	is "scfs-runc: keyctl(999) and personality(0x400000) get the profile's EACCES and EPERM" "$out" "13,1,"
	d=$(ct_dir "$name") || { not_ok "scfs-runc: state directory for $name"; return; }
	check "scfs-runc: keyctl is observed with its rule" \
		wait_has "$d/denied" ' syscall=keyctl .*errname=EACCES rule=syscalls\[1\] mode=enforce'
	check "scfs-runc: personality is observed with its rule" \
		wait_has "$d/denied" ' call=personality\(PER_LINUX\|READ_IMPLIES_EXEC\) .*errname=EPERM rule=syscalls\[0\]'
}

# No agent, none can be started (the wrapper alone, no scfs beside it or in
# PATH): the container does not start and docker shows the wrapper's line.
no_agent() {
	local rc out
	out=$(dk_run scfs-alone --rm --security-opt "seccomp=$prof_obs" "$IMAGE" /bin/sh -c 'echo ran' 2>"$tmp/alone.err")
	rc=$?
	cat "$tmp/alone.err" >>"$tmp/docker.err"
	check "no agent: the container does not start (docker exit $rc, the command never ran)" \
		test "$rc" != 0 -a "$out" != ran
	check "no agent: docker's error has the wrapper's line naming the command that starts the agent" \
		has "$tmp/alone.err" 'OCI runtime create failed: scfs-runtime: no scfs agent answers on .*systemctl start scfs-agent.*scfs agent --socket'
	sed 's/^/#   /' "$tmp/alone.err"
}

docker_main() {
	local rt
	dk_setup || { skip "cannot set up the private namespace (tmpfs on /run or the cgroup2 part)"; return; }
	if ! agent_start; then
		skip "the agent did not start: $(tail -1 "$tmp/agent.log")"
		return
	fi
	if ! dk_start; then
		skip "dockerd cannot start here: $(grep -E 'level=(error|fatal)|^failed' "$tmp/dockerd.log" | tail -1)"
		return
	fi
	echo "# $("${D[@]}" version --format 'docker {{.Server.Version}}, API {{.Server.APIVersion}}' 2>&1)," \
		"$(containerd --version | cut -d' ' -f3), cgroups v$("${D[@]}" info --format '{{.CgroupVersion}}' 2>&1)"
	IMAGE=scfs-probe:$$
	if ! tar -C "$rootfs" -c . | dk import - "$IMAGE" >/dev/null 2>"$tmp/import.err"; then
		skip "docker import of the busybox-static root failed: $(tail -1 "$tmp/import.err")"
		dk_stop
		return
	fi
	explicit=$tmp/explicit.json
	cat >"$explicit" <<-'EOF'
		{"defaultAction": "SCMP_ACT_ALLOW",
		 "syscalls": [
		  {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
		   "args": [{"index": 0, "value": 4194304, "op": "SCMP_CMP_EQ"}]},
		  {"names": ["keyctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
		   "args": [{"index": 0, "value": 999, "op": "SCMP_CMP_EQ"}]}]}
	EOF
	docker_prof=$DK_SHARED/upstream-profiles/moby-profiles--seccomp-default.json
	[ -r "$docker_prof" ] || skip "Docker's default profile from ../shared: $DK_SHARED is absent"
	local profs=(builtin)
	[ -r "$docker_prof" ] && profs+=(shared)
	for rt in runc crun; do
		local via=scfs
		[ "$rt" = runc ] && via=scfs-runc
		if ! dk_run "$rt" --rm "$IMAGE" /bin/true >/dev/null 2>"$tmp/probe-$rt.err"; then
			skip "docker with $rt cannot run a container here: $(tail -1 "$tmp/probe-$rt.err")"
			continue
		fi
		echo "# $rt: $("$rt" --version | head -1)"
		for p in "${profs[@]}"; do
			local f=builtin
			[ "$p" = shared ] && f=$docker_prof
			battery_same "$rt" "$via" "$p" "$f"
		done
	done
	for p in "${profs[@]}"; do crun_vs_runc "$p"; done
	prof_obs=$explicit
	[ -r "$docker_prof" ] && prof_obs=$docker_prof
	if [ -s "$tmp/out-scfs-builtin" ]; then
		views
		exec_observed scfs "$prof_obs"
		no_agent
	fi
	if [ -s "$tmp/out-scfs-runc-builtin" ]; then
		exec_observed scfs-runc "$explicit"
		runc_explicit
	fi
	dk rm -f $(dk ps -aq) >/dev/null 2>&1
	dk_stop
	agent_stop TERM
	local left= f
	sleep 0.5
	for f in /proc/[0-9]*/cmdline; do
		[[ "$(tr '\0' ' ' <"$f" 2>/dev/null)" == *"$tmp/"* ]] && { f=${f#/proc/}; left+="${f%%/*}($(cat /proc/${f%%/*}/comm 2>/dev/null)) "; }
	done
	is "dockerd stopped: no dockerd, containerd, shim or agent of this run is left" "$left" ""
	check "no sanitizer report from the agent or the wrapper" \
		bash -c '! cat "$@" 2>/dev/null | grep -qE "ERROR: AddressSanitizer|ERROR: LeakSanitizer|\.[ch]:[0-9]+:[0-9]+: runtime error:"' _ \
		"$tmp/agent.log" "$state/agent.log" "$tmp/docker.err"
	cat "$tmp/docker.err" >&2 2>/dev/null
}
