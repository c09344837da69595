# A host sysctl changed by tests, shared safely between suite runs at once.
#
#   sysctl_hold NAME VALUE     set NAME (e.g. kernel.printk_ratelimit) to
#                              VALUE for as long as any holder lives; 1 if it
#                              cannot be set (not root, read-only /proc/sys)
#   sysctl_release NAME        drop this script's hold; the last holder puts
#                              back the value the first holder found
#
# Two runs that each saved and restored the value on their own would race:
# the second saves the first's 0 and puts 0 back for good, or the first
# restores while the second still needs 0.  So the first holder saves the
# original value, every holder registers (pid and start time, so a holder
# killed by SIGKILL is recognised as gone), and only the last restores.
# Everything happens under flock(2) on the sysctl's own /proc/sys file,
# which always exists and is never removed, so no lock file is left behind;
# the bookkeeping directory under /run goes with the last holder.
# The caller releases from a trap on EXIT (and exits on INT, TERM, HUP).

_sysctl_paths() { # NAME -> sets _f (the /proc/sys file) and _d (bookkeeping)
	_f=/proc/sys/${1//.//}
	_d=/run/scfs-tests-sysctl.$1
}

_sysctl_start() { # PID -> its start time in clock ticks, or nothing if gone
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $20 }'
}

# Remove the registrations of holders that are gone; say how many remain.
_sysctl_live() {
	local h pid n=0
	for h in "$_d"/holder.*; do
		[ -e "$h" ] || continue
		pid=${h##*.}
		if [ "$(_sysctl_start "$pid")" = "$(cat "$h")" ]; then
			n=$((n + 1))
		else
			rm -f "$h"
		fi
	done
	echo "$n"
}

sysctl_hold() {
	local _f _d
	_sysctl_paths "$1"
	[ -w "$_f" ] || return 1
	(
		flock 9 || exit 1
		mkdir -p "$_d" || exit 1
		# The first live holder saves the value.  A saved value with no
		# live holder is one a killed run could not restore: it is still
		# the original, so it is kept.
		if [ "$(_sysctl_live)" = 0 ] && [ ! -s "$_d/saved" ]; then
			cat "$_f" >"$_d/saved.new" && mv "$_d/saved.new" "$_d/saved" || exit 1
		fi
		_sysctl_start $$ >"$_d/holder.$$" || exit 1
		echo "$2" >"$_f" || { rm -f "$_d/holder.$$"; exit 1; }
	) 9<"$_f"
}

sysctl_release() {
	local _f _d
	_sysctl_paths "$1"
	[ -e "$_d/holder.$$" ] || return 0
	(
		flock 9 || exit 1
		rm -f "$_d/holder.$$"
		if [ "$(_sysctl_live)" = 0 ]; then
			if [ -s "$_d/saved" ]; then
				cat "$_d/saved" >"$_f" || exit 1
			fi
			rm -rf "$_d"
		fi
		exit 0
	) 9<"$_f"
}
