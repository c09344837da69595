# tmux helpers for the sctui screen tests (saw: after tests/tap.sh):
# the caller defines T (tmux with its private socket) and runs sctui in
# session S.

# tmux_need: without tmux the test's plan is a skip, saying why.
tmux_need() {
	command -v tmux >/dev/null && return 0
	echo "1..0 # SKIP tmux is not installed"
	exit 0
}
# screen_traps: the caller's cleanup on exit; a signal ends the test with
# the shell's status for it (so the cleanup runs).
screen_traps() {
	trap cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
# ok_if STATUS DESCRIPTION: one TAP result, ok when STATUS is 0 (for the
# tests that count without tests/tap.sh).
ok_if() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
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
# sctui_cleanup SOCKET DIR: the tmux server gone; then an sctui that has
# not left a second after its terminal went away (seen under ASan: stuck in
# the leak check at exit) is ended, so nothing of this run stays behind:
# only processes naming DIR (unique to the run) match; DIR is removed.
sctui_cleanup() {
	tmux_gone "$1"
	sleep 1
	pkill -9 -f -- "$2" 2>/dev/null
	rm -rf "$2"
}
