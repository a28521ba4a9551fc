#!/bin/sh
# Install what carecluster needs to build, run and test on Debian 12.
# Safe to run again: it installs only what is missing.
set -eu
need=""
for p in build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev \
         libcmocka-dev clang libclang-rt-14-dev nodejs npm chromium wrk sqlite3 curl \
         libxlsxwriter-dev libreoffice-calc-nogui libcmark-dev libpq-dev postgresql nginx openssl \
         libical-dev libcairo2-dev libfreetype-dev fonts-dejavu-core poppler-utils libxml2-utils \
         default-jre-headless libcurl4-openssl-dev libpoppler-glib-dev python3-aiosmtpd \
         fonts-urw-base35 qpdf libminizip-dev libreoffice-writer-nogui; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
# nodejs/npm may come from elsewhere (nvm, a newer build): accept any on PATH.
if command -v node >/dev/null 2>&1; then need=$(echo "$need" | sed 's/ nodejs//; s/ npm//'); fi
# The HTML checker needs a Java runtime: any java on PATH will do.
if command -v java >/dev/null 2>&1; then need=$(echo "$need" | sed 's/ default-jre-headless//'); fi
if [ -n "$need" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
fi
if [ ! -d node_modules/nhsuk-frontend ] || [ ! -d node_modules/playwright-core ] || [ package.json -nt node_modules/.stamp ]; then
  npm install --no-audit --no-fund --loglevel=error
  touch node_modules/.stamp
fi
