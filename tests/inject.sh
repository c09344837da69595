#!/bin/bash
# Terminal and log injection: bytes a target or a profile chooses (escape
# sequences, newlines, invalid UTF-8, a record's separators) reach no
# terminal and no record raw; each shows escaped (doc/state-format.md,
# "Escaping").  The FUSE view's side is in fs/fs.sh, kernel records in run.sh.
# Usage: inject.sh SCFS SYSPROBE      (TAP output)
set -u
scfs=$1 sysprobe=$2
n=0 failed=0
tmp=$(mktemp -d)
export SCFS_STATE_DIR=$tmp/state
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"
no_byte() { ! LC_ALL=C grep -q "$1" "$2"; }
esc=$'\e'

# ---- profile values in scfs check and lint ---------------------------------
# A syscall name that would clear the screen and forge a line of its own.
cat >"$tmp/forge.json" <<'EOF'
{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
 {"names":["mkdir\u001b[2J\nOK"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
 {"names":["getpid"],"action":"SCMP_ACT_ERRNO\u001b[2J\nOK: valid"}]}
EOF
"$scfs" check "$tmp/forge.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
is "check: the forged action is refused, exit 125" "$rc" 125
check "check: no ESC byte on stdout or stderr" bash -c 'for f; do ! LC_ALL=C grep -q $'"'\\e'"' "$f" || exit 1; done' _ "$tmp/out" "$tmp/err"
is "check: every line of stderr is one diagnostic naming the file" \
	"$(grep -vc "^$tmp/forge.json: " "$tmp/err")" 0
check "check: no forged line" bash -c '! grep -q "^OK" "$1" "$2"' _ "$tmp/out" "$tmp/err"
check "check: the value shown escaped (\\x1b[2J\\x0aOK)" has "$tmp/err" 'SCMP_ACT_ERRNO\\x1b\[2J\\x0aOK: valid'
echo "# $(head -3 "$tmp/err")"
"$scfs" check --json "$tmp/forge.json" >"$tmp/out" 2>/dev/null
check "check --json: no ESC byte (json-c escapes the value)" no_byte "$esc" "$tmp/out"

# The unknown name alone: the profile is valid, the name listed escaped.
sed 's/SCMP_ACT_ERRNO\\u001b\[2J\\nOK: valid/SCMP_ACT_ERRNO/' "$tmp/forge.json" >"$tmp/name.json"
"$scfs" check "$tmp/name.json" >"$tmp/out" 2>"$tmp/err"
is "check: the profile with the forged name is valid" "$?" 0
check "check: no ESC byte, no forged line" bash -c '! LC_ALL=C grep -q $'"'\\e'"' "$1" "$2" && ! grep -q "^OK" "$1" "$2"' _ "$tmp/out" "$tmp/err"
check "check: the unknown name listed escaped" has "$tmp/out" 'mkdir\\x1b\[2J\\x0aOK +syscalls\[0\]'
"$scfs" lint "$tmp/name.json" >"$tmp/out" 2>"$tmp/err"
check "lint: no ESC byte, no forged line" bash -c '! LC_ALL=C grep -q $'"'\\e'"' "$1" "$2" && ! grep -q "^OK" "$1" "$2"' _ "$tmp/out" "$tmp/err"
check "lint: the name shown escaped" has "$tmp/out" 'mkdir\\x1b\[2J\\x0aOK'

# Exports are files other tools parse: a name or comment adds no line.
sed 's/"errnoRet":1}/"errnoRet":1,"comment":"c\\u001b[2J\\nOK: x"}/' "$tmp/name.json" >"$tmp/comment.json"
for to in spo systemd; do
	"$scfs" export "$tmp/comment.json" --to "$to" >"$tmp/out" 2>/dev/null
	check "export --to $to: no ESC byte, no forged line" \
		bash -c '! LC_ALL=C grep -q $'"'\e'"' "$1" && ! grep -q "^ *OK" "$1" && test -s "$1"' _ "$tmp/out"
done

# Invalid UTF-8 in a profile string: refused or reported, its bytes escaped.
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["getpid"],"action":"SCMP_ACT_\xff\xfe"}]}\n' >"$tmp/utf8.json"
"$scfs" check "$tmp/utf8.json" >"$tmp/out" 2>"$tmp/err"
is "invalid UTF-8: exit 125" "$?" 125
check "invalid UTF-8: no raw 0xff byte on stderr" no_byte $'\xff' "$tmp/err"
# Quoted as \xff, or refused as invalid UTF-8 by the loader (which may not
# quote the bytes at all).
check "invalid UTF-8: the bytes shown as \\xff, or the string refused as UTF-8" has "$tmp/err" '\\xff|UTF-8'

# ---- a target's name in the denial log, scfs show and scfs ps --------------
if ! grep -qw user_notif /proc/sys/kernel/seccomp/actions_avail 2>/dev/null; then
	echo "ok $((n += 1)) # SKIP this kernel has no seccomp user notification"
	echo "1..$n"
	exit 0
