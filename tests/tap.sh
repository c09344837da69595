# TAP helpers sourced by the shell tests.  The caller sets n=0 failed=0.
# ok/not_ok print one result; check runs a command; is compares two strings
# (showing both on failure); has greps a file for an extended regex.
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
is() { local d=$1 got=$2 want=$3; if [ "$got" = "$want" ]; then ok "$d"; else not_ok "$d"; echo "#   got: '$got'"; echo "#  want: '$want'"; fi; }
has() { grep -qE -- "$2" "$1"; }
