#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Refreshes po/POTFILES.in and po/antam.pot from the sources and merges
# po/vi.po with them, plus any translation fragments in po/parts/: a
# fragment's translation wins over what po/vi.po said for the same message.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

tools/list-translatable.sh > po/POTFILES.in

xgettext --package-name=antam --from-code=UTF-8 --add-comments=TRANSLATORS \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in --directory="$top" -o po/antam.pot

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
header='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"
'
# vi.po's header first, so that it stays the header.
awk 'BEGIN{RS=""} NR==1 || /\nmsgid ""\n/ {print; exit}' po/vi.po > "$work/header.po"
inputs=("$work/header.po")
for part in po/parts/*.po; do
  [ -e "$part" ] || continue
  # A fragment may come without a header; msgcat needs one to know UTF-8.
  if grep -q 'Content-Type: text/plain; charset=' "$part"; then
    cp "$part" "$work/$(basename "$part")"
  else
    { printf '%s\n' "$header"; cat "$part"; } > "$work/$(basename "$part")"
  fi
  inputs+=("$work/$(basename "$part")")
done
inputs+=(po/vi.po)
msgcat --use-first -o "$work/all.po" "${inputs[@]}"
msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$work/vi.po" "$work/all.po" po/antam.pot
msgattrib --no-obsolete --no-wrap -o po/vi.po "$work/vi.po"
msgfmt --check --statistics -o /dev/null po/vi.po