fi
cat >"$tmp/deny.json" <<'EOF'
{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}
EOF
# prctl(PR_SET_NAME, "a\e[2Jb"), then a denied mkdir.
"$scfs" run -p "$tmp/deny.json" -- "$sysprobe" -n prctl 15 s:$'a\e[2Jb' 0 0 0 ';' mkdir s:"$tmp/x" 0755 \
	>/dev/null 2>"$tmp/err"
d=$(last_dir)
pid=$(basename "$d")
check "comm a\\e[2Jb: denied has no ESC byte" no_byte "$esc" "$d/denied"
check "comm a\\e[2Jb: shown escaped as one field" has "$d/denied" ' comm=a\\x1b\[2Jb arch=x86_64 syscall=mkdir '
"$scfs" show "$pid" denied >"$tmp/out"
check "scfs show PID denied: no ESC byte, the comm escaped" \
	bash -c '! LC_ALL=C grep -q $'"'\\e'"' "$1" && grep -q "comm=a\\\\x1b\\[2Jb " "$1"' _ "$tmp/out"
# Blanks, '=' and invalid UTF-8 in a comm would split or spoil the line.
"$scfs" run -p "$tmp/deny.json" -- "$sysprobe" -n prctl 15 s:$'x y=z\xff' 0 0 0 ';' mkdir s:"$tmp/x" 0755 \
	>/dev/null 2>&1
check "comm 'x y=z\\xff': one field, escaped" has "$(last_dir)denied" ' comm=x\\x20y\\x3dz\\xff arch='

# The profile's unknown name in the target's "unknown" (a TSV file).
"$scfs" run -p "$tmp/name.json" -- true >/dev/null 2>&1
check "unknown: the forged name is one escaped field, no raw newline or ESC" \
	bash -c '! LC_ALL=C grep -q $'"'\e'"' "$1" && ! grep -q "^OK" "$1" && grep -q "^mkdir\\\\x1b\[2J\\\\x0aOK	0	" "$1"' \
	_ "$(last_dir)unknown"

# A command line and a --name with controls: info holds one line per key.
"$scfs" run --name $'n\e]0;owned\a' -p "$tmp/deny.json" -- "$sysprobe" -n mkdir s:$'/nonexistent/a b\nc' 0755 \
	>/dev/null 2>"$tmp/err"
d=$(last_dir)
pid=$(basename "$d")
is "info: every line is key<TAB>value (no newline from argv)" "$(grep -vc $'^[a-z_]*\t' "$d/info")" 0
check "info: argv escaped, arguments still split on blanks" has "$d/info" \
	'^command	[^ ]*sysprobe -n mkdir s:/nonexistent/a\\x20b\\x0ac 0755$'
check "info: the name escaped" has "$d/info" '^name	n\\x1b]0;owned\\x07$'
"$scfs" show "$pid" >"$tmp/out"
check "scfs show PID: no ESC or BEL byte" bash -c '! LC_ALL=C grep -q $'"'[\\e\\a]'"' "$1"' _ "$tmp/out"
"$scfs" ps >"$tmp/out"
check "scfs ps: no ESC or BEL byte, the name escaped" \
	bash -c '! LC_ALL=C grep -q $'"'[\\e\\a]'"' "$1" && grep -q "n\\\\x1b]0;owned\\\\x07" "$1"' _ "$tmp/out"
check "scfs run's summary: the name escaped" bash -c '! LC_ALL=C grep -q $'"'[\\e\\a]'"' "$1"' _ "$tmp/err"

# A state file tampered with by its owner: show escapes what it prints.
printf 'state\texited\nsummary\t\e[2Jforged\n' >"$d/exit"
"$scfs" show "$pid" exit >"$tmp/out"
check "scfs show PID exit of a tampered file: no ESC byte, shown as \\x1b" \
	bash -c '! LC_ALL=C grep -q $'"'\\e'"' "$1" && grep -q "\\\\x1b\\[2Jforged" "$1"' _ "$tmp/out"
printf 'name\tevil\e[2J\ncommand\tx\n' >"$d/info"
"$scfs" ps >"$tmp/out"
check "scfs ps over a tampered info: no ESC byte" no_byte "$esc" "$tmp/out"

# The same for a container's names (what the agent writes from a bundle's
# annotations: the runtime's caller chooses them).
printf 'kind\tcontainer\ncontainer_name\tct\e[2J x\ncontainer_id\t0123456789abcdef\npod\tp\e]0;t\a\n' >"$d/info"
"$scfs" ps >"$tmp/out"
check "scfs ps over a container's tampered names: no ESC byte, the name escaped" \
	bash -c '! LC_ALL=C grep -q $'"'\\e'"' "$1" && grep -q " container *ct\\\\x1b\\[2J\\\\x20x " "$1"' _ "$tmp/out"
"$scfs" show "$pid" >"$tmp/out"
check "scfs show of that container: no ESC or BEL byte" bash -c '! LC_ALL=C grep -q $'"'[\\e\\a]'"' "$1"' _ "$tmp/out"

echo "1..$n"
[ "$failed" -eq 0 ]
