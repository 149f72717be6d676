#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TAP: every file with a user-visible string is in po/POTFILES.in, and
# po/vi.po translates every message of the sources, none fuzzy.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
echo "1..2"

missing=$(comm -23 <(tools/list-translatable.sh) <(grep -v '^#' po/POTFILES.in | sort -u))
if [ -z "$missing" ]; then
  echo "ok 1 POTFILES.in lists every translatable source file"
else
  echo "not ok 1 POTFILES.in lacks:"
  printf '# %s\n' $missing
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in -o "$work/antam.pot" 2>"$work/xgettext.log"
msgmerge --quiet -o "$work/vi.po" po/vi.po "$work/antam.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$work/vi.po" 2>&1 | tail -n 1)
case "$stats" in
  *untranslated*|*fuzzy*) echo "not ok 2 po/vi.po is incomplete: $stats" ;;
  *) echo "ok 2 po/vi.po is complete: $stats" ;;
esac
