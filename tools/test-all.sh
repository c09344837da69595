#!/bin/bash
# Build scfs twice (plain, and with AddressSanitizer + UBSan) and run the
# whole test suite in both.  Ends with "N passed, N failed" counted over
# every TAP subtest of both runs.
set -u
cd "$(dirname "$0")/.."
status=0

run() {
	local dir=$1; shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" -Dwerror=true "$@" >/dev/null || return 1
	fi
	ninja -C "$dir" >"$dir.ninja.log" 2>&1 || { cat "$dir.ninja.log"; return 1; }
	# The tests' filter cache (tests/meson.build) starts empty, so a run
	# sees both misses and hits; never the user's own cache.
	rm -rf "$dir/tests/fcache"
	meson test -C "$dir" --print-errorlogs --num-processes 2
}

run build || status=1
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run build-asan -Db_sanitize=address,undefined -Db_lundef=false || status=1

python3 - build build-asan <<'PY'
import json, os, re, sys
passed = failed = skipped = 0
for d in sys.argv[1:]:
    log = os.path.join(d, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        failed += 1
        print(f"{d}: no test log (build failed)")
        continue
    for line in open(log):
        t = json.loads(line)
        out = t.get("stdout", "") or ""
        subtests = [l for l in out.splitlines() if re.match(r"(not )?ok \d+", l)]
        if not subtests:
            if t["result"] == "SKIP":
                skipped += 1
            elif t["result"] in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
            continue
        for l in subtests:
            if "# SKIP" in l or "# skip" in l:
                skipped += 1
            elif l.startswith("not ok"):
                failed += 1
            else:
                passed += 1
        if t["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and not any(l.startswith("not ok") for l in subtests):
            failed += 1   # the program itself failed (crash, sanitizer, bad plan)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
[ $? -eq 0 ] || status=1
exit $status
