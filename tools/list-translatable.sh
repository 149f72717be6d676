#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Prints, sorted, every source file that holds a user-visible string:
# gettext calls in C, translatable properties in .ui, and the .in files that
# i18n.merge_file translates.  POTFILES.in must list exactly these.
set -euo pipefail
cd "$(dirname "$0")/.."

{
  git ls-files -co --exclude-standard -- 'src/*.c' |
    xargs -r grep -lE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(' || true
  git ls-files -co --exclude-standard -- 'ui/*.ui' | xargs -r grep -l 'translatable="yes"' || true
  git ls-files -co --exclude-standard -- 'data/*.desktop.in' 'data/*.metainfo.xml.in'
} | sort -u
