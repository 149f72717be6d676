#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs the whole test suite headless:
# once normally and once with AddressSanitizer and UndefinedBehaviorSanitizer.
# Ends with one line "N passed, N failed[, N skipped]"; exits non-zero on any
# failure.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/setup.sh" || exit 1
cd "$top"

passes=(
  "build-test|-Dwerror=true"
  "build-asan|-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false"
)

total_pass=0 total_fail=0 total_skip=0
for entry in "${passes[@]}"; do
  dir=${entry%%|*}
  opts=${entry#*|}
  echo "== $dir ${opts:-(plain)}"
  started=$SECONDS
  if [ ! -f "$dir/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson setup "$dir" $opts >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
  fi
  if ! meson compile -C "$dir" >"$dir.compile.log" 2>&1; then
    cat "$dir.compile.log"
    echo "0 passed, 1 failed"
    exit 1
  fi

  # The sanitizers judge our code; GLib and GTK keep caches until exit.
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    xvfb-run -a -s '-screen 0 1280x800x24' \
    dbus-run-session -- "$top/tools/test-session.sh" "$dir"

  read -r p f s < <(python3 - "$dir/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = s = 0
try:
    for line in open(sys.argv[1], encoding="utf-8"):
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"): p += 1
        elif r == "SKIP": s += 1
        else: f += 1
except FileNotFoundError:
    f = 1
print(p, f, s)
PY
)
  echo "== $dir: $p passed, $f failed, $s skipped ($((SECONDS - started)) s with the build)"
  total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
done

line="$total_pass passed, $total_fail failed"
[ "$total_skip" -gt 0 ] && line="$line, $total_skip skipped"
echo "$line"
[ "$total_fail" -eq 0 ]
