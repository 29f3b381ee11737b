#!/usr/bin/env bash
# Whole-process timings, as a user sees them: `hyperfine -N` (no shell) on
# the release binary. The figures in the README come from this script.
#   bash benches/whole-process.sh            # needs hyperfine (apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/mvplan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp benches/decks/*.md examples/b2b-saas.toml benches/plans/thirty-channels.toml "$work/"
cd "$work"
"$bin" render b2b-saas.toml -q -o pitch.md
hyperfine -N --warmup 5 --runs 50 \
  "$bin --version" \
  "$bin check b2b-saas.toml" \
  "$bin check thirty-channels.toml" \
  "$bin optimize thirty-channels.toml --levels -20%,0,+20%" \
  "$bin render one-slide.md --format pdf -o one.pdf" \
  "$bin render twenty-slides.md --format pdf -o twenty.pdf" \
  "$bin render dense-strategy.md --format pdf -o dense.pdf" \
  "$bin render dense-strategy.md --format html -o dense.html" \
  "$bin render b2b-saas.toml --format pdf -o pitch.pdf" \
  "$bin render twenty-slides.md --format html -o twenty.html" \
  "$bin render twenty-slides.md --format pptx -o twenty.pptx" \
  "$bin render b2b-saas.toml --format pptx -o pitch.pptx" \
  "$bin render b2b-saas.toml --format md -o pitch2.md"
ls -l one.pdf twenty.pdf dense.pdf pitch.pdf twenty.html twenty.pptx pitch.pptx
