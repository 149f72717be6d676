#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Speed and memory of a whole scan on a large synthetic root, next to
# dpkg-query listing the same root.  Prints figures; asserts nothing (the
# machines are shared and noisy).  Target: the scan no slower than the
# listing, peak RSS ≤ 30 MB.
#
#   tests/benchmark.sh [BUILDDIR] [RUNS]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/build}
runs=${2:-5}
cli=$builddir/src/cli/antam-cli
[ -x "$cli" ] || { echo "benchmark: build first ($cli missing)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "benchmark: needs GNU time (apt-get install time)" >&2; exit 1; }

root=$(mktemp -d /tmp/antam-bench-XXXXXX)
[ -n "${ANTAM_BENCH_KEEP:-}" ] || trap 'rm -rf "$root"' EXIT
home=$root/home/lan
export ANTAM_DATA_DIR=$top/data

echo "Building a synthetic root in $root …"
mkdir -p "$root/etc" "$root/var/lib/dpkg" "$home/Downloads" "$root/var/lib/flatpak/app" \
  "$root/usr/share/applications"
cp "$top/tests/roots/base/etc/os-release" "$root/etc/"
cp -r "$top/tests/roots/base/usr/share/distro-info" "$root/usr/share/"

# 5,000 packages, with the fields and continuation lines a real status has.
awk 'BEGIN {
  for (i = 0; i < 5000; i++) {
    printf "Package: pkg%05d\nStatus: install ok installed\nPriority: optional\n", i
    printf "Section: libs\nInstalled-Size: %d\nMaintainer: Debian <debian@example.org>\n", 100 + i
    printf "Architecture: amd64\nVersion: %d.%d.%d-%d+deb12u%d\n", i % 7, i % 13, i % 31, i % 5, i % 3
    printf "Depends: libc6 (>= 2.36), libglib2.0-0 (>= 2.74)\n"
    printf "Description: synthetic package %d\n This line continues the description.\n .\n And one more.\n\n", i
  }
}' > "$root/var/lib/dpkg/status"
printf 'Package: zoom\nStatus: install ok installed\nArchitecture: amd64\nVersion: 6.2.11.5069\n\n' \
  >> "$root/var/lib/dpkg/status"

# 300 Flatpak apps in the real layout.
for i in $(seq 1 300); do
  id=org.example.App$i
  commit=$(printf '%064d' "$i")
  d=$root/var/lib/flatpak/app/$id/x86_64/stable
  mkdir -p "$d/$commit/files/share/metainfo" "$d/$commit/export/share/applications" \
    "$root/var/lib/flatpak/repo/refs/remotes/flathub/app/$id/x86_64"
  ln -s x86_64/stable "$root/var/lib/flatpak/app/$id/current"
  ln -s "$commit" "$d/active"
  printf '[Application]\nname=%s\n' "$id" > "$d/$commit/metadata"
  printf '<component><id>%s</id><releases><release version="1.%d"/></releases></component>\n' \
    "$id" "$i" > "$d/$commit/files/share/metainfo/$id.metainfo.xml"
  echo "$commit" > "$root/var/lib/flatpak/repo/refs/remotes/flathub/app/$id/x86_64/stable"
done

# 5,000 files in Downloads: documents and some installers.
for i in $(seq 1 5000); do
  case $((i % 10)) in
    0) printf 'installer %d\n' "$i" > "$home/Downloads/setup-$i.deb" ;;
    1) printf 'archive %d\n' "$i" > "$home/Downloads/archive-$i.zip" ;;
    *) printf 'document %d\n' "$i" > "$home/Downloads/van-ban-$i.pdf" ;;
  esac
done

measure() { # label, command...
  local label=$1; shift
  local times=() rss=()
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -o "$root/.time" -f '%e %M' "$@" >/dev/null 2>&1 || true
    out=$(tail -n 1 "$root/.time")
    times+=("${out% *}") rss+=("${out#* }")
  done
  median_time=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  max_rss=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
  printf '%-44s median %6.3f s   peak RSS %6.1f MB   (%d runs)\n' \
    "$label" "$median_time" "$(echo "$max_rss / 1024" | bc -l)" "$runs"
}

# The scan exits 2 here (it finds Zoom): measure ignores exit codes.
measure "antam-cli scan --json --root" "$cli" scan --json --root "$root" --home "$home"
measure "dpkg-query --admindir=ROOT/var/lib/dpkg -W" \
  dpkg-query --admindir="$root/var/lib/dpkg" -W
