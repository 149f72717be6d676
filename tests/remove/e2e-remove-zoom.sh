#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Guided Zoom removal on the real machine, as a user would do it.
#
# As root this script sets the stage: it builds a realistic "zoom" .deb
# with dpkg-deb and installs it with dpkg -i, creates a test user with
# Zoom's leftovers in a temporary HOME, lets that user remove packages
# through a test-only polkit rule, and starts a system bus, polkitd and
# packagekitd (tests/packagekit-session.sh).  Then the non-root user runs
# "antam-cli remove zoom --yes", and the script checks that the package is
# gone, the leftovers are in that HOME's Trash and the re-check is clean.
# The same for a per-user Flatpak built offline, and for a tarball's
# /opt/zoom, which the privileged helper removes through pkexec.
# Everything it added is taken away again, by name.
#
#   tests/remove/e2e-remove-zoom.sh ANTAM_CLI ANTAM_REMOVE_HELPER
#
# Exits 77 (skip) when not root, when packagekitd cannot start, or when
# An Tâm was built without PackageKit.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
user=antamtest
rule_file=/etc/polkit-1/rules.d/00-antam-test.rules

skip() { echo "1..0 # SKIP $*"; exit 77; }

# ---- inner phase: run inside packagekit-session.sh ------------------------
if [ "${1:-}" = --as-user ]; then
  shift
  if ! dbus-send --system --print-reply --reply-timeout=2000 --dest=org.freedesktop.DBus \
       /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.PackageKit \
       2>/dev/null | grep -q 'boolean true'; then
    exit 77
  fi
  home=$1; shift
  exec runuser -u "$user" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" \
    USER="$user" LOGNAME="$user" LANGUAGE=en LC_ALL=C.UTF-8 \
    XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" \
    DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
    ANTAM_DATA_DIR="$ANTAM_E2E_DATA" ANTAM_REMOVE_HELPER="${ANTAM_E2E_HELPER:-}" "$@"
fi

[ "${ANTAM_HAVE_PACKAGEKIT:-1}" = 1 ] || skip "built without PackageKit (-Dpackagekit=disabled)"
[ "$(id -u)" = 0 ] || skip "not root: the end-to-end removal sets the stage as root"
cli=${1:-${ANTAM_CLI:-}}
helper=${2:-${ANTAM_REMOVE_HELPER:-}}
[ -x "$cli" ] || skip "antam-cli not given"
for tool in dpkg-deb dpkg-query useradd userdel runuser dbus-daemon dbus-send; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
[ -x /usr/libexec/packagekitd ] || skip "packagekitd is not installed"
[ -x /usr/lib/polkit-1/polkitd ] || skip "polkitd is not installed"
[ -d /etc/polkit-1/rules.d ] || skip "no /etc/polkit-1/rules.d"
if dpkg-query -W -f='${Maintainer}' zoom 2>/dev/null | grep -qv 'An Tâm test'; then
  skip "a real zoom package is installed; this test would remove it"
fi
if id "$user" >/dev/null 2>&1; then
  skip "a user $user already exists; remove it first"
fi
if [ -e /opt/zoom ] || [ -e /usr/bin/zoom ]; then
  skip "/opt/zoom or /usr/bin/zoom exists already; this test would remove it"
fi

work=$(mktemp -d /tmp/antam-e2e.XXXXXX)
chmod 755 "$work"
created=""
n=0 failed=0

