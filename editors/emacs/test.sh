#!/usr/bin/env bash
# Batch test of editors/emacs/roadmap-ls.el in real Emacs + eglot. Installs nothing:
# needs Debian's emacs-nox and elpa-eglot (editors/test.sh installs them).
# ROADMAP_LS points at the server (default: the release build).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
EDITORS="$(dirname "$HERE")"
ROADMAP_LS="${ROADMAP_LS:-$HERE/../../target/release/roadmap-ls}"
ROADMAP_LS="$(cd "$(dirname "$ROADMAP_LS")" && pwd)/$(basename "$ROADMAP_LS")"
[ -x "$ROADMAP_LS" ] || { echo "roadmap-ls not found at $ROADMAP_LS: run cargo build --release" >&2; exit 1; }
command -v emacs >/dev/null || { echo "emacs not found: apt-get install emacs-nox elpa-eglot" >&2; exit 1; }
emacs --version | head -1
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin" "$WORK/project" "$WORK/home"
ln -s "$ROADMAP_LS" "$WORK/bin/roadmap-ls"     # the shipped file runs "roadmap-ls" from PATH
cp "$EDITORS/fixtures/lesson.py" "$WORK/project/"
export PATH="$WORK/bin:$PATH" HOME="$WORK/home" FIXTURE="$WORK/project/lesson.py"
timeout 90 emacs --batch -l "$HERE/test/e2e.el" 2>&1 | grep -v '^\[eglot\]\|^Loading\|^Saving'
exit "${PIPESTATUS[0]}"
