#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and launches An Tâm from the build tree.
# Arguments go to the app, e.g. tools/run.sh --training zoom-deb --large
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/setup.sh"

cd "$top"
[ -f build/build.ninja ] || meson setup build
meson compile -C build

# Run from the build tree: the shipped data, translations and schema are there.
export ANTAM_DATA_DIR="$top/data"
export ANTAM_LOCALE_DIR="$top/build/po"
export GSETTINGS_SCHEMA_DIR="$top/build/data"
exec "$top/build/src/gui/antam" "$@"
