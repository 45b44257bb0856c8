#!/usr/bin/env bash
# Every test on a fresh machine: installs what the tests need, then runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
# The production smoke test makes a certificate for the NHS.net Connect stand-in.
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ "${SKIP_BROWSER_TESTS:-}" != "1" ]; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== npm ci"
npm ci --no-audit --no-fund

echo "== type-check";      npm run -s typecheck
echo "== lint";            npm run -s lint
echo "== statechart docs"; npm run -s docs:check
echo "== tests";           npm test -- --reporter=verbose
echo "== path coverage";   npm run -s test:paths
echo "== model paths over HTTP"; npm run -s test:paths:http
