#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tally's picture as a person sees it: a province's mailbox made by
# make-reports (the app's own reports of the training scenarios), imported
# twice so that the trend shows, then the HTML page screenshotted by
# Debian's Chromium (headless, a fresh profile, no network features) and
# the PDF turned into PNG pages by pdftoppm.  Prints TAP; the PNGs stay
# in OUTDIR to be looked at.
#
#   tests/tally/screenshot.sh [BUILDDIR] [OUTDIR]
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${1:-$top/build}
outdir=${2:-$builddir/tests/tally/screenshots}
cli=$builddir/src/cli/antam-cli
make_reports=$builddir/tests/tally/make-reports
chromium=$(command -v chromium || command -v chromium-browser || true)

echo "1..4"
if [ -z "$chromium" ] || ! command -v pdftoppm >/dev/null; then
  for i in 1 2 3 4; do
    echo "ok $i # SKIP needs Debian's chromium and poppler-utils (pdftoppm)"
  done
  exit 0
fi

work=$(mktemp -d /tmp/antam-tally-shot-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$outdir"
export ANTAM_DATA_DIR=$top/data ANTAM_LOCALE_DIR=$builddir/po ANTAM_TODAY=${ANTAM_TODAY:-2026-11-21} LC_ALL=C.UTF-8
unset LANGUAGE

"$make_reports" "$work/october" 150 1 >/dev/null && "$make_reports" "$work/november" 300 2 >/dev/null \
  && echo "ok 1 - two mailboxes of the app's reports" || echo "not ok 1 - make-reports failed"

"$cli" tally "$work/october" --db "$work/tally.sqlite" -o /dev/null 2>/dev/null
"$cli" tally "$work/november" --db "$work/tally.sqlite" --format html -o "$outdir/tong-hop.html" 2>"$work/summary.txt"
"$cli" tally --db "$work/tally.sqlite" --format pdf -o "$outdir/tong-hop.pdf"
"$cli" tally --db "$work/tally.sqlite" --format html --unit "Châu Thành" -o "$outdir/chau-thanh.html"
if [ -s "$outdir/tong-hop.html" ] && [ -s "$outdir/tong-hop.pdf" ]; then
  echo "ok 2 - HTML and PDF pictures made"
else
  echo "not ok 2 - no picture"; sed 's/^/# /' "$work/summary.txt"
fi

shot() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile-$2" --hide-scrollbars \
    --window-size="$3" --screenshot="$outdir/$2.png" "file://$outdir/$1" >/dev/null 2>&1
}
if shot tong-hop.html tong-hop 1280,2400 && shot chau-thanh.html chau-thanh 1100,1500 \
   && [ -s "$outdir/tong-hop.png" ] && [ -s "$outdir/chau-thanh.png" ]; then
  echo "ok 3 - Chromium screenshots: $outdir/tong-hop.png $outdir/chau-thanh.png"
else
  echo "not ok 3 - Chromium made no screenshot"
fi

rm -f "$outdir"/tong-hop-pdf-*.png
if pdftoppm -r 80 -png "$outdir/tong-hop.pdf" "$outdir/tong-hop-pdf" && ls "$outdir"/tong-hop-pdf-*.png >/dev/null 2>&1; then
  echo "ok 4 - PDF pages: $(ls "$outdir"/tong-hop-pdf-*.png | tr '\n' ' ')"
else
  echo "not ok 4 - pdftoppm could not render the PDF"
fi
