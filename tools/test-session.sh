#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs inside xvfb-run and dbus-run-session: starts the helper daemons the
# tests talk to, runs meson test, and stops what it started by PID.
set -uo pipefail

builddir=$1
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  wait 2>/dev/null
}
trap cleanup EXIT

# The Secret Service for libsecret.
if command -v gnome-keyring-daemon >/dev/null; then
  # --unlock reads the (empty) password from stdin and creates the keyring.
  printf '' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  pids+=("$!")
fi

# Tests that need a system bus with PackageKit start it themselves
# (tests/packagekit-session.sh), one at a time.
meson test -C "$builddir" --print-errorlogs --num-processes 2
