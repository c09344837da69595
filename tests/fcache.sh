#!/bin/bash
# The compiled-filter cache: a hit gives exactly what a fresh compile gives
# (bytes, listing, summary, diagnostics, state files, enforcement); any
# change of meaning, host or option is a miss; corrupt, foreign or exposed
# entries and directories are refused; cache trouble never fails a command.
# Usage: fcache.sh SCFS SYSPROBE      (TAP output)
set -u
scfs=$1 sysprobe=$2
n=0 failed=0
tmp=$(mktemp -d)
export SCFS_CACHE_DIR=$tmp/cache SCFS_STATE_DIR=$tmp/state
unset SCFS_NO_CACHE
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/tap.sh
. "$(dirname "$0")/tap.sh"
skip() { n=$((n + 1)); echo "ok $n - $* # SKIP"; }
lacks() { ! grep -qE -- "$2" "$1"; }
profile() { printf '%s\n' "$2" >"$tmp/$1.json"; echo "$tmp/$1.json"; }
# The entry a -v run names in its "filter cached in" or "filter from cache" note.
entry_of() { sed -n 's/.*note: filter \(cached in\|from cache\) //p' "$1" | tail -1; }
mtime() { stat -c %.9Y "$1"; }
# Flip one byte of FILE at the middle of where the bytes of NEEDLE are.
flip_in() {
	python3 - "$1" "$2" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
needle = open(sys.argv[2], "rb").read()
off = data.find(needle)
assert off > 0, "needle not found"
data[off + len(needle) // 2] ^= 0x01
open(sys.argv[1], "wb").write(data)
PY
}

# Set the first entry's rule index of cache entry FILE out of range, with
# the checksum made right again (the layout and hash of core/filter/fcache.c).
forge_rule() {
	python3 - "$1" <<'PY'
import struct, sys
M = (1 << 64) - 1
P = 0x100000001b3
def h(buf, seed=0xcbf29ce484222325):
    lanes = [seed, seed ^ 1, seed ^ 2, seed ^ 3]
    n = len(buf) // 32 * 32
    for off in range(0, n, 32):
        for i, w in enumerate(struct.unpack_from("<4Q", buf, off)):
            lanes[i] = ((lanes[i] ^ w) * P) & M
    x = lanes[0]
    for i in (1, 2, 3):
        x = ((x ^ lanes[i]) * P) & M
    for b in buf[n:]:
        x = ((x ^ b) * P) & M
    x ^= x >> 33; x = (x * 0xff51afd7ed558ccd) & M
    x ^= x >> 33; x = (x * 0xc4ceb9fe1a85ec53) & M
    return x ^ (x >> 33)
data = bytearray(open(sys.argv[1], "rb").read())
key_len, body_len = struct.unpack_from("<II", data, 8)
body = 24 + key_len
off = body + 16
n_arch, = struct.unpack_from("<I", data, off); off += 4
for _ in range(n_arch):
    ln, = struct.unpack_from("<I", data, off); off += 4 + ln
n_stub, = struct.unpack_from("<I", data, off); off += 4 + 8 * n_stub
n_entries, = struct.unpack_from("<I", data, off); off += 4
assert n_entries > 0
struct.pack_into("<I", data, off, 60000)
struct.pack_into("<Q", data, 16, h(bytes(data[body:body + body_len])))
open(sys.argv[1], "wb").write(data)
PY
}

# A profile with a little of everything a compile reports: an unknown name
# (warning), a newer syscall added by number on the native arch only (note),
# three arches and an ENOSYS stub.
warn=$(profile warn '{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"names":["read","write","nosuchcall","mseal","exit_group"],"action":"SCMP_ACT_ALLOW"},{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}')

# ---------------------------------------------------------------- (a) a hit is a hit, and exact
"$scfs" compile -v -o "$tmp/cold.bpf" "$warn" 2>"$tmp/cold.err"
e=$(entry_of "$tmp/cold.err")
check "miss: -v says where the filter was cached" test -n "$e" -a -f "$e"
check "miss: the cache directory is created with mode 0700" test "$(stat -c %a "$SCFS_CACHE_DIR")" = 700
check "miss: the entry is mode 0600" test "$(stat -c %a "$e")" = 600
t0=$(mtime "$e")
sleep 0.05
"$scfs" compile -v -o "$tmp/warm.bpf" "$warn" 2>"$tmp/warm.err"
is "hit: -v says the filter came from the cache" "$(entry_of "$tmp/warm.err")" "$e"
check "hit: -v has no \"cached in\" note (nothing rewritten)" lacks "$tmp/warm.err" 'filter cached in'
is "hit: the entry is not rewritten (mtime unchanged)" "$(mtime "$e")" "$t0"
"$scfs" compile --no-cache -o "$tmp/fresh.bpf" "$warn" 2>"$tmp/fresh.err"
check "hit: BPF bytes equal a --no-cache compile" cmp -s "$tmp/warm.bpf" "$tmp/fresh.bpf"
check "miss: BPF bytes equal a --no-cache compile" cmp -s "$tmp/cold.bpf" "$tmp/fresh.bpf"
check "--no-cache: no cache note" lacks "$tmp/fresh.err" 'filter (cached in|from cache)'
is "hit: the same warnings and notes, then the cache note" \
	"$(grep -v 'note: filter from cache' "$tmp/warm.err")" "$(grep -v 'note: filter cached in' "$tmp/cold.err")"
"$scfs" compile --format pfc "$warn" >"$tmp/warm.pfc" 2>/dev/null
"$scfs" compile --no-cache --format pfc "$warn" >"$tmp/fresh.pfc" 2>/dev/null
check "hit: the PFC listing equals a --no-cache compile's" cmp -s "$tmp/warm.pfc" "$tmp/fresh.pfc"
"$scfs" check --json "$warn" >"$tmp/warm.json" 2>/dev/null
"$scfs" check --json --no-cache "$warn" >"$tmp/fresh.json" 2>/dev/null
check "hit: check --json (statuses per name, stub, warning count) equals --no-cache" \
	cmp -s "$tmp/warm.json" "$tmp/fresh.json"
"$scfs" check "$warn" >"$tmp/warm.txt" 2>/dev/null
"$scfs" check --no-cache "$warn" >"$tmp/fresh.txt" 2>/dev/null
check "hit: check's summary equals --no-cache" cmp -s "$tmp/warm.txt" "$tmp/fresh.txt"
"$scfs" export --to bpf -o "$tmp/export.bpf" "$warn" 2>/dev/null
check "hit: export --to bpf gives the same bytes" cmp -s "$tmp/export.bpf" "$tmp/fresh.bpf"
check "explain: a hit names the same rule" \
	test "$("$scfs" explain "$warn" mkdir 2>/dev/null)" = "$("$scfs" explain --no-cache "$warn" mkdir 2>/dev/null)"

# ---------------------------------------------------------------- (e) warnings on a hit
"$scfs" compile -o /dev/null "$warn" 2>"$tmp/w1.err"
"$scfs" compile -o /dev/null "$warn" 2>"$tmp/w2.err"
check "hit without -v: the unknown-name warning is printed" has "$tmp/w2.err" 'warning: syscalls\[0\]\.names\[2\]: unknown syscall "nosuchcall" skipped'
is "hit without -v: stderr equals a --no-cache compile's" "$(cat "$tmp/w2.err")" \
	"$("$scfs" compile --no-cache -o /dev/null "$warn" 2>&1)"
"$scfs" compile --strict -o /dev/null "$warn" 2>"$tmp/strict.err"
rc=$?
check "--strict is keyed: the unknown name is an error, exit 125" \
	test "$rc" = 125 -a "$(grep -c 'syscalls\[0\]\.names\[2\]: unknown syscall "nosuchcall"' "$tmp/strict.err")" = 1
"$scfs" compile --strict -o /dev/null "$warn" 2>/dev/null
check "a failed compile is not cached: still exit 125" test $? = 125

# ---------------------------------------------------------------- (b) changes of meaning are misses
count() { find "$SCFS_CACHE_DIR" -name '*.filter' | wc -l; }
before=$(count)
sed 's/"errnoRet":13/"errnoRet":14/' "$warn" >"$tmp/warn14.json"
"$scfs" compile -v -o "$tmp/e14.bpf" "$tmp/warn14.json" 2>"$tmp/e14.err"
check "one byte of meaning (errnoRet 13 -> 14): a miss" has "$tmp/e14.err" 'note: filter cached in'
"$scfs" compile --no-cache -o "$tmp/e14.fresh" "$tmp/warn14.json" 2>/dev/null
check "errnoRet 14: the bytes of a fresh compile, not the cached 13" \
	eval 'cmp -s "$tmp/e14.bpf" "$tmp/e14.fresh" && ! cmp -s "$tmp/e14.bpf" "$tmp/fresh.bpf"'
"$scfs" compile -v -o "$tmp/nostub.bpf" --enosys none "$warn" 2>"$tmp/nostub.err"
check "--enosys none: a miss" has "$tmp/nostub.err" 'note: filter cached in'
"$scfs" compile --no-cache --enosys none -o "$tmp/nostub.fresh" "$warn" 2>/dev/null
check "--enosys none: no stub, as a fresh compile" \
	eval 'cmp -s "$tmp/nostub.bpf" "$tmp/nostub.fresh" && ! cmp -s "$tmp/nostub.bpf" "$tmp/fresh.bpf"'
"$scfs" compile -v --no-optimize -o "$tmp/noopt.bpf" "$warn" 2>"$tmp/noopt.err"
check "--no-optimize: a miss" has "$tmp/noopt.err" 'note: filter cached in'
capsp=$(profile caps '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"},{"names":["mount","umount2"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}}]}')
"$scfs" compile -v --caps all -o "$tmp/all.bpf" "$capsp" 2>"$tmp/all.err"
"$scfs" compile -v --caps none -o "$tmp/none.bpf" "$capsp" 2>"$tmp/none.err"
check "--caps none after --caps all: a miss" has "$tmp/none.err" 'note: filter cached in'
"$scfs" compile --no-cache --caps none -o "$tmp/none.fresh" "$capsp" 2>/dev/null
check "--caps none: mount not allowed, as a fresh compile" \
	eval 'cmp -s "$tmp/none.bpf" "$tmp/none.fresh" && ! cmp -s "$tmp/none.bpf" "$tmp/all.bpf"'
"$scfs" compile -v --caps all -o "$tmp/all2.bpf" "$capsp" 2>"$tmp/all2.err"
check "--caps all again: a hit, the --caps all bytes" \
	eval 'has "$tmp/all2.err" "note: filter from cache" && cmp -s "$tmp/all2.bpf" "$tmp/all.bpf"'
"$scfs" compile -v --arch aarch64 -o "$tmp/a64.bpf" "$warn" 2>"$tmp/a64.err"
check "--arch aarch64: a miss" has "$tmp/a64.err" 'note: filter cached in'
is "six new entries for six new keys" "$(count)" "$((before + 6))"
cp "$warn" "$tmp/same-bytes.json"
"$scfs" compile -v -o /dev/null "$tmp/same-bytes.json" 2>"$tmp/same.err"
check "the same bytes under another file name: a hit" has "$tmp/same.err" 'note: filter from cache'

# ---------------------------------------------------------------- (c) corrupt entries
recheck() { # DESCRIPTION REASON: the entry is refused with REASON, the output is right, and it is rewritten
	"$scfs" compile -v -o "$tmp/c.bpf" "$warn" 2>"$tmp/c.err"
	local rc=$?
	check "$1: refused ($2)" has "$tmp/c.err" "note: filter cache entry $e not used: $2"
	check "$1: exit 0 and the right bytes" eval 'test $rc = 0 && cmp -s "$tmp/c.bpf" "$tmp/fresh.bpf"'
	check "$1: the entry is written again" has "$tmp/c.err" 'note: filter cached in'
}
size=$(stat -c %s "$e")
truncate -s $((size / 2)) "$e"
recheck "truncated entry" 'truncated or extended \(lengths\)'
truncate -s 10 "$e"
recheck "entry shorter than its header" 'bad size 10'
flip_in "$e" "$tmp/fresh.bpf"
recheck "one bit flipped in the BPF" 'corrupt \(checksum\)'
flip_in "$e" "$warn"
recheck "one bit flipped in the stored key" 'made for another key \(hash collision\)'
printf 'XXXX' | dd of="$e" bs=1 seek=0 conv=notrunc status=none
recheck "bad magic" 'not an entry of this scfs \(magic\)'
: >"$e"
recheck "empty entry" 'bad size 0'
"$scfs" compile -v -o /dev/null "$warn" 2>"$tmp/c.err"
check "after the rewrite: a hit again" has "$tmp/c.err" 'note: filter from cache'

# ---------------------------------------------------------------- (d) foreign or exposed entries and directories
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$e"
	recheck "entry owned by another uid" "owned by uid $(id -u nobody), not 0"
	check "the refused entry was replaced by one of ours" test "$(stat -c %u "$e")" = 0
else
	skip "entry owned by another uid (needs root)"
fi
chmod 0666 "$e"
recheck "group/world-writable entry" 'writable by group or others \(mode 0666\)'
chmod 0777 "$SCFS_CACHE_DIR"
t0=$(mtime "$e")
"$scfs" compile -v -o "$tmp/d.bpf" "$warn" 2>"$tmp/d.err"
rc=$?
check "world-writable cache directory: refused" has "$tmp/d.err" "note: filter cache $SCFS_CACHE_DIR not used: writable by group or others"
check "world-writable cache directory: exit 0, the right bytes, nothing read or written" \
	eval 'test $rc = 0 && cmp -s "$tmp/d.bpf" "$tmp/fresh.bpf" && ! has "$tmp/d.err" "filter (from cache|cached in)" && test "$(mtime "$e")" = "$t0"'
chmod 0700 "$SCFS_CACHE_DIR"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$SCFS_CACHE_DIR"
	"$scfs" compile -v -o "$tmp/d.bpf" "$warn" 2>"$tmp/d.err"
	check "cache directory owned by another uid: refused, the right bytes" \
		eval 'has "$tmp/d.err" "not used: owned by uid" && cmp -s "$tmp/d.bpf" "$tmp/fresh.bpf"'
	chown 0 "$SCFS_CACHE_DIR"
else
	skip "cache directory owned by another uid (needs root)"
fi
ln -sf /etc/passwd "$tmp/link"
mv "$tmp/link" "$e"
recheck "entry replaced by a symlink" 'Too many levels of symbolic links'

# ---------------------------------------------------------------- cache trouble never fails
SCFS_CACHE_DIR=/proc/self/no/such/dir "$scfs" compile -v -o "$tmp/ro.bpf" "$warn" 2>"$tmp/ro.err"
rc=$?
check "unwritable cache location: exit 0, the right bytes, a note at -v" \
	eval 'test $rc = 0 && cmp -s "$tmp/ro.bpf" "$tmp/fresh.bpf" && has "$tmp/ro.err" "note: filter cache /proc/self/no/such/dir: cannot create"'
SCFS_CACHE_DIR=/proc/self/no/such/dir "$scfs" compile -o /dev/null "$warn" 2>"$tmp/ro.err"
check "unwritable cache location: nothing said without -v" lacks "$tmp/ro.err" 'cache'
SCFS_CACHE_DIR=$tmp/nested/a/b "$scfs" compile -o /dev/null "$warn" 2>/dev/null
check "missing parents are created (mode 0700)" test "$(stat -c %a "$tmp/nested/a/b")" = 700
SCFS_NO_CACHE=1 SCFS_CACHE_DIR=$tmp/off "$scfs" compile -v -o "$tmp/off.bpf" "$warn" 2>"$tmp/off.err"
check "SCFS_NO_CACHE=1: no cache read or written" \
	eval 'test ! -e "$tmp/off" && ! has "$tmp/off.err" "filter (from cache|cached in)" && cmp -s "$tmp/off.bpf" "$tmp/fresh.bpf"'
SCFS_NO_CACHE=0 SCFS_CACHE_DIR=$tmp/on "$scfs" compile -o /dev/null "$warn" 2>/dev/null
check "SCFS_NO_CACHE=0: the cache is used" test -d "$tmp/on"

# ---------------------------------------------------------------- (f) run: enforcement and state from a hit
if ! grep -qw user_notif /proc/sys/kernel/seccomp/actions_avail 2>/dev/null; then
	skip "scfs run with a cached filter (no seccomp user notification)"
else
	deny=$(profile deny-mkdir '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}')
	for pass in cold warm; do
		"$scfs" run -v -p "$deny" -- mkdir "$tmp/x-$pass" 2>"$tmp/run-$pass.err"
		rc=$?
		check "run $pass: mkdir(1) fails with EPERM, the directory is not made" \
			eval 'test $rc = 1 && has "$tmp/run-$pass.err" "Operation not permitted" && test ! -e "$tmp/x-$pass"'
		out=$("$scfs" run -p "$deny" -- "$sysprobe" -n mkdir s:"$tmp/y-$pass" 0755 2>/dev/null)
		is "run $pass: the target sees errno 1" "$out" 1
	done
	check "run cold: the filter was compiled and cached" has "$tmp/run-cold.err" 'note: filter cached in'
	check "run warm: the filter came from the cache" has "$tmp/run-warm.err" 'note: filter from cache'
	check "run warm: the denial is recorded with its rule" has "$(last_dir)/denied" 'syscall=mkdir .* errname=EPERM rule=syscalls\[0\] mode=enforce$'
	"$scfs" run -p "$warn" -- /bin/true 2>/dev/null
	"$scfs" run -v -p "$warn" -- /bin/true 2>"$tmp/hit.err"
	hit=$(last_dir)
	check "run: the second run of a profile takes its filter from the cache" has "$tmp/hit.err" 'note: filter from cache'
	check "run from a hit: the unknown-name warning is printed" has "$tmp/hit.err" 'warning: syscalls\[0\]\.names\[2\]: unknown syscall "nosuchcall"'

	"$scfs" run --no-cache -p "$warn" -- /bin/true 2>/dev/null
	fresh=$(last_dir)
	for f in filter.bpf filter.txt unknown effective.json profile.json; do
		check "run from a hit: $f equals a --no-cache run's" cmp -s "$hit/$f" "$fresh/$f"
	done

	# run takes a hit before it parses the profile and checks the entry
	# against it before the launcher is let go: an entry whose checksum
	# holds but whose rule index is out of range must be a miss there too.
	forge_rule "$(entry_of "$tmp/run-warm.err")"
	"$scfs" run -v -p "$deny" -- mkdir "$tmp/x-forged" 2>"$tmp/run-forged.err"
	rc=$?
	check "run, forged entry: refused (corrupt contents), the filter compiled and cached again" \
		eval 'has "$tmp/run-forged.err" "not used: corrupt \(contents\)" && has "$tmp/run-forged.err" "note: filter cached in"'
	check "run, forged entry: mkdir(1) fails with EPERM, the denial recorded with its rule" \
		eval 'test $rc = 1 && test ! -e "$tmp/x-forged" && has "$(last_dir)/denied" "syscall=mkdir .* rule=syscalls\[0\] mode=enforce$"'
	is "run, forged entry: its notes are said once" "$(grep -c 'not used: corrupt' "$tmp/run-forged.err")" 1
fi

echo "1..$n"
[ "$failed" = 0 ]
