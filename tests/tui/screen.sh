# tmux helpers for the sctui screen tests (saw: after tests/tap.sh):
# the caller defines T (tmux with its private socket) and runs sctui in
# session S.
screen() { T capture-pane -p -t S; }
keys() { T send-keys -t S "$@"; }
# wait_for REGEX [SECONDS]: until the screen matches (grep -E); else the
# screen goes to the log.
wait_for() {
	local i limit=$((${2:-5} * 10))
	for ((i = 0; i < limit; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	echo "# timed out waiting for: $1"
	screen | sed 's/^/#   /'
	return 1
}
# saw DESCRIPTION REGEX [SECONDS]: one TAP result, whether the screen comes to match.
saw() { if wait_for "$2" "${3:-5}"; then ok "$1"; else not_ok "$1"; fi; }
# pane_count KIND NAME: the denials in the pane's title while watching
# ("watching PID, KIND NAME (MODE): STATE, N denials").
pane_count() { screen | sed -n "s/.*watching [0-9]*, $1 $2 ([a-z]*): [a-z]*, \([0-9]*\) denial.*/\1/p" | head -1; }
# sctui_exit_status FILE: what the session wrote there, once it has.
sctui_exit_status() {
	local _
	for _ in $(seq 150); do [ -s "$1" ] && break; sleep 0.1; done
	cat "$1" 2>/dev/null
}
# tmux_gone NAME...: end the tmux servers of these sockets and remove the
# sockets, which tmux leaves behind.
tmux_gone() {
	local s
	for s in "$@"; do
		tmux -L "$s" kill-server 2>/dev/null
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$s"
	done
}
