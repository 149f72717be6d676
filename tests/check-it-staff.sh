#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TAP: commands, system files and config keys are for IT staff only.  Any
# translatable string outside the "it-staff" gettext context that holds
# sudo, a path under /etc or an APT:: key fails, with the place it is at.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
echo "1..1"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in -o "$work/antam.pot" 2>"$work/xgettext.log"
# Everything but the IT-staff context, then what in it reads as a command,
# a system file or an APT setting.
msggrep --invert-match --msgctxt --regexp='^it-staff$' -o "$work/plain.pot" "$work/antam.pot"
msggrep --msgid --extended-regexp --regexp='(^|[^[:alnum:]])sudo([^[:alnum:]]|$)' \
  --regexp='(^|[^[:alnum:]])/etc/' --regexp='APT::' -o "$work/found.pot" "$work/plain.pot"
# The header is always there: more than one message is a finding.
if [ -f "$work/found.pot" ] && [ "$(grep -c "^msgid " "$work/found.pot")" -gt 1 ]; then
  echo "not ok 1 plain text holds commands or system files; give them C_(\"it-staff\", …):"
  sed -n '/^#: /,/^$/p' "$work/found.pot" | sed 's/^/# /'
else
  echo "ok 1 no sudo, /etc path or APT:: key outside the it-staff context"
fi
