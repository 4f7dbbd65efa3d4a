#!/usr/bin/env bash
# `npm test`: everything. Installs missing system packages when it can (root on Debian),
# then lint + types, unit and integration tests (real servers on loopback), and the browser e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/setup-system.sh
[ -d node_modules ] || npm ci

echo "== lint and types"
npm run -s lint

echo "== unit and integration tests"
npx vitest run

echo "== browser tests (production build)"
npx playwright test
