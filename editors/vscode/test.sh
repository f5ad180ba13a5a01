#!/usr/bin/env bash
# End-to-end test of the VS Code extension in real VS Code: builds the .vsix
# (npm run package), installs code-server under .e2e/ (git-ignored), installs the .vsix
# there, and drives the workbench with playwright-core and Debian's chromium.
# Needs: chromium and libkrb5-dev (Debian; editors/test.sh installs them), Node 24 (from
# PyPI into editors/.venv, done here). Screenshot: artifacts/vscode.png at the top of the repository.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
EDITORS="$REPO/editors"
. "$HERE/scripts/node24.sh"
node --version
cd "$HERE"
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
npm run package
bash "$HERE/scripts/install-code-server.sh"
E2E="$HERE/.e2e"
CODE_SERVER="$E2E/node_modules/.bin/code-server"

RUN="$(mktemp -d)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; [ -n "${KEEP_RUN:-}" ] && echo "kept $RUN" || rm -rf "$RUN"; }
trap cleanup EXIT
mkdir -p "$RUN/data/User" "$RUN/extensions" "$RUN/workspace" "$RUN/home"
cp "$EDITORS/fixtures/lesson.py" "$RUN/workspace/"
cat > "$RUN/data/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "roadmap.severity": "information",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "editor.hover.delay": 100
}
JSON
export HOME="$RUN/home"   # code-server writes its config.yaml here, not the user's
"$CODE_SERVER" --user-data-dir "$RUN/data" --extensions-dir "$RUN/extensions" \
  --install-extension "$HERE/roadmap-ls.vsix"
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --user-data-dir "$RUN/data" --extensions-dir "$RUN/extensions" \
  "$RUN/workspace" > "$RUN/code-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$PORT/healthz"; then break; fi
  sleep 0.5
done
mkdir -p "$REPO/artifacts"
status=0
CODE_SERVER_URL="http://127.0.0.1:$PORT/?folder=$RUN/workspace" E2E_DIR="$E2E" \
  SCREENSHOT="$REPO/artifacts/vscode.png" timeout 300 node "$HERE/test/e2e.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- code-server log"; tail -40 "$RUN/code-server.log"
  echo "--- extension host logs"; find "$RUN/data/logs" -name '*roadmap*' -o -name 'exthost.log' | head -5 | xargs -r tail -30
fi
exit "$status"
