#!/usr/bin/env bash
# Compatibility row: Node 22 (the npm registry's `node` package) with the OpenTelemetry JS 3.x
# line, running the whole mocha suite on a clean copy of the committed tree. Lint and format
# do not depend on the runtime and run in the main row only.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$src" archive HEAD | tar -x -C "$work"
cd "$work" || exit 1

npm ci --no-audit --no-fund >/dev/null || exit 1
# The 2.x test-only packages (sdk-trace-base, dev tools) stay; their peer ranges stop at API
# 1.9, hence --legacy-peer-deps.
npm install --no-save --legacy-peer-deps --no-audit --no-fund $(cat .ci/otel3-packages.txt) \
  >/dev/null || exit 1
node22="$work/node_modules/.bin/node"
echo "compatibility row: node $("$node22" --version), @opentelemetry/sdk-node" \
  "$("$node22" -p "require('./node_modules/@opentelemetry/sdk-node/package.json').version")"

# The sources are written against the 2.x typings the lock file pins; a few types differ in the
# 3.x line (the run-time API is the same). Type errors are shown, the emitted build is tested.
node -e "require('node:fs').rmSync('build',{recursive:true,force:true})"
npx tsc -p tsconfig.json || echo "compatibility row: type differences with the 3.x typings (shown above)"
[ -f build/src/index.js ] || exit 1
"$node22" node_modules/.bin/mocha 'build/test/**/*.test.js'
