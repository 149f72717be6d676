#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes a PNG of every step of the wizard, in Vietnamese, to
# BUILD/tests/gui/screenshots/ (BUILD defaults to build-gui), on a virtual
# display.  Look at every one of them before calling a UI change done; the
# best go to data/screenshots/ for the metainfo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../../build-gui"}
ninja -C "$build" tests/gui/antam-screenshots tests/gui/gui-test-mo.stamp data/gschemas.compiled >/dev/null 2>&1 ||
  ninja -C "$build"
exec xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
  meson test -C "$build" --no-rebuild --verbose gui-screenshots
