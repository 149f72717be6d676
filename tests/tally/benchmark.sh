#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tally's speed: a province's Maildir of COUNT reports made by the
# app's own code from the training scenarios (make-reports: forty-five
# units spelt several ways, three months of dates, resends, training
# reports, reports from before machine keys, each message with its JSON
# and its PDF), imported into a fresh SQLite database, then the HTML and
# PDF pictures drawn from the database.  Prints figures; asserts nothing.
# Targets: import ≤ 15 s, HTML picture ≤ 1 s for 10,000 reports.
#
#   tests/tally/benchmark.sh [BUILDDIR] [COUNT]
#
# Build with --buildtype=release for figures to compare.  ANTAM_BENCH_KEEP=1
# keeps the mailbox.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${1:-$top/build}
count=${2:-10000}
cli=$builddir/src/cli/antam-cli
make_reports=$builddir/tests/tally/make-reports
[ -x "$cli" ] && [ -x "$make_reports" ] || { echo "benchmark: build first" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "benchmark: needs GNU time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d /tmp/antam-tally-bench-XXXXXX)
[ -n "${ANTAM_BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export ANTAM_DATA_DIR=$top/data ANTAM_LOCALE_DIR=$builddir/po LC_ALL=C.UTF-8 ANTAM_TODAY=2026-11-21

to_ms() { echo $(( (10#${1%[.,]*} * 1000000 + 10#${1#*[.,]}) / 1000 )); }

echo "Making a Maildir of $count reports in $work …"
start=$EPOCHREALTIME
"$make_reports" "$work/maildir" "$count" >/dev/null
end=$EPOCHREALTIME
messages=$(ls "$work/maildir/new" | wc -l)
echo "  $messages messages, $(du -sh "$work/maildir" | cut -f1), made in $(( $(to_ms "$end") - $(to_ms "$start") )) ms"
sync

start=$EPOCHREALTIME
/usr/bin/time -f '%M' -o "$work/rss" "$cli" tally "$work/maildir" --db "$work/tally.sqlite" --import-only \
  2>"$work/summary.txt" || true
end=$EPOCHREALTIME
import_ms=$(( $(to_ms "$end") - $(to_ms "$start") ))
echo "Import:  $import_ms ms (target ≤ 15000), peak RSS $(( $(tail -1 "$work/rss") / 1024 )) MB, database $(du -h "$work/tally.sqlite" | cut -f1)"
sed -n '2,4p' "$work/summary.txt" | sed 's/^/  /'

for format in html pdf text; do
  best=
  for run in 1 2 3; do
    start=$EPOCHREALTIME
    "$cli" tally --db "$work/tally.sqlite" --format "$format" -o "$work/picture.$format"
    end=$EPOCHREALTIME
    ms=$(( $(to_ms "$end") - $(to_ms "$start") ))
    [ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "Picture ($format) from the database: best of 3 $best ms$([ "$format" = html ] && echo ' (target ≤ 1000)'), $(du -h "$work/picture.$format" | cut -f1)"
done

start=$EPOCHREALTIME
"$cli" tally "$work/maildir" --db "$work/tally.sqlite" --import-only 2>/dev/null || true
end=$EPOCHREALTIME
echo "Import of the same Maildir again (nothing new): $(( $(to_ms "$end") - $(to_ms "$start") )) ms"
