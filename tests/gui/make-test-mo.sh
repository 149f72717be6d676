#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds a Vietnamese catalog from po/vi.po and every fragment in po/parts/,
# so that the GUI tests and screenshots show Vietnamese before the fragments
# are merged into vi.po.  A fragment without a header gets one: msgcat would
# otherwise read it as ASCII.
# Usage: make-test-mo.sh PO_DIR OUTPUT.mo STAMP
set -eu
po_dir=$1
output=$2
stamp=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

header='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"
'
set -- "$po_dir/vi.po"
i=0
for part in "$po_dir"/parts/*.po; do
  [ -f "$part" ] || continue
  i=$((i + 1))
  if grep -q '^"Content-Type:' "$part"; then
    set -- "$@" "$part"
  else
    printf '%s\n' "$header" > "$tmp/$i.po"
    cat "$part" >> "$tmp/$i.po"
    set -- "$@" "$tmp/$i.po"
  fi
done
mkdir -p "$(dirname "$output")"
msgcat --use-first "$@" -o "$tmp/all.po"
msgfmt -o "$output" "$tmp/all.po"
touch "$stamp"
