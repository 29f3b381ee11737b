#!/usr/bin/env bash
# Instructions each whole-process command executes (valgrind's callgrind,
# both PDF threads counted): unlike wall time, the same on a busy shared
# machine, so two builds compare exactly. The README's speed figures give
# both.
#   bash benches/instructions.sh                   # the release build
#   bash benches/instructions.sh path/to/mvplan    # another binary (an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  cargo build --release --quiet
  bin="$PWD/target/release/mvplan"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp benches/decks/*.md examples/b2b-saas.toml benches/plans/thirty-channels.toml "$work/"
cd "$work"
count() {
  local ir
  ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  printf '%-60s %12s\n' "mvplan $*" "$ir"
}
count --version
count check b2b-saas.toml
count check thirty-channels.toml
count render b2b-saas.toml --format md -o pitch.md --force -q
count render b2b-saas.toml --format pdf -o pitch.pdf --force -q
count render b2b-saas.toml --format pptx -o pitch.pptx --force -q
count render twenty-slides.md --format pdf -o twenty.pdf --force -q
