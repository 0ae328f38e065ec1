#!/usr/bin/env bash
# Make sure a system Chromium exists for the e2e tests (playwright-core drives it;
# `npx playwright install` cannot download browsers on these machines).
# Idempotent: prints nothing and exits 0 when `chromium` is already on PATH.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: chromium is missing and installing it needs root (apt-get install -y chromium)" >&2
  exit 1
fi

echo "ensure-chromium: chromium not found; running apt-get update"
apt-get update
echo "ensure-chromium: running apt-get install -y chromium"
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
echo "ensure-chromium: installed $(command -v chromium) ($(chromium --version 2>/dev/null || echo 'version unknown'))"
