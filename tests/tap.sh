# TAP helpers sourced by the shell tests.  The caller sets n=0 failed=0.
# ok/not_ok print one result; check runs a command; is compares two strings
# (showing both on failure); has greps a file for an extended regex.
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
is() { local d=$1 got=$2 want=$3; if [ "$got" = "$want" ]; then ok "$d"; else not_ok "$d"; echo "#   got: '$got'"; echo "#  want: '$want'"; fi; }
has() { grep -qE -- "$2" "$1"; }
# The state directory of the target started last (under $SCFS_STATE_DIR).
last_dir() { ls -td "$SCFS_STATE_DIR"/*/ | head -1; }

# Host probes: each prints why a feature is missing, or nothing if it is there.
# missing_actions ACTION...: the seccomp actions this kernel does not offer.
missing_actions() {
	local a avail
	avail=$(cat /proc/sys/kernel/seccomp/actions_avail 2>/dev/null)
	for a in "$@"; do
		grep -qw -- "$a" <<<"$avail" || printf ' %s' "$a"
	done
}
# kernel_records_missing: why the kernel's seccomp kill/trap records cannot
# be read from /dev/kmsg here (scfs logs kills and traps from them).
kernel_records_missing() {
	local logged pid
	if [ ! -r /dev/kmsg ] || ! dd if=/dev/kmsg of=/dev/null bs=8k count=0 iflag=nonblock 2>/dev/null; then
		echo "/dev/kmsg is not readable here (uid $(id -u), kernel.dmesg_restrict=$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null))"
	elif grep -qE '(^| )audit=0( |$)' /proc/cmdline 2>/dev/null || [ ! -e /proc/self/loginuid ]; then
		echo "the kernel's audit is off or not built in: it writes no seccomp records"
	elif pid=$(pgrep -x auditd | head -1) && [ -n "$pid" ]; then
		echo "auditd (pid $pid) is running: it takes the kernel's audit records, none reach /dev/kmsg"
	elif command -v auditctl >/dev/null && auditctl -s 2>/dev/null | grep -qE '^pid [1-9]'; then
		echo "an audit daemon is registered ($(auditctl -s | grep '^pid ')): none of the kernel's records reach /dev/kmsg"
	else
		logged=$(cat /proc/sys/kernel/seccomp/actions_logged 2>/dev/null)
		for a in kill_process kill_thread trap; do
			grep -qw $a <<<"$logged" || { echo "kernel.seccomp.actions_logged lacks $a ($logged)"; return; }
		done
	fi
}
# free_uid: a uid with no user and no group entry, to run something as
# another user without adding one to the host (setpriv takes numbers).
free_uid() {
	local u
	for u in $(shuf -i 200000-299999 -n 50); do
		getent passwd "$u" >/dev/null || getent group "$u" >/dev/null || { echo "$u"; return 0; }
	done
	return 1
}
# own_copies DIR FILE...: copies of the given programs in DIR (made 0755
# along with DIR), for another uid: the build tree may sit under a
# directory only its owner can enter (a clone in a mktemp -d directory).
own_copies() {
	local dir=$1; shift
	mkdir -p "$dir" && chmod 755 "$dir" && cp "$@" "$dir/" && chmod 755 "$dir"/*
}
