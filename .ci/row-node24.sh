#!/usr/bin/env bash
# Compatibility row: Node 24 (the npm registry's `node` package) with the OpenTelemetry JS 2.x
# line from the lock file, running the whole mocha suite on a clean copy of the committed tree.
# The build is the main row's compiler output; only the runtime differs.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$src" archive HEAD | tar -x -C "$work"
cd "$work" || exit 1

npm ci --no-audit --no-fund >/dev/null || exit 1
npm install --no-save --no-audit --no-fund node@24.21.0 >/dev/null || exit 1
node24="$work/node_modules/.bin/node"
echo "compatibility row: node $("$node24" --version), @opentelemetry/sdk-node" \
  "$("$node24" -p "require('./node_modules/@opentelemetry/sdk-node/package.json').version")"

npx tsc -p tsconfig.json || exit 1
"$node24" node_modules/.bin/mocha 'build/test/**/*.test.js'
