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
  echo "outputs differ ($(grep -c '^diff\|^Only' "$out/demo.diff" || true) files); see $out/demo.diff"
fi
if diff "$out/before.log" "$out/after.log" >"$out/log.diff"; then
  echo "console output identical"
else
  echo "console output differs; see $out/log.diff"
fi
