#!/bin/sh
# Installs what OperatorDashboardInChromiumTest needs: Debian's Chromium at /usr/bin/chromium.
# The test drives it over the DevTools protocol with the JDK's WebSocket client, so no driver,
# Selenium or npm package is needed. Without /usr/bin/chromium the test is skipped.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo"
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
