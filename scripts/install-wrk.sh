#!/usr/bin/env bash
# Install Debian's wrk (the HTTP load generator bench/load.py drives), if it is not there yet.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "Installing Debian's wrk for bench/load.py..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
wrk --version 2>&1 | head -1 || true
