#!/bin/bash
# Containers observed by scfs agent: real crun on a busybox-static bundle,
# started through scfs-runtime with a private agent socket and state dir.
#
#   agent.sh SCFS SCFS_RUNTIME AGENTMSG SOURCE_ROOT
#
# The profile is the shipped default expanded for Docker's capabilities
# (`scfs expand --caps docker`, an OCI object as Docker and Podman write
# into config.json).  Runs in a private mount namespace (../shared/ENV.md:
# crun needs the cgroup2 part hidden on this host's hybrid layout), with
# crun --cgroup-manager=disabled and a private crun root.
set -u

. "$(dirname "$0")/crun-lib.sh"

# ---- outside: probe, then run the rest in a private mount namespace -------
if [ "${1:-}" != --inner ]; then
	src=$(realpath "$4")
	crun_probe "crun, the agent's socket, PDEATHSIG of root's processes" "it writes the bundles"
	exec unshare -m --propagation private bash "$0" --inner "$(realpath "$1")" "$(realpath "$2")" \
		"$(realpath "$3")" "$src" "$bb"
fi

scfs=$2 wrapper=$3 agentmsg=$4 src=$5 bb=$6
. "$src/tests/tap.sh"
n=0 failed=0
crun_work scfs-agent
work=$crun_w
agent_pid=
ids=()
cleanup() {
	[ "$BASHPID" = "$$" ] || return
	declare -F sysctl_release >/dev/null && sysctl_release kernel.printk_ratelimit
	for id in "${ids[@]}"; do "${crun[@]}" delete -f "$id" >/dev/null 2>&1; done
	[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
	for p in $(cat "$work"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

crun_hide_cgroup2 "$work"

# ---- the bundle ---------------------------------------------------------------
crun_rootfs "$work" "$scfs" "$src" "$bb" sh unshare true sleep echo mount
mkdir -p "$work/rootfs/w" "$work/w"

# bundle DIR ANNOTATIONS SCRIPT [SECCOMP_FILE]: a bundle running sh -c SCRIPT.
bundle() {
	local dir=$1 ann=$2 script=$3 sec=${4:-$work/seccomp.json}
	mkdir -p "$dir"
	jq -n --arg script "$script" --arg root "$work/rootfs" --arg w "$work/w" --argjson ann "$ann" \
		--slurpfile sec "$sec" '{
	  ociVersion: "1.0.2",
	  process: { terminal: false, user: { uid: 0, gid: 0 }, args: ["/bin/sh", "-c", $script],
	             env: ["PATH=/bin"], cwd: "/", noNewPrivileges: true },
	  root: { path: $root, readonly: true }, hostname: "agent", annotations: $ann,
	  mounts: [ { destination: "/proc", type: "proc", source: "proc" },
	            { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "mode=755", "size=64k"] },
	            { destination: "/w", type: "bind", source: $w, options: ["rbind", "rw"] } ],
	  linux: { namespaces: [ {type: "pid"}, {type: "ipc"}, {type: "uts"}, {type: "mount"} ],
	           seccomp: $sec[0] } }' >"$dir/config.json"
}

# run_in DIR ID RUNTIME...: run the bundle in the foreground, output in DIR/out.
run_in() {
	local dir=$1 id=$2; shift 2
	ids+=("$id")
	(cd "$dir" && timeout 30 "$@" run "$id" >"$dir/out" 2>&1 </dev/null)
}

start_agent() { crun_agent_start "$scfs" "$work/agent.log"; }

# The state directory of a container, by id.
state_of() { grep -lx "container_id	$1" "$SCFS_STATE_DIR"/*/info 2>/dev/null | head -1 | xargs -r dirname; }
# jq -e without its output in the TAP stream.
jq_ok() { jq -e "$@" >/dev/null; }
wait_for() { local _; for _ in $(seq 100); do eval "$1" && return 0; sleep 0.05; done; return 1; }
# The state directory of a container that has ended, once its record is
# whole (the last denial lines are written when the listener hangs up).
ended_state() {
	local d id=$1
	wait_for '[ -n "$(state_of "$id")" ]'
	d=$(state_of "$id")
	[ -n "$d" ] && wait_for '[ -f "$d/exit" ]'
	echo "$d"
}

script='unshare -U true; echo rc=$?'
bundle "$work/plain" '{}' "$script"
if ! run_in "$work/plain" "p$$" "${crun[@]}"; then
	echo "1..0 # SKIP plain crun cannot run the bundle here: $(grep -v '^$' "$work/plain/out" | head -c 300 | tr '\n' ' ')"
	exit 0
fi
"${crun[@]}" delete -f "p$$" >/dev/null 2>&1

# ---- enforce: the answer is the plain runtime's, the denial is recorded ---------
start_agent
check "the agent listens on a 0600 socket" [ "$(stat -c %a "$sock" 2>/dev/null)" = 600 ]
bundle "$work/enf" '{}' "$script"
SCFS_AGENT_SOCKET=$sock run_in "$work/enf" "e$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
is "unshare(CLONE_NEWUSER) gives what plain crun gives (EPERM)" "$(cat "$work/enf/out")" "$(cat "$work/plain/out")"
has "$work/plain/out" 'Operation not permitted' || not_ok "plain crun did not say EPERM: $(cat "$work/plain/out")"
check "the wrapper put the observed program and the listener into config.json" \
	jq_ok '.annotations."run.oci.seccomp_bpf_data" and .linux.seccomp.listenerPath == "'"$sock"'"' "$work/enf/config.json"
d=$(ended_state "e$$")
if [ -n "$d" ]; then
	has "$d/denied" 'syscall=unshare .*call=unshare\(CLONE_NEWUSER\) action=ERRNO errno=1 errname=EPERM rule=default mode=enforce' &&
		ok "the denial is in the agent's state with its rule and decoded call" ||
		not_ok "the denial is not in $d/denied: $(cat "$d/denied")"
	is "info says kind container and the id" "$(grep -E '^(kind|container_id)	' "$d/info" | tr '\t\n' '= ')" \
		"kind=container container_id=e$$ "
	wait_for '[ -f "$d/exit" ]'
	is "exit: ended, no exit status" "$(sed -n 's/^state\t//p' "$d/exit")/$(sed -n 's/^code\t//p' "$d/exit")" "ended/-"
	is "one denial counted" "$(sed -n 's/^denials\t//p' "$d/exit")" 1
else
	not_ok "no state directory for container e$$ under $SCFS_STATE_DIR"
fi

# ---- complain mode from the annotation ------------------------------------------
bundle "$work/cpl" '{"io.scfs.mode":"complain"}' "$script"
SCFS_AGENT_SOCKET=$sock run_in "$work/cpl" "c$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
d=$(ended_state "c$$")
check "complain mode: the call is let through (no EPERM)" bash -c "! grep -q 'Operation not permitted' '$work/cpl/out'"
[ -n "$d" ] && has "$d/denied" 'call=unshare\(CLONE_NEWUSER\) .*mode=complain' &&
	ok "complain mode: logged with mode=complain" || not_ok "complain mode: no complain line (${d:-no state dir})"

# ---- Docker's name, from its store beside the /etc/hostname source ------------------------
# Docker puts no name in config.json; DATA_ROOT/containers/ID/config.v2.json
# has it.  Believed only for the container's own id, from a file root owns
# and no one else may write.
docker_named() { # ID CONFIG.V2-ID MODE
	local dir=$work/store/containers/$1
	mkdir -p "$dir" "$work/rootfs/etc"
	touch "$dir/hostname" "$work/rootfs/etc/hostname"
	printf '{"ID":"%s","Name":"/web-%s"}' "$2" "$1" >"$dir/config.v2.json"
	chmod "$3" "$dir/config.v2.json"
	bundle "$work/dn-$1" '{}' 'true'
	jq --arg src "$dir/hostname" '.mounts += [{destination: "/etc/hostname", type: "bind", source: $src,
		options: ["rbind", "ro"]}]' "$work/dn-$1/config.json" >"$work/dn-$1/c" && mv "$work/dn-$1/c" "$work/dn-$1/config.json"
	SCFS_AGENT_SOCKET=$sock run_in "$work/dn-$1" "$1" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
	sed -n 's/^container_name\t//p' "$(ended_state "$1")/info"
}
is "Docker's store: the name from config.v2.json (ID matching, mode 0600)" "$(docker_named "D1$$" "D1$$" 600)" "web-D1$$"
is "Docker's store: not believed when others may write it (no name)" "$(docker_named "D2$$" "D2$$" 666)" "-"
is "Docker's store: not believed for another container's id (no name)" "$(docker_named "D3$$" "other" 600)" "-"

# ---- the wrapper refuses what it cannot observe --------------------------------------
jq '.syscalls[3].action = "SCMP_ACT_BOGUS"' "$work/seccomp.json" >"$work/bad.json"
bundle "$work/bad" '{}' "$script" "$work/bad.json"
(cd "$work/bad" && SCFS_AGENT_SOCKET=$sock "$wrapper" --root "$work/crun" run "b$$" >"$work/bad/out" 2>&1)
rc=$?
is "a bad profile: exit 125" "$rc" 125
has "$work/bad/out" 'config\.json linux\.seccomp: syscalls\[3\]\.action' && [ "$(wc -l <"$work/bad/out")" = 1 ] &&
	ok "a bad profile: one line naming config.json, the rule and the field" || not_ok "bad profile said: $(cat "$work/bad/out")"
check "a bad profile: the runtime never ran" bash -c "! '${crun[0]}' --root '$work/crun' state 'b$$' >/dev/null 2>&1"
bundle "$work/mode" '{"io.scfs.mode":"loud"}' "$script"
(cd "$work/mode" && SCFS_AGENT_SOCKET=$sock "$wrapper" --root "$work/crun" run "m$$" >"$work/mode/out" 2>&1)
is "a bad io.scfs.mode: exit 125" "$?" 125

# The runtime's --log (containerd reads the last error entry of it to say
# why a create failed; the stderr it gives is the container's own).
(cd "$work/bad" && SCFS_AGENT_SOCKET=$sock "$wrapper" --root "$work/crun" --log "$work/bad/log.json" \
	--log-format json run "b$$" >"$work/bad/out2" 2>&1)
is "--log json: a bad profile: exit 125" "$?" 125
check "--log json: one error entry (level, msg, RFC 3339 time), its msg the line on stderr" \
	jq_ok -s --arg m "$(cat "$work/bad/out2")" 'length == 1 and .[0].level == "error" and .[0].msg == $m and
		(.[0].time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"))' "$work/bad/log.json"
(cd "$work/bad" && SCFS_AGENT_SOCKET=$sock "$wrapper" --root "$work/crun" --log="$work/bad/log.txt" \
	run "b$$" >/dev/null 2>&1)
check "--log=FILE, text: logrus's line, level=error, the quoted message" \
	has "$work/bad/log.txt" '^time="[0-9T:-]+Z" level=error msg=".*syscalls\[3\]\.action.*"$'

# TSYNC: the kernel refuses it beside a listener; the wrapper drops it (as
# scfs run does) and adds WAIT_KILLABLE_RECV: the container runs.
jq '.flags = ["SECCOMP_FILTER_FLAG_TSYNC"]' "$work/seccomp.json" >"$work/tsync.json"
bundle "$work/tsync" '{}' "$script" "$work/tsync.json"
SCFS_AGENT_SOCKET=$sock run_in "$work/tsync" "y$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
is "flags TSYNC: the container runs and gets EPERM" "$(cat "$work/tsync/out")" "$(cat "$work/plain/out")"
want='["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]'
printf '%s\n' 5.19 "$(uname -r | cut -d- -f1)" | sort -CV || want='[]' # the flag came in Linux 5.19
is "flags TSYNC: dropped, WAIT_KILLABLE_RECV where the kernel has it" \
	"$(jq -c .linux.seccomp.flags "$work/tsync/config.json")" "$want"

# Nothing to observe, or a listener of the profile's own: passed through untouched.
bundle "$work/nosec" '{}' 'echo hi'
jq 'del(.linux.seccomp)' "$work/nosec/config.json" >"$work/nosec/c" && mv "$work/nosec/c" "$work/nosec/config.json"
sum=$(sha256sum <"$work/nosec/config.json")
SCFS_AGENT_SOCKET=$sock run_in "$work/nosec" "n$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
is "no linux.seccomp: the container runs, config.json untouched" "$(cat "$work/nosec/out")/$(sha256sum <"$work/nosec/config.json")" "hi/$sum"
jq '.syscalls += [{"names": ["keyctl"], "action": "SCMP_ACT_NOTIFY"}] | .listenerPath = "/nonexistent/sock"' \
	"$work/seccomp.json" >"$work/own.json"
bundle "$work/own" '{}' 'echo hi' "$work/own.json"
sum=$(sha256sum <"$work/own/config.json")
SCFS_AGENT_SOCKET=$sock run_in "$work/own" "o$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
has "$work/own/out" '^scfs-runtime: .*config\.json: its profile hands calls to a listener of its own: scfs does not observe this container$' &&
	is "a listener of its own: said once, config.json untouched" "$(sha256sum <"$work/own/config.json")" "$sum" ||
	not_ok "a listener of its own: $(head -3 "$work/own/out")"

# A note with a --log goes there, not into the container's output.
SCFS_AGENT_SOCKET=$sock run_in "$work/own" "O$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled \
	--log "$work/own/log.json" --log-format json
check "--log: the note is a warning entry of the log, the container's output has none of it" \
	bash -c '! grep -q scfs-runtime "$1/out" && jq -e -s "any(.level == \"warning\" and (.msg | test(\"listener of its own\")))" "$1/log.json" >/dev/null' \
	_ "$work/own"

# ---- a kill stays the kernel's; its record is the container's ------------------------
. "$src/tests/sysctl.sh"
kmsg_why=$(kernel_records_missing)
# The kernel's records are rate-limited host-wide: the limit is off while
# this runs (shared with other runs, tests/sysctl.sh).
if [ -z "$kmsg_why" ] && ! sysctl_hold kernel.printk_ratelimit 0; then
	kmsg_why="kernel.printk_ratelimit cannot be set to 0 here"
fi
jq '.syscalls += [{"names": ["unshare"], "action": "SCMP_ACT_KILL_PROCESS"}]' "$work/seccomp.json" >"$work/kill.json"
bundle "$work/kp-plain" '{}' "$script" "$work/kill.json"
# The call waits for the supervisor's state: a kill the kernel applies
# before the supervisor listens for records (crun run does not wait for
# the agent) is not recorded.
bundle "$work/kp" '{}' 'while [ ! -e /w/kgo ]; do sleep 0.05; done; '"$script" "$work/kill.json"
run_in "$work/kp-plain" "q$$" "${crun[@]}"
(sleep 0.3; wait_for '[ -n "$(state_of "K$$")" ]'; touch "$work/w/kgo") &
SCFS_AGENT_SOCKET=$sock run_in "$work/kp" "K$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
is "KILL_PROCESS: the same end as under plain crun" "$(grep rc= "$work/kp/out")" "$(grep rc= "$work/kp-plain/out")"
has "$work/kp/out" 'rc=159' || not_ok "KILL_PROCESS: not killed by SIGSYS: $(cat "$work/kp/out")"
d=$(ended_state "K$$")
if [ -n "$kmsg_why" ]; then
	echo "ok $((n += 1)) # SKIP KILL_PROCESS: the kernel's record in the container's state: $kmsg_why"
else
	wait_for 'has "$d/denied" "syscall=unshare .*action=KILL_PROCESS .*source=kernel"'
	has "$d/denied" 'syscall=unshare .*action=KILL_PROCESS .*source=kernel' &&
		ok "KILL_PROCESS: the kernel's record is in the container's state" ||
		not_ok "KILL_PROCESS: no kernel record in $d/denied ($(grep kernel_log "$d/info"))"
fi

# ---- hostile messages: refused, and the agent keeps serving --------------------------
msg() { # ID BUNDLE [PID]: a state message as crun sends it
	jq -nc --arg id "$1" --arg b "$2" --argjson pid "${3:-$$}" \
		'{ociVersion: "1.0.2", fds: ["seccompFd"], pid: $pid, metadata: "scfs",
		  state: {ociVersion: "1.0.2", id: $id, status: "creating", pid: $pid, bundle: $b}}'
}
# hostile NAME REASON_REGEX MSGTEXT FDS [REPEAT]
hostile() {
	local name=$1 want=$2 before
	printf '%s' "$3" >"$work/msg"
	before=$(grep -c 'refused' "$work/agent.log")
	"$agentmsg" "$sock" "$work/msg" "$4" "${5:-1}" 2>>"$work/agentmsg.err"
	if [ "$(grep -c 'refused' "$work/agent.log")" -gt "$before" ] && tail -1 "$work/agent.log" | grep -qE -- "$want"; then
		ok "refused: $name"
	else
		not_ok "not refused as expected: $name (log: $(tail -1 "$work/agent.log"))"
	fi
}
good=$(msg "h$$" "$work/enf")
hostile "not JSON" 'not valid JSON' '{"ociVersion": ' listener
hostile "JSON but not a state message" 'unexpected key' '{"hello": 1}' listener
hostile "no fd" '0 fds sent' "$good" none
hostile "two fds" '2 fds sent' "$good" two
hostile "a fd that is not a seccomp listener" 'not a seccomp listener' "$good" null
hostile "a huge message" 'larger than 64 KiB' "$(printf '%*s' 8192 '')" listener 20
hostile "a bad id" 'state\.id' "$(msg 'x/../../etc' "$work/enf")" listener
hostile "an id of 129 characters" 'state\.id' "$(msg "$(printf 'a%.0s' $(seq 129))" "$work/enf")" listener
hostile "a relative bundle" 'state\.bundle' "$(msg "r$$" "enf")" listener
hostile "a bundle with .." 'state\.bundle' "$(msg "r$$" "$work/enf/../enf")" listener
hostile "wrong fds names" 'fds' "$(msg "h$$" "$work/enf" | jq -c '.fds = ["other"]')" listener
hostile "metadata not scfs's" 'metadata' "$(msg "h$$" "$work/enf" | jq -c '.metadata = "x"')" listener
hostile "a negative pid" 'pid' "$(msg "h$$" "$work/enf" -5)" listener
hostile "pid 0 outside crun's exec form" 'pid' "$(msg "h$$" "$work/enf" 0)" listener
hostile "crun's exec form for a container not supervised" 'does not supervise' \
	"$(msg "u$$" "$work/enf" 0 | jq -c '.state.bundle = "." | .state.status = "running"')" listener
mkdir "$work/notroot" && cp "$work/enf/config.json" "$work/notroot/" && chown 65534 "$work/notroot/config.json"
hostile "config.json not owned by root" 'not owned by root' "$(msg "n$$" "$work/notroot")" listener
mkdir "$work/other" && jq '.annotations."io.scfs.mode" = "count"' "$work/enf/config.json" >"$work/other/config.json"
hostile "a program other than the profile's" 'differs|bytes' "$(msg "o$$" "$work/other")" listener
mkdir "$work/noann" && jq 'del(.annotations."run.oci.seccomp_bpf_data")' "$work/enf/config.json" >"$work/noann/config.json"
hostile "no program annotation" 'no run\.oci\.seccomp_bpf_data' "$(msg "a$$" "$work/noann")" listener
ln -s "$work/enf/config.json" "$work/link.json" && mkdir "$work/link" && mv "$work/link.json" "$work/link/config.json"
hostile "config.json a symlink" 'config\.json' "$(msg "l$$" "$work/link")" listener
check "the agent survived every hostile message" kill -0 "$agent_pid"
bundle "$work/after" '{}' "$script"
SCFS_AGENT_SOCKET=$sock run_in "$work/after" "a$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
d=$(ended_state "a$$")
[ -n "$d" ] && has "$d/denied" 'call=unshare\(CLONE_NEWUSER\)' && ok "a container after them is observed" ||
	not_ok "a container after the hostile messages is not observed"

# ---- exec: another process of a running container, the same state ----------------------
bundle "$work/exec" '{}' 'while [ ! -e /w/stop ]; do sleep 0.05; done; unshare -U true; echo rc=$?'
(cd "$work/exec" && SCFS_AGENT_SOCKET=$sock "$wrapper" --root "$work/crun" --cgroup-manager=disabled \
	run -d "x$$" >"$work/exec/out" 2>&1 </dev/null)
ids+=("x$$")
wait_for '[ -n "$(state_of "x$$")" ]'
d=$(state_of "x$$")
SCFS_AGENT_SOCKET=$sock timeout 20 "$wrapper" --root "$work/crun" --cgroup-manager=disabled exec "x$$" \
	/bin/sh -c 'unshare -U true; echo rc=$?; mount -t tmpfs scfs-src /w' >"$work/exec/exec.out" 2>&1 </dev/null
has "$work/exec/exec.out" 'Operation not permitted' && ok "exec through the wrapper: the exec'd process gets EPERM" ||
	not_ok "exec said: $(cat "$work/exec/exec.out") (agent: $(tail -1 "$work/agent.log"))"
wait_for '[ "$(grep -c "call=unshare(CLONE_NEWUSER)" "$d/denied" 2>/dev/null)" = 1 ]'
is "exec: its denial is in the container's state" "$(grep -c 'call=unshare(CLONE_NEWUSER)' "$d/denied" 2>/dev/null)" 1
# Its strings are read and proved on its own listener (the id is that
# listener's): read, not marked unread.
wait_for 'grep -q "call=mount(" "$d/denied" 2>/dev/null'
has "$d/denied" 'call=mount\("scfs-src","/w","tmpfs",' &&
	ok "exec: a string argument of the exec'd process read while its listener held the call" ||
	not_ok "exec: mount's strings: $(grep -o 'call=mount([^ ]*' "$d/denied" 2>/dev/null)"
touch "$work/w/stop"
wait_for '[ -f "$d/exit" ]'
is "exec: both processes' denials counted (unshare twice, mount), two listeners" \
	"$(sed -n 's/^denials\t//p;s/^listeners\t//p' "$d/exit" 2>/dev/null | tr '\n' ' ')" "3 2 "
rm -f "$work/w/stop"

# ---- a container's supervisor killed: that container fails closed, the agent serves on ---
bundle "$work/sk" '{}' 'while [ ! -e /w/sgo ]; do sleep 0.05; done; unshare -U true; echo rc=$?'
(cd "$work/sk" && SCFS_AGENT_SOCKET=$sock "$wrapper" --root "$work/crun" --cgroup-manager=disabled \
	run -d "v$$" >"$work/sk/out" 2>&1 </dev/null)
ids+=("v$$")
wait_for '[ -n "$(state_of "v$$")" ]'
d=$(state_of "v$$")
sup=$(sed -n 's/^scfs_pid\t//p' "$d/info" 2>/dev/null)
[ -n "$sup" ] && kill -KILL "$sup"
touch "$work/w/sgo"
wait_for 'grep -q rc= "$work/sk/out"'
has "$work/sk/out" 'Function not implemented' && ok "its supervisor killed: the container's next denied call fails with ENOSYS" ||
	not_ok "its supervisor killed: the call said $(cat "$work/sk/out")"
wait_for 'grep -q "container v$$: its supervisor (pid $sup) ended with signal 9" "$work/agent.log"'
has "$work/agent.log" "container v$$: its supervisor \(pid $sup\) ended with signal 9" && kill -0 "$agent_pid" &&
	ok "its supervisor killed: the agent says so and serves on" || not_ok "its supervisor killed: $(tail -1 "$work/agent.log")"

# ---- the agent killed: its supervisor goes, the call fails closed (ENOSYS) -----------
bundle "$work/kill" '{}' 'while [ ! -e /w/go ]; do sleep 0.05; done; unshare -U true; echo rc=$?'
(cd "$work/kill" && SCFS_AGENT_SOCKET=$sock "$wrapper" --root "$work/crun" --cgroup-manager=disabled \
	run -d "k$$" >"$work/kill/out" 2>&1 </dev/null)
ids+=("k$$")
wait_for '[ -n "$(state_of "k$$")" ]'
d=$(state_of "k$$")
sup=$(sed -n 's/^scfs_pid\t//p' "$d/info" 2>/dev/null)
kill -KILL "$agent_pid"
wait "$agent_pid" 2>/dev/null
agent_pid=
wait_for '! kill -0 "$sup" 2>/dev/null'
check "the container's supervisor died with the agent" bash -c "! kill -0 '${sup:-0}' 2>/dev/null"
has <("$scfs" show --state-dir "$SCFS_STATE_DIR" "$(basename "${d:-0}")" status 2>&1) '^State:[[:space:]]+lost' &&
	ok "scfs show says the container is lost" ||
	not_ok "scfs show: $("$scfs" show --state-dir "$SCFS_STATE_DIR" "$(basename "${d:-0}")" status 2>&1 | head -3)"
touch "$work/w/go"
wait_for 'grep -q rc= "$work/kill/out"'
has "$work/kill/out" 'Function not implemented' && ok "its next denied call fails with ENOSYS (closed, not open)" ||
	not_ok "after the agent was killed the call said: $(cat "$work/kill/out")"

# ---- no agent: the wrapper starts one; if it cannot, the container does not start --------
rm -f "$sock"
bundle "$work/auto" '{}' "$script"
SCFS_AGENT_SOCKET=$sock run_in "$work/auto" "s$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
d=$(ended_state "s$$")
[ -n "$d" ] && has "$d/denied" 'call=unshare\(CLONE_NEWUSER\)' && ok "no agent: the wrapper started one and it observed the container" ||
	not_ok "no agent: the started agent did not observe the container ($(cat "$work/auto/out"))"
sed -n 's/.*scfs agent: pid \([0-9]*\) listening.*/\1/p' "$SCFS_STATE_DIR/agent.log" >"$work/auto.pid" 2>/dev/null
check "the started agent logs to the state dir" [ -s "$work/auto.pid" ]
is "the started agent is not in the bundle's directory" "$(readlink "/proc/$(cat "$work/auto.pid" 2>/dev/null)/cwd")" /
touch "$work/file"
bundle "$work/noag" '{}' "$script"
(cd "$work/noag" && SCFS_AGENT_SOCKET=$work/file/agent.sock "$wrapper" --root "$work/crun" run "z$$" >"$work/noag/out" 2>&1)
rc=$?
is "no agent and none can start: exit 125" "$rc" 125
has "$work/noag/out" 'systemctl start scfs-agent' && [ "$(wc -l <"$work/noag/out")" = 1 ] &&
	ok "no agent: one line naming the command that starts it" || not_ok "no agent said: $(cat "$work/noag/out")"
check "no agent: the runtime never ran" bash -c "! '${crun[0]}' --root '$work/crun' state 'z$$' >/dev/null 2>&1"

# ---- a stop by SIGTERM: the counts said, nothing reported by a sanitizer ----------------
sock=$work/run2/agent.sock
start_agent
bundle "$work/last" '{}' "$script"
SCFS_AGENT_SOCKET=$sock run_in "$work/last" "t$$" "$wrapper" --root "$work/crun" --cgroup-manager=disabled
hostile "not JSON, again" 'not valid JSON' '{' listener
kill -TERM "$agent_pid"
wait "$agent_pid"
rc=$?
agent_pid=
is "SIGTERM: the agent exits 0" "$rc" 0
has "$work/agent.log" 'stopping: 1 listeners taken, 1 refused' && ok "SIGTERM: it says what it took and refused" ||
	not_ok "SIGTERM: $(tail -1 "$work/agent.log")"
check "SIGTERM: it removed its socket" [ ! -e "$sock" ]
check "no sanitizer report from any agent" bash -c "! grep -E 'Sanitizer|runtime error' '$work/agent.log'"

echo "1..$n"
[ "$failed" = 0 ]
