#!/usr/bin/env bash
# `mvplan serve` under load, on the release binary:
#   - the keystroke benchmark: 200 edits of the B2B example checked and
#     previewed one after another; the server's own time per keystroke
#     (check + HTML deck) and the round trip, p50 and p99;
#   - the load test: 50 clients editing and previewing for 30 s
#     (MVPLAN_LOAD_SECS), no request may fail; p50 and p99 of every request.
# Both are ignored tests of tests/it/serve.rs, pointed at the release build.
#   bash benches/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
flock /tmp/cargo.lock cargo build --release --locked --quiet
flock /tmp/cargo.lock cargo test --test it --no-run --quiet
export MVPLAN_BIN="$PWD/target/release/mvplan"
cargo test --quiet --test it -- --ignored --nocapture --test-threads 1 \
  serve::bench_keystroke_to_diagnostics_and_preview serve::load_fifty_clients_editing_and_previewing 2>&1 \
  | grep -E "^(keystroke|load)|panicked|test result"
