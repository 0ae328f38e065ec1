#!/usr/bin/env bash
# `npm test`: everything the tests need, then every check in one mocha run on this machine's
# Node, then the same suite on Node 22 with ws (scripts/node22.sh; NEOSPACE_NODE22=0 skips it).
# On a fresh machine it installs node_modules (npm ci) and Debian chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# A linked node_modules (a git worktree sharing another checkout's) is never reinstalled:
# npm ci would empty the directory it points to, under every other checkout using it.
if [ -L node_modules ]; then
  echo "== node_modules is a link; not reinstalling"
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-chromium.sh
bash scripts/ensure-redis.sh

echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== lint"
npx biome check server schema scripts tests client bench
echo "== build client (production, then the e2e build with the test hook)"
npx vite build --config client/vite.config.ts --logLevel warn
npx vite build --config client/vite.config.ts --mode e2e --logLevel warn

SPECS=(
  'tests/unit/**/*.test.ts'
  'tests/contract/**/*.test.ts'
  'tests/integration/**/*.test.ts'
  'tests/fuzz/**/*.test.ts'
  'tests/e2e/**/*.test.ts'
)

echo "== tests (unit, contract, integration, e2e) on Node $(node --version)"
npx mocha --config .mocharc.json "${SPECS[@]}"


# Node 22 with the ws transport (docs/OPERATIONS.md, "Node version"): the whole suite again,
# so CI covers both (no uWebSockets.js build loads on Node 22 here). NEOSPACE_NODE22=0 skips it.
if [ "${NEOSPACE_NODE22:-1}" != "0" ]; then
  bash scripts/node22.sh "${SPECS[@]}"
fi
