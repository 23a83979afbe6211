#!/usr/bin/env sh
# Try the built .vsix in a real VS Code build: code-server 4.100.3 from npm (VS Code 1.100.3, the last code-server
# for Node 20), installed outside the repository, with a throw-away user data dir, extensions dir and HOME.
#
#   npx -y pnpm@12.4.2 build && npx -y pnpm@12.4.2 --filter zephyr-vscode package
#   sh packages/vscode/scripts/try-in-code-server.sh            # then open the URL it prints
#
# ZEPHYR_CS_DIR (default /tmp/zephyr-code-server) holds everything; ZEPHYR_CS_PORT (default 18431) the port.
# The workspace it opens is a copy of fixtures/seed, fixtures/profiles and fixtures/data with a zephyr.config.json
# that names a sample profile and a catalog (the repository's fixtures/zephyr.config.json names none, so the
# sample render, profile completion and the SMS code lens would have nothing to work with).
#
# code-server's postinstall downloads prebuilt binaries from GitHub and Node headers from nodejs.org; where those are
# unreachable this script installs with --ignore-scripts and builds the native modules itself: it needs a C/C++
# toolchain, Python, Node's headers (/usr/include/node, Debian's nodejs package) and, for kerberos, the GSSAPI headers
# (libkrb5-dev; or CPATH/LIBRARY_PATH naming a copy). `rg` (ripgrep) on PATH is linked in for VS Code's file search
# (without it "Render with profile…" lists only the configured profiles). Stop code-server with Ctrl-C.
set -eu

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DIR=${ZEPHYR_CS_DIR:-/tmp/zephyr-code-server}
PORT=${ZEPHYR_CS_PORT:-18431}
VSIX="$ROOT/packages/vscode/dist/zephyr-vscode.vsix"
[ -f "$VSIX" ] || { echo "no $VSIX: run npx -y pnpm@12.4.2 --filter zephyr-vscode package first" >&2; exit 64; }

mkdir -p "$DIR/npm" "$DIR/home" "$DIR/user-data" "$DIR/extensions"
export HOME="$DIR/home" XDG_CONFIG_HOME="$DIR/home/.config" XDG_DATA_HOME="$DIR/home/.local/share"
[ -d /usr/include/node ] && export npm_config_nodedir=/usr
CS="$DIR/npm/node_modules/.bin/code-server"

if [ ! -x "$CS" ]; then
  cd "$DIR/npm"
  [ -f package.json ] || echo '{"private":true}' > package.json
  npm install --no-audit --no-fund --ignore-scripts code-server@4.100.3
  npm rebuild argon2
  VSC="$DIR/npm/node_modules/code-server/lib/vscode"
  cd "$VSC"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  npm rebuild @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty
  npm rebuild kerberos || echo "warning: kerberos did not build (needs libkrb5-dev); only proxy authentication uses it" >&2
  mkdir -p node_modules/@vscode/ripgrep/bin
  if command -v rg > /dev/null; then ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg; fi
  # What code-server's postinstall does after its npm install.
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  (cd extensions && npm install --no-audit --no-fund --omit=dev)
fi

WS="$DIR/workspace"
rm -rf "$WS" && mkdir -p "$WS"
cp -R "$ROOT/fixtures/seed" "$ROOT/fixtures/profiles" "$ROOT/fixtures/data" "$WS/"
printf '%s\n' '{ "profile": "profiles/ann.json", "catalog": "data/static-content.json", "now": "2024-03-15T12:00:00Z" }' \
  > "$WS/zephyr.config.json"
mkdir -p "$DIR/user-data/User"
# Without "files.autoSave": "off" the edits made while trying it reached the copy on disk (code-server 4.100.3).
printf '%s\n' '{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "telemetry.telemetryLevel": "off", "files.autoSave": "off" }' \
  > "$DIR/user-data/User/settings.json"

"$CS" --user-data-dir "$DIR/user-data" --extensions-dir "$DIR/extensions" --install-extension "$VSIX" --force
echo "open http://127.0.0.1:$PORT/?folder=$WS and then seed/content-recommendations.zephyr (Ctrl+P)"
exec "$CS" --auth none --bind-addr "127.0.0.1:$PORT" --user-data-dir "$DIR/user-data" --extensions-dir "$DIR/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust
