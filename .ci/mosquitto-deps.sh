#!/bin/sh
# Installs what MosquittoBrokerTest needs: Debian's Mosquitto 2 (/usr/sbin/mosquitto and
# mosquitto_passwd). The test starts its own broker process with docs/mosquitto's configuration;
# the package's system service is not needed. Without the binary the test is skipped.
set -eu
if [ -x /usr/sbin/mosquitto ] && command -v mosquitto_passwd >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo"
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends mosquitto
# Where systemd runs, the package starts a broker on port 1883, the demo's embedded broker port.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now mosquitto || true
fi
/usr/sbin/mosquitto -h | head -1 || true
