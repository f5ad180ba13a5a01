#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench) and playwright-core under
# editors/vscode/.e2e/ (git-ignored). Needs Node 24 (see node24.sh) and libkrb5-dev.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
. "$HERE/scripts/node24.sh"
E2E="$HERE/.e2e"
mkdir -p "$E2E"
cd "$E2E"
[ -f package.json ] || echo '{"name":"roadmap-vscode-e2e","private":true}' > package.json
if [ ! -x node_modules/.bin/code-server ] || [ ! -d node_modules/playwright-core ]; then
  npm install --no-audit --no-fund code-server@4.139.1 playwright-core@1
fi
node_modules/.bin/code-server --version
