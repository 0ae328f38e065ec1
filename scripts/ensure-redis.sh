#!/usr/bin/env bash
# Installs Debian's redis-server when missing (the scale-out tests start their own).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
echo "redis-server not found: installing Debian's redis-server"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
# The package starts a system instance on 6379; tests use their own ports, so stop it.
service redis-server stop >/dev/null 2>&1 || true
command -v redis-server
