#!/usr/bin/env bash
# Browser tests use Debian's Chromium (never a downloaded browser) and Debian's Noto
# CJK fonts (the Chinese respondent page must render real glyphs, not boxes). Install
# what is missing when we are allowed to; otherwise say exactly what to do.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
  exit 0
fi
if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
  exit 0
fi
echo "The browser tests need Debian's ${missing[*]}: run 'sudo apt-get install ${missing[*]}' once." >&2
exit 1
