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

# Several build dirs may run this test at once on one machine, and there is
# only one /run/dbus: one session at a time.
exec 9>/run/antam-packagekit-session.lock
if ! flock -w 600 9; then
  echo "1..0 # SKIP another PackageKit test session held the lock for 10 minutes"
  exit 0
fi

socket=/run/dbus/system_bus_socket
# The daemons must not inherit the test environment: G_DEBUG=fatal-warnings
# makes packagekitd die on its first warning (no logind in a container).
daemon_env="env -u G_DEBUG -u G_MESSAGES_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_"

log=$(mktemp "${TMPDIR:-/tmp}/antam-packagekit.XXXXXX")
bus_pid=
polkit_pid=
pk_pid=

# A zombie still answers kill -0; a daemon whose parent is an init that
# does not reap it is one.
is_alive() {
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"
}

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
  while is_alive "$1" && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  is_alive "$1" && kill -9 "$1" 2>/dev/null
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
  if [ -f /run/dbus/pid ] && ! is_alive "$(cat /run/dbus/pid 2>/dev/null)"; then
    rm -f /run/dbus/pid
  fi
  [ -S "$socket" ] && rm -f "$socket"
  bus_pid=$($daemon_env dbus-daemon --system --fork --print-pid) || {
    echo "# could not start a system bus" >&2
    bus_pid=
  }
fi

if bus_answers; then
  if ! has_owner org.freedesktop.PolicyKit1 && [ -x /usr/lib/polkit-1/polkitd ]; then
    $daemon_env /usr/lib/polkit-1/polkitd --no-debug >>"$log" 2>&1 &
    polkit_pid=$!
    wait_for_name org.freedesktop.PolicyKit1 || echo "# polkitd did not start" >&2
  fi
  if ! has_owner org.freedesktop.PackageKit && [ -x /usr/libexec/packagekitd ]; then
    # Not --verbose: it makes warnings fatal and the daemon dies mid-call.
    $daemon_env /usr/libexec/packagekitd --disable-timer >>"$log" 2>&1 &
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
