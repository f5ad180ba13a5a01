#!/usr/bin/env bash
# Runs every test of the project: the Rust tests (unit, concept fixtures, LSP stories,
# command line, catalog), the reference implementation's own tests, and the accuracy
# test of the whole CPython standard library against that reference.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --release --locked

if [ ! -x .venv/bin/pytest ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet pytest
fi
.venv/bin/python -m pytest -q -p no:cacheprovider tests/accuracy/test_reference.py

python3 tests/accuracy/differential.py --binary target/release/roadmap-ls --jobs "$(nproc)"

# The benchmarks in their short mode, so they cannot rot (timings are printed, never enforced).
cargo bench --locked --bench corpus -- --quick
cargo bench --locked --bench latency -- --quick