cleanup() {
  rm -f "$rule_file"
  for f in $created; do rm -rf "$f"; done
  if dpkg-query -W -f='${db:Status-Status}' zoom 2>/dev/null | grep -q installed &&
     dpkg-query -W -f='${Maintainer}' zoom | grep -q 'An Tâm test'; then
    dpkg --purge zoom >/dev/null 2>&1
  fi
  if id "$user" >/dev/null 2>&1; then
    pkill_pids=$(pgrep -u "$user" 2>/dev/null || true)
    for pid in $pkill_pids; do kill "$pid" 2>/dev/null; done
    userdel "$user" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
check() { desc=$1; shift; if "$@"; then ok 0 "$desc"; else ok 1 "$desc"; fi; }

# The programs and rules, where the test user can read them.
mkdir -p "$work/bin" "$work/data/rules"
cp "$cli" "$work/bin/antam-cli"
cp "$top/data/rules/"*.json "$work/data/rules/"
export ANTAM_E2E_DATA="$work/data"
chmod -R a+rX "$work/bin" "$work/data"

useradd --no-create-home --home-dir "$work/home" --shell /bin/sh "$user" || skip "useradd failed"

make_home() {
  home=$1
  mkdir -p "$home/.zoom/data" "$home/.config/autostart" "$home/.cache/zoom" "$home/Downloads"
  echo "meetings" > "$home/.zoom/data/zoommeeting.enc.db"
  echo "[General]" > "$home/.config/zoomus.conf"
  echo "cache" > "$home/.cache/zoom/cache.bin"
  printf '[Desktop Entry]\nType=Application\nName=Zoom\nExec=/opt/zoom/ZoomLauncher --minimized\n' \
    > "$home/.config/autostart/zoom.desktop"
  printf '[Default Applications]\nx-scheme-handler/zoommtg=Zoom.desktop\nx-scheme-handler/https=firefox-esr.desktop\n\n[Added Associations]\nx-scheme-handler/zoommtg=Zoom.desktop;\n' \
    > "$home/.config/mimeapps.list"
  chown -R "$user:" "$home"
}

as_user() {
  ANTAM_E2E_HELPER="${ANTAM_E2E_HELPER:-}" sh "$top/tests/packagekit-session.sh" "$0" --as-user "$@"
}

echo "# 1: the vendor's .deb, installed with dpkg -i, removed through PackageKit"
pkg="$work/zoom-pkg"
arch=$(dpkg --print-architecture)
mkdir -p "$pkg/DEBIAN" "$pkg/opt/zoom/cef" "$pkg/usr/bin" "$pkg/usr/share/applications" "$pkg/usr/share/mime/packages"
cat > "$pkg/DEBIAN/control" <<EOF
Package: zoom
Version: 6.2.11.5069
Architecture: $arch
Maintainer: An Tâm test <test@antam.invalid>
Section: default
Priority: optional
Description: Zoom Cloud Meetings (An Tâm test double)
 Built by tests/remove/e2e-remove-zoom.sh; removed by it.
EOF
printf '#!/bin/sh\necho "Zoom (test double)"\n' > "$pkg/opt/zoom/ZoomLauncher"
cp "$pkg/opt/zoom/ZoomLauncher" "$pkg/opt/zoom/zoom"
: > "$pkg/opt/zoom/cef/chrome-sandbox"
chmod 755 "$pkg/opt/zoom/ZoomLauncher" "$pkg/opt/zoom/zoom"
ln -s /opt/zoom/ZoomLauncher "$pkg/usr/bin/zoom"
cat > "$pkg/usr/share/applications/Zoom.desktop" <<'EOF'
[Desktop Entry]
Name=Zoom
Exec=/usr/bin/zoom %U
Type=Application
Terminal=false
MimeType=x-scheme-handler/zoommtg;x-scheme-handler/zoomus;x-scheme-handler/tel;x-scheme-handler/callto;x-scheme-handler/zoomphonecall;application/x-zoom;
EOF
printf '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info"><mime-type type="application/x-zoom"/></mime-info>\n' \
  > "$pkg/usr/share/mime/packages/zoom.xml"
dpkg-deb --root-owner-group --build "$pkg" "$work/zoom_amd64.deb" >/dev/null
check "dpkg -i installs the zoom .deb" dpkg -i "$work/zoom_amd64.deb"
check "/opt/zoom/ZoomLauncher is there" test -x /opt/zoom/ZoomLauncher

make_home "$work/home"
cat > "$rule_file" <<EOF
// Test only: written and removed by tests/remove/e2e-remove-zoom.sh.
polkit.addRule(function(action, subject) {
  if (subject.user == "$user" &&
      (action.id == "org.freedesktop.packagekit.package-remove" ||
       action.id == "io.github.antam.AnTam.remove-paths"))
    return polkit.Result.YES;
});
EOF
chmod 644 "$rule_file"

as_user "$work/home" "$work/bin/antam-cli" remove zoom --yes > "$work/out1.txt" 2>&1
status=$?
if [ $status = 77 ]; then
  skip "packagekitd could not start here"
fi
sed 's/^/# /' "$work/out1.txt"
check "antam-cli remove zoom --yes exits 0 (the re-check is clean)" test $status = 0
check "it said Zoom has been removed completely" grep -q "Zoom has been removed completely" "$work/out1.txt"
check "it removed the package through PackageKit" grep -q "The package “zoom” was removed." "$work/out1.txt"
check "dpkg no longer has zoom installed" sh -c '! dpkg-query -W -f="\${db:Status-Status}" zoom 2>/dev/null | grep -qx installed'
check "/opt/zoom is gone" test ! -e /opt/zoom
check "/usr/bin/zoom is gone" test ! -e /usr/bin/zoom -a ! -L /usr/bin/zoom
check "~/.zoom is in that HOME's Trash" test -f "$work/home/.local/share/Trash/files/.zoom/data/zoommeeting.enc.db"
check "~/.config/zoomus.conf is in the Trash" test -f "$work/home/.local/share/Trash/files/zoomus.conf"
check "the autostart entry is in the Trash" test -f "$work/home/.local/share/Trash/files/zoom.desktop"
check "the Trash has its .trashinfo" test -f "$work/home/.local/share/Trash/info/.zoom.trashinfo"
check "mimeapps.list no longer names Zoom" sh -c "! grep -q Zoom.desktop '$work/home/.config/mimeapps.list'"
check "mimeapps.list keeps the browser" grep -q "x-scheme-handler/https=firefox-esr.desktop" "$work/home/.config/mimeapps.list"
as_user "$work/home" "$work/bin/antam-cli" scan --only risky-apps,downloads > "$work/scan1.txt" 2>&1
check "a fresh scan finds no Zoom" sh -c "! grep -q Zoom '$work/scan1.txt'"

echo "# 2: a per-user Flatpak and its data, in a fresh temporary HOME"
if command -v flatpak >/dev/null 2>&1; then
  home2="$work/home2"
  mkdir -p "$home2"
  chown "$user:" "$home2"
  build="$work/flatpak-build"
  mkdir -p "$build"
  chown "$user:" "$build"
  # A runtime and an app of our own, exported to a local repo: no network.
  as_user "$home2" sh -c '
    set -e
    cd "$1"
    mkdir -p rt/files rt/usr
    printf "[Runtime]\nname=org.antam.TestPlatform\nruntime=org.antam.TestPlatform/x86_64/1\nsdk=org.antam.TestPlatform/x86_64/1\n" > rt/metadata
    echo test > rt/files/README
    echo test > rt/usr/README
    flatpak build-export --runtime repo rt 1 >/dev/null
    flatpak --user remote-add --no-gpg-verify antam-test "file://$1/repo"
    flatpak --user install -y --noninteractive antam-test org.antam.TestPlatform >/dev/null
    flatpak build-init app us.zoom.Zoom org.antam.TestPlatform org.antam.TestPlatform 1 >/dev/null
    mkdir -p app/files/bin app/files/share/applications
    printf "#!/bin/sh\necho zoom\n" > app/files/bin/zoom
    chmod +x app/files/bin/zoom
    printf "[Desktop Entry]\nName=Zoom\nExec=zoom %%U\nType=Application\nIcon=us.zoom.Zoom\nMimeType=x-scheme-handler/zoommtg;\n" \
      > app/files/share/applications/us.zoom.Zoom.desktop
    flatpak build-finish --command=zoom app >/dev/null
    flatpak build-export repo app stable >/dev/null
    flatpak --user install -y --noninteractive antam-test us.zoom.Zoom >/dev/null
    mkdir -p "$HOME/.var/app/us.zoom.Zoom/config"
    echo "[General]" > "$HOME/.var/app/us.zoom.Zoom/config/zoomus.conf"
  ' sh "$build" > "$work/flatpak-setup.txt" 2>&1 || sed 's/^/# flatpak: /' "$work/flatpak-setup.txt"
  check "the test Flatpak us.zoom.Zoom is installed for the user" \
    sh -c "runuser -u $user -- env HOME='$home2' flatpak --user list --app --columns=application | grep -qx us.zoom.Zoom"

  as_user "$home2" "$work/bin/antam-cli" remove zoom --yes > "$work/out2.txt" 2>&1
  status=$?
  sed 's/^/# /' "$work/out2.txt"
  check "antam-cli remove zoom --yes exits 0 for the Flatpak" test $status = 0
  check "the plan said no password is needed for it" grep -q "installed for you only" "$work/out2.txt"
  check "flatpak no longer lists us.zoom.Zoom" \
    sh -c "! runuser -u $user -- env HOME='$home2' flatpak --user list --app --columns=application | grep -qx us.zoom.Zoom"
  check "its data ~/.var/app/us.zoom.Zoom is in the Trash" \
    test -f "$home2/.local/share/Trash/files/us.zoom.Zoom/config/zoomus.conf"
else
  echo "# flatpak is not installed: the Flatpak part is not run"
fi

echo "# 3: /opt/zoom from a tarball, through pkexec and the privileged helper"
policy_dir=/usr/share/polkit-1/actions
policy="$policy_dir/io.github.antam.AnTam.policy"
helper_dest=/usr/local/libexec/antam-remove-helper-e2e
if [ -x "$helper" ] && command -v pkexec >/dev/null 2>&1 && [ ! -e "$policy" ]; then
  home3="$work/home3"
  make_home "$home3"
  mkdir -p /opt/zoom /usr/local/libexec
  printf '#!/bin/sh\n' > /opt/zoom/ZoomLauncher
  chmod 755 /opt/zoom/ZoomLauncher
  created="$created /opt/zoom $helper_dest $policy"
  install -m 755 "$helper" "$helper_dest"
  sed "s|@LIBEXECDIR@/antam-remove-helper|$helper_dest|" "$top/data/io.github.antam.AnTam.policy.in" > "$policy"
  # The helper reads the installed rules; with an uninstalled build they
  # are where PKGDATADIR says, so the rules file is put there if missing.
  rules_dir=$(strings "$helper" | grep -m1 '/share/antam$' || true)
  if [ -n "$rules_dir" ] && [ ! -e "$rules_dir/rules/risky-apps.json" ]; then
    mkdir -p "$rules_dir/rules"
    cp "$top/data/rules/risky-apps.json" "$rules_dir/rules/"
    created="$created $rules_dir/rules/risky-apps.json"
  fi
  ANTAM_E2E_HELPER=$helper_dest as_user "$home3" "$work/bin/antam-cli" remove zoom --yes > "$work/out3.txt" 2>&1
  status=$?
  sed 's/^/# /' "$work/out3.txt"
  check "antam-cli remove zoom --yes exits 0 for the tarball" test $status = 0
  check "the helper deleted /opt/zoom" test ! -e /opt/zoom
  check "the leftovers are in the Trash" test -d "$home3/.local/share/Trash/files/.zoom"
else
  echo "# pkexec or the helper is missing, or a policy is installed: the tarball part is not run"
fi

echo "1..$n"
[ $failed = 0 ]
