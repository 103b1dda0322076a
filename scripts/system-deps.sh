#!/usr/bin/env bash
# Debian packages the tests need: chromium (+ driver) for the HTML views, a CJK font so that
# pages and charts draw Chinese instead of boxes, LibreOffice to convert old Word files.
# Installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then need+=(fonts-noto-cjk fontconfig); fi
# Virtuoso: the large single-node SPARQL server the push conformance test runs against
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
# LibreOffice headless converts .doc/.wps/.rtf for the readers (and makes the PDF test fixtures);
# the -nogui Writer is the smallest package that does
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
