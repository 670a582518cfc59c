#!/usr/bin/env bash
# Run `guarantor demo` at two revisions (default: the branch point with main, and the working tree)
# into two folders and diff them. Usage: tools/diff_demo.sh [BEFORE_REV] [OUT_DIR]
# The before-revision is checked out into a temporary git worktree and run with the same
# interpreter (its src/ first on PYTHONPATH), so both runs share one environment.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
before_rev="${1:-$(git -C "$repo" merge-base HEAD main)}"
out="${2:-$(mktemp -d -t guarantor-demo-diff.XXXXXX)}"
py="${PYTHON:-$repo/.venv/bin/python}"
mkdir -p "$out"
wt="$out/before-src"
git -C "$repo" worktree add --detach "$wt" "$before_rev" >/dev/null 2>&1
trap 'git -C "$repo" worktree remove --force "$wt" >/dev/null 2>&1 || true' EXIT
(cd "$out" && PYTHONPATH="$wt/src" "$py" -c 'from guarantor.cli import main; main()' demo --out "$out/before" >"$out/before.log")
(cd "$out" && PYTHONPATH="$repo/src" "$py" -c 'from guarantor.cli import main; main()' demo --out "$out/after" >"$out/after.log")
echo "before: $before_rev -> $out/before"
echo "after:  working tree -> $out/after"
if diff -r "$out/before" "$out/after" >"$out/demo.diff"; then
  echo "outputs byte-identical"
else
  echo "outputs differ: $(grep -c '^diff\|^Only\|^Binary' "$out/demo.diff" || true) file(s); see $out/demo.diff"
fi
sed "s|$out/before|OUT|g" "$out/before.log" >"$out/before.norm.log"
sed "s|$out/after|OUT|g" "$out/after.log" >"$out/after.norm.log"
if diff "$out/before.norm.log" "$out/after.norm.log" >"$out/log.diff"; then
  echo "console output identical (output folder name aside)"
else
  echo "console output differs; see $out/log.diff"
fi
# The same comparison with the wall-clock stamps of the before-revision taken out (the XLSX
# creation date in docProps/core.xml, the report's "made ... UTC"): what is left is a real change.
"$py" - "$out/before" "$out/after" <<'PY'
import re, sys, zipfile
from pathlib import Path
a, b = Path(sys.argv[1]), Path(sys.argv[2])
def norm(p):
    if p.suffix == ".xlsx":
        with zipfile.ZipFile(p) as z:
            return {n: z.read(n) for n in sorted(z.namelist()) if n != "docProps/core.xml"}
    data = p.read_bytes()
    if p.suffix == ".html":
        data = re.sub(rb" \xc2\xb7 made \d{4}-\d\d-\d\d \d\d:\d\d UTC", b"", data)
    return data
fa = {q.relative_to(a) for q in a.rglob("*") if q.is_file()}
fb = {q.relative_to(b) for q in b.rglob("*") if q.is_file()}
diff = sorted(str(f) for f in fa ^ fb) + sorted(str(f) for f in fa & fb if norm(a / f) != norm(b / f))
print(f"{len(fa & fb)} files compared; wall-clock stamps aside, "
      + ("all identical" if not diff else f"{len(diff)} differ: {', '.join(diff)}"))
PY
