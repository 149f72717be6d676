#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Prints, sorted, every source file that holds a user-visible string:
# gettext calls in C, translatable properties in .ui, and the .in files that
# i18n.merge_file translates.  POTFILES.in must list exactly these.
set -euo pipefail
cd "$(dirname "$0")/.."

# Outside a git checkout (a release tarball) every file counts.
files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -co --exclude-standard -- "$@"
  else
    for pattern in "$@"; do
      find "${pattern%%/*}" -path "$pattern" -type f 2>/dev/null
    done
  fi
}

{
  files 'src/*.c' |
    xargs -r grep -lE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(' || true
  files 'ui/*.ui' | xargs -r grep -l 'translatable="yes"' || true
  files 'data/*.desktop.in' 'data/*.metainfo.xml.in' 'data/*.policy.in'
} | sort -u
