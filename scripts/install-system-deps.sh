#!/usr/bin/env bash
# System packages some tests use: a real Prometheus and promtool (dashboards test), docker-compose (validates
# docker-compose.yml offline with `config -q`) and headless Chromium (HTML report screenshots).
# Debian/Ubuntu only; a no-op when they are already installed.
set -euo pipefail
need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian package starts its own Prometheus service on :9090; our tests start their own on a free port instead.
