#!/bin/bash
# circles.sh: which source file calls which, and the circles between them.
#
# Usage: tools/circles.sh [-v] DIR...      e.g. tools/circles.sh build/tui
#   DIR is a build directory holding object files (build/core, build/cli,
#   build/fs, build/tui).  Every *.o below it is read with nm: a global
#   symbol one object defines and another leaves undefined is an edge
#   "user -> definer" (a call, or a use of a global variable).  A file
#   that reaches itself again through such edges is in a circle; each
#   strongly connected set of files is printed with the edges inside it.
#   -v also prints every edge with the symbols that make it.
# Objects of one DIR form one namespace; when a symbol is defined in
# several objects (a file built into two programs), the definer next to
# the user (same target directory) is the one it links against.
# Inside a meson build tree only the objects its compile_commands.json
# names are read: an object left behind by a removed or renamed source
# would otherwise still count.
# Exit status: 0 no circle, 1 at least one circle, 2 usage error.
set -eu
verbose=0
if [ "${1:-}" = -v ]; then verbose=1; shift; fi
[ $# -ge 1 ] || { echo "usage: $0 [-v] BUILD-DIR..." >&2; exit 2; }
# objects DIR: the object files below DIR, sorted (see above).
objects() {
	local root
	root=$(realpath "$1")
	while [ "$root" != / ] && [ ! -f "$root/compile_commands.json" ]; do
		root=$(dirname "$root")
	done
	find "$(realpath "$1")" -name '*.o' | sort | python3 -c '
import sys, os, json
db = sys.argv[1] + "/compile_commands.json"
if not os.path.isfile(db):
    sys.stdout.writelines(sys.stdin)
    sys.exit(0)
live = {os.path.realpath(os.path.join(e["directory"], e["output"]))
        for e in json.load(open(db)) if "output" in e}
for line in sys.stdin:
    if line.rstrip("\n") in live:
        sys.stdout.write(line)
' "$root"
}

status=0
for dir in "$@"; do
	[ -d "$dir" ] || { echo "$0: $dir: not a directory" >&2; exit 2; }
	echo "== $dir"
	objects "$dir" | while read -r obj; do
		nm "$obj" | awk -v o="$obj" '
			$1 == "U" { print "U", o, $2; next }
			NF == 3 && $2 ~ /^[TDBRCVW]$/ { print "D", o, $3 }'
	done | python3 -c '
import sys, os, collections
verbose = sys.argv[1] == "1"
J = " ".join
defs, uses = collections.defaultdict(set), collections.defaultdict(set)
for line in sys.stdin:
    kind, obj, sym = line.split()
    (defs[sym] if kind == "D" else uses[obj]).add(obj if kind == "D" else sym)
def name(o):      # build/tui/libsctui-model.a.p/rows.c.o -> rows.c
    return os.path.basename(o)[:-2]
edges = collections.defaultdict(set)
for user, syms in uses.items():
    for s in syms:
        d = defs.get(s)
        if not d:
            continue
        near = [x for x in d if os.path.dirname(x) == os.path.dirname(user)]
        for definer in near or d:
            if definer != user:
                edges[(name(user), name(definer))].add(s)
graph = collections.defaultdict(set)
for a, b in edges:
    graph[a].add(b)
if verbose:
    for (a, b), s in sorted(edges.items()):
        print(f"{a} -> {b}: {J(sorted(s))}")
# Tarjan: strongly connected sets of files (iterative, any depth).
index, low, onstack, stack, sccs, n = {}, {}, set(), [], [], 0
nodes = sorted(set(graph) | {b for v in graph.values() for b in v})
for root in nodes:
    if root in index:
        continue
    work = [(root, iter(sorted(graph[root])))]
    index[root] = low[root] = n; n += 1; stack.append(root); onstack.add(root)
    while work:
        v, it = work[-1]
        w = next(it, None)
        if w is None:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop(); onstack.discard(x); comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    sccs.append(sorted(comp))
        elif w not in index:
            index[w] = low[w] = n; n += 1; stack.append(w); onstack.add(w)
            work.append((w, iter(sorted(graph[w]))))
        elif w in onstack:
            low[v] = min(low[v], index[w])
print(f"{len(nodes)} files, {len(edges)} edges, {len(sccs)} circle(s)")
for comp in sorted(sccs):
    print("circle: " + " ".join(comp))
    for (a, b), s in sorted(edges.items()):
        if a in comp and b in comp:
            print(f"  {a} -> {b}: {J(sorted(s))}")
sys.exit(1 if sccs else 0)
' "$verbose" || status=1
done
exit $status
