#!/usr/bin/env bash
# `npm test` needs real peers and a browser from Debian: chromium (e2e), socat and ncat (interop peers), python3
# (a listener that never accepts, a receiver that reads each datagram's TTL), iproute2 (`ip` builds the private
# network namespaces of the multicast tests, `ss` reads a socket's keep-alive timer), and a CJK font so the 中文
# screenshots show characters, not boxes. Installs the missing ones when it can (root with apt-get);
# otherwise says exactly what to install.
set -euo pipefail
missing=()
for tool in chromium socat ncat python3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ! (command -v ip >/dev/null 2>&1 && command -v ss >/dev/null 2>&1); then missing+=(iproute2); fi
if ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .); then missing+=(fonts-noto-cjk); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing test tools: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "npm test needs: ${missing[*]}. Install them (Debian: sudo apt-get install -y ${missing[*]}) and run again." >&2
  exit 1
fi
