#!/usr/bin/env bash
# Runs the service on a fresh clone: installs the npm packages and builds dist/ when needed, then starts
# it on embedded development defaults (set REDIS_URL, SMTP_URL, ... to use real components).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# Builds only when dist/ is missing or older than src/, package-lock.json or the build configuration.
node scripts/build.mjs --if-stale
exec npm start
