#!/usr/bin/env bash
# Installs code-server (VS Code in the browser, from the npm registry) into $1 for the extension's
# end-to-end test. Its postinstall downloads ripgrep from GitHub, which this machine cannot reach:
# the same steps are run here with Debian's ripgrep in place of the download. code-server 4.100
# is the last release that runs on Node 20; its native modules build with node-gyp (libkrb5-dev).
set -euo pipefail
# node-pty's install script runs `npx node-gyp`: let npx fetch it without asking.
export npm_config_yes=true
target="$1"
version=4.100.3
mkdir -p "$target"
cd "$target"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "code-server@$version"
# argon2 (the password hashing code-server loads at start) builds from source when its download fails.
npm rebuild --loglevel=error argon2
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error kerberos @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
cd extensions
npm install --omit=dev --no-audit --no-fund --loglevel=error
