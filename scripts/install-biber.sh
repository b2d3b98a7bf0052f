#!/usr/bin/env bash
# Install Debian's biber (biblatex's back end), if it is not there yet. The citation tests
# run `biber --tool --validate-datamodel` on the BibTeX export of the demo library; without
# biber that one test is skipped. Users never need it: it only checks our exports.
set -euo pipefail

if command -v biber >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "Installing Debian's biber..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends biber >/dev/null
biber --version | head -1
