#!/usr/bin/env bash
# Prepares the Node 22 pass of `npm test` (docs/OPERATIONS.md, "Node version") and runs it:
#   - Node 22 from the npm registry's `node` package, cached in .cache/node22/runtime;
#   - a copy of the project in .cache/node22/app whose node_modules is the main one
#     hard-linked, except better-sqlite3, rebuilt for Node 22's ABI against the headers
#     that package ships (no download); rebuilt only when package-lock.json changes;
#   - the suite on that Node with every test server on the ws transport
#     (NEOSPACE_TEST_TRANSPORT=ws): no uWebSockets.js build on the registry loads on
#     Node 22 with this machine's glibc 2.36.
# Arguments: the mocha spec globs to run. Expects the main node_modules and dist/client.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE22_VERSION=22.23.3
CACHE=$ROOT/.cache/node22
RUNTIME=$CACHE/runtime
APP=$CACHE/app
started=$SECONDS

if [ ! -x "$RUNTIME/node_modules/.bin/node" ] || [ "$("$RUNTIME/node_modules/.bin/node" --version)" != "v$NODE22_VERSION" ]; then
  echo "== node22: installing node@$NODE22_VERSION from the npm registry"
  rm -rf "$RUNTIME" && mkdir -p "$RUNTIME"
  npm install --prefix "$RUNTIME" --no-save --no-audit --no-fund --loglevel=error "node@$NODE22_VERSION" >/dev/null
fi
NODE22=$(readlink -f "$RUNTIME/node_modules/.bin/node")
# The folder holding include/node/node.h (the registry package ships Node's headers).
HEADERS=$(find "$RUNTIME/node_modules" -path '*/include/node/node.h' -print -quit | sed 's|/include/node/node.h$||')

echo "== node22: copying the project into $APP"
mkdir -p "$APP"
find "$APP" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
tar -C "$ROOT" -c --exclude=./node_modules --exclude=./.cache --exclude=./.git --exclude=./data \
  --exclude=./tests/artifacts --exclude=./bench/results . | tar -C "$APP" -x

KEY="$NODE22_VERSION $(sha256sum package-lock.json | cut -c1-16)"
if [ "$(cat "$APP/node_modules/.node22-key" 2>/dev/null)" != "$KEY" ]; then
  echo "== node22: node_modules (hard links) with better-sqlite3 rebuilt for Node 22"
  rm -rf "$APP/node_modules"
  # Resolve a linked node_modules (a worktree sharing another checkout's): copying the
  # link itself would make the removals below delete files in the shared tree.
  cp -al "$(readlink -f "$ROOT/node_modules")" "$APP/node_modules"
  # Real copies of what the rebuild writes, so the main tree's files are never touched.
  rm -rf "$APP/node_modules/better-sqlite3" "$APP/node_modules/.package-lock.json"
  cp -a "$ROOT/node_modules/better-sqlite3" "$APP/node_modules/better-sqlite3"
  cp -a "$ROOT/node_modules/.package-lock.json" "$APP/node_modules/.package-lock.json"
  # The compiled addon is kept per version outside the clone, so a machine that ran this
  # once (CI runs in a fresh clone) skips the 1-2 minute compile next time.
  BS_VERSION=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
  BS_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/neospace/better-sqlite3-$BS_VERSION-node$NODE22_VERSION.node"
  BS_ADDON="$APP/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
  if [ -f "$BS_CACHE" ]; then
    cp "$BS_CACHE" "$BS_ADDON"
  else
    (cd "$APP" && PATH="$(dirname "$NODE22"):$PATH" npm_config_nodedir="$HEADERS" \
      "$NODE22" "$(readlink -f "$(command -v npm)")" rebuild better-sqlite3 --loglevel=error >/dev/null)
    mkdir -p "$(dirname "$BS_CACHE")" && cp "$BS_ADDON" "$BS_CACHE"
  fi
  echo "$KEY" > "$APP/node_modules/.node22-key"
fi
"$NODE22" -e "new (require('$APP/node_modules/better-sqlite3'))(':memory:')"
echo "== node22: ready in $((SECONDS - started)) s"

echo "== tests on Node $("$NODE22" --version), ws transport"
cd "$APP"
PATH="$(dirname "$NODE22"):$PATH" NEOSPACE_TEST_TRANSPORT=ws "$NODE22" node_modules/mocha/bin/mocha.js --config .mocharc.json "$@"
echo "== node22: pass done in $((SECONDS - started)) s"
