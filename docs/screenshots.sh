#!/usr/bin/env bash
# screenshots.sh [KCPLAN] — remakes the README's screenshots (docs/*.png) from the shipped Can Tho
# model with headless Chromium (Debian packages chromium and chromium-driver).
set -eu
cd "$(dirname "$0")/.."
KCPLAN=${1:-build/kcplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$KCPLAN report models/cantho-2017-2020 -s scenarios/local-cut-30.json \
  --sweep sources.local.ceiling_scale=1:0:0.02 -j2 --lang en -o "$tmp/report.html"
$KCPLAN proposal models/cantho-2017-2020 --year 2019 --lang vi -o "$tmp/proposal.html"
shot() { # PAGE OUT WIDTH HEIGHT
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3,$4" \
    --screenshot="$2" "file://$1" 2>/dev/null
}
shot "$tmp/report.html" docs/report.png 1100 3900
shot "$tmp/proposal.html" docs/proposal.png 1400 720
ls -l docs/*.png
