#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The default channel end to end: the app asks the Email portal
# (xdg-desktop-portal with xdg-desktop-portal-gtk) to compose the report,
# and the portal opens the user's mail app, here a test mailto: handler that
# records what it gets.  Run under xvfb-run, outside dbus-run-session: this
# starts its own bus with the portals on it.
#   xvfb-run -a tests/report/portal-test.sh BUILD/tests/report/test-report-dialog [portal|xdg-email]
set -eu
if [ -z "${DISPLAY:-}" ] || [ ! -x /usr/libexec/xdg-desktop-portal ] || [ ! -x /usr/libexec/xdg-desktop-portal-gtk ]; then
  echo "1..0 # SKIP needs a display (xvfb-run) and xdg-desktop-portal with xdg-desktop-portal-gtk"
  exit 0
fi
program=$1
mode=${2:-portal}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/data/applications" "$work/config"
cat > "$work/recorder.sh" <<EOF
#!/bin/sh
printf '%s\n' "\$@" > "$work/record.tmp" && mv "$work/record.tmp" "$work/record.txt"
EOF
chmod +x "$work/recorder.sh"
cat > "$work/data/applications/antam-test-mail.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=An Tâm test mail app
Exec=$work/recorder.sh %u
MimeType=x-scheme-handler/mailto;
NoDisplay=true
EOF
printf '[Default Applications]\nx-scheme-handler/mailto=antam-test-mail.desktop\n' > "$work/config/mimeapps.list"

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CURRENT_DESKTOP=GNOME
export ANTAM_TEST_MAILTO_RECORD="$work/record.txt"
export NO_AT_BRIDGE=1
if [ "$mode" = xdg-email ]; then
  export ANTAM_NO_PORTAL=1
fi

# The daemons must not die of their own warnings: G_DEBUG is for the test.
test_g_debug=${G_DEBUG:-}
unset G_DEBUG
export test_g_debug

# The portals are started here, with this environment (DISPLAY, the test's
# XDG dirs), and stopped by PID.
status=0
dbus-run-session -- sh -c '
  pids=""
  # A notification daemon that records, for the app'"'"'s "Report sent".
  /usr/bin/python3 -m dbusmock --template notification_daemon >/dev/null 2>&1 & pids="$pids $!"
  if [ -z "${ANTAM_NO_PORTAL:-}" ]; then
    /usr/libexec/xdg-desktop-portal-gtk -r & pids="$pids $!"
    sleep 0.5
    /usr/libexec/xdg-desktop-portal -r & pids="$pids $!"
    sleep 1
  fi
  status=0
  G_DEBUG="$test_g_debug" "$1" --tap -p /report-dialog/send-mail-client || status=$?
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  exit $status' sh "$program" || status=$?
exit $status
