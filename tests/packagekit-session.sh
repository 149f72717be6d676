#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with a real PackageKit to talk to: as root, starts what is
# missing of a system bus, polkitd and packagekitd, runs the command, then
# stops exactly what it started, by PID.  Not root: runs the command as it
# is (the PackageKit test then skips, saying why).
#
#   tests/packagekit-session.sh COMMAND [ARG...]
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 64
fi

if [ "$(id -u)" != 0 ]; then
  exec "$@"
fi

socket=/run/dbus/system_bus_socket
log=$(mktemp "${TMPDIR:-/tmp}/antam-packagekit.XXXXXX")
bus_pid=
polkit_pid=
pk_pid=

has_owner() {
  dbus-send --system --print-reply --reply-timeout=2000 --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null |
    grep -q 'boolean true'
}

bus_answers() {
  dbus-send --system --print-reply --reply-timeout=2000 --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.GetId >/dev/null 2>&1
}

wait_for_name() {
  i=0
  while [ $i -lt 100 ]; do
    has_owner "$1" && return 0
    sleep 0.2
    i=$((i + 1))
  done
  return 1
}

stop_pid() {
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || return 0
  i=0
  while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -9 "$1" 2>/dev/null
  return 0
}

cleanup() {
  # packagekitd first: it must not outlive the bus it is registered on.
  stop_pid "$pk_pid"
  stop_pid "$polkit_pid"
  if [ -n "$bus_pid" ]; then
    stop_pid "$bus_pid"
    # dbus-daemon leaves both behind; the next run must not mistake them.
    rm -f /run/dbus/pid "$socket"
  fi
  wait 2>/dev/null
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! bus_answers; then
  mkdir -p /run/dbus
  # A pid file left by a bus that is gone would make dbus-daemon refuse.
  if [ -f /run/dbus/pid ] && ! kill -0 "$(cat /run/dbus/pid 2>/dev/null)" 2>/dev/null; then
    rm -f /run/dbus/pid
  fi
  [ -S "$socket" ] && rm -f "$socket"
  bus_pid=$(dbus-daemon --system --fork --print-pid) || {
    echo "# could not start a system bus" >&2
    bus_pid=
  }
fi

if bus_answers; then
  if ! has_owner org.freedesktop.PolicyKit1 && [ -x /usr/lib/polkit-1/polkitd ]; then
    /usr/lib/polkit-1/polkitd --no-debug >>"$log" 2>&1 &
    polkit_pid=$!
    wait_for_name org.freedesktop.PolicyKit1 || echo "# polkitd did not start" >&2
  fi
  if ! has_owner org.freedesktop.PackageKit && [ -x /usr/libexec/packagekitd ]; then
    # Not --verbose: it makes warnings fatal and the daemon dies mid-call.
    /usr/libexec/packagekitd --disable-timer >>"$log" 2>&1 &
    pk_pid=$!
    wait_for_name org.freedesktop.PackageKit || {
      echo "# packagekitd did not start:" >&2
      sed 's/^/# /' "$log" >&2
    }
  fi
fi

"$@"
status=$?
exit $status
