#!/usr/bin/env bash
# Install Debian's Tesseract (OCR for scanned pages) and poppler-utils (pdftotext, which the
# extraction benchmark compares against), if they are not there yet. Both are optional for a
# user: without Tesseract, scanned pages are recorded as "no text layer".
set -euo pipefail

if command -v tesseract >/dev/null && command -v pdftotext >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "Installing Debian's tesseract-ocr and poppler-utils..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  tesseract-ocr tesseract-ocr-eng poppler-utils >/dev/null
tesseract --version | head -1
