#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Speed and memory of a whole scan on a large synthetic root, next to
# dpkg-query listing the same root.  Prints figures; asserts nothing (the
# machines are shared and noisy).  Target: the scan no slower than the
# listing, peak RSS ≤ 30 MB.  Then the time to fingerprint one 100 MB
# installer, next to sha256sum; a home others may open walked by
# home-privacy, next to find(1); the running sockets, next to ss.
#
#   tests/benchmark.sh [BUILDDIR] [RUNS]
#
# Wall time is taken with bash's $EPOCHREALTIME (microseconds; GNU time's
# %e has only 10 ms, coarser than what is measured), the two commands
# taking turns so that a busy machine slows both alike.  Peak RSS comes
# from GNU time's %M, in up to five separate runs.  ANTAM_BENCH_KEEP=1
# keeps the root.  Build with --buildtype=release for figures to compare.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/build}
runs=${2:-15}
cli=$builddir/src/cli/antam-cli
[ -x "$cli" ] || { echo "benchmark: build first ($cli missing)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "benchmark: needs GNU time (apt-get install time)" >&2; exit 1; }
[ -n "${EPOCHREALTIME:-}" ] || { echo "benchmark: needs bash 5 (\$EPOCHREALTIME)" >&2; exit 1; }
case $runs in ''|*[!0-9]*|0) echo "benchmark: RUNS must be a positive number" >&2; exit 64 ;; esac

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

scan=("$cli" scan --json --root "$root" --home "$home")
listing=(dpkg-query --admindir="$root/var/lib/dpkg" -W)

# "SECONDS.MICROS" (the separator follows LC_NUMERIC) → microseconds.
to_us() { echo $(( 10#${1%[.,]*} * 1000000 + 10#${1#*[.,]} )); }

# Appends the wall time of one run of a command, in microseconds, to the
# array named by $1.  No subshell between the two clock reads but the
# command's own.  Exit codes are ignored: the scan exits 2 here (it finds Zoom).
time_once() {
  local -n into=$1
  local t0 t1
  shift
  t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  t1=$EPOCHREALTIME
  into+=($(( $(to_us "$t1") - $(to_us "$t0") )))
}

# Appends the peak RSS of one run of a command, in KiB, to the array named by $1.
rss_once() {
  local -n into=$1
  shift
  /usr/bin/time -o "$root/.time" -f '%M' "$@" >/dev/null 2>&1 || true
  into+=("$(tail -n 1 "$root/.time")")
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

scan_times=() listing_times=() scan_rss=() listing_rss=() warm=()

# One run each first, unmeasured: a second scan meets the page cache, not the disk.
time_once warm "${scan[@]}"
time_once warm "${listing[@]}"

echo "Timing $runs runs of each, taking turns …"
for _ in $(seq 1 "$runs"); do
  time_once scan_times "${scan[@]}"
  time_once listing_times "${listing[@]}"
done
for _ in $(seq 1 "$(( runs < 5 ? runs : 5 ))"); do
  rss_once scan_rss "${scan[@]}"
  rss_once listing_rss "${listing[@]}"
done

report() { # label, name of the times array, name of the RSS array
  local label=$1
  local -n times=$2 rss=$3
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  awk -v l="$label" -v med="$(median <<< "$sorted")" -v min="$(head -n 1 <<< "$sorted")" \
      -v max="$(tail -n 1 <<< "$sorted")" -v peak="$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)" \
      -v n="${#times[@]}" 'BEGIN {
    printf "%-44s median %7.1f ms  (min %.1f, max %.1f)   peak RSS %5.1f MB   (%d timed runs)\n",
           l, med / 1000, min / 1000, max / 1000, peak / 1024, n
  }'
}

report "antam-cli scan --json --root" scan_times scan_rss
report "dpkg-query --admindir=ROOT/var/lib/dpkg -W" listing_times listing_rss
awk -v s="$(printf '%s\n' "${scan_times[@]}" | median)" \
    -v l="$(printf '%s\n' "${listing_times[@]}" | median)" 'BEGIN {
  printf "scan / listing (medians): %.2f (target: at most 1.00)\n", s / l
}'

# Fingerprinting throughput, which is what a real download dir costs: one
# installer of 100 MB (random bytes) in a root of its own, next to
# sha256sum on the same file.
big=$root/big
mkdir -p "$big/etc" "$big/home/lan/Downloads"
cp "$root/etc/os-release" "$big/etc/"
head -c 100000000 /dev/urandom > "$big/home/lan/Downloads/zoom_amd64.deb"
fingerprint=("$cli" scan --json --only downloads --root "$big" --home "$big/home/lan")
checksum=(sha256sum "$big/home/lan/Downloads/zoom_amd64.deb")

# Two commands taking turns, up to seven runs each after one to warm up,
# reported with their labels.
compare() { # label A, array A, label B, array B
  local -n first=$2 second=$4
  local first_times=() second_times=() first_rss=() second_rss=()
  time_once warm "${first[@]}"
  for _ in $(seq 1 "$(( runs < 7 ? runs : 7 ))"); do
    time_once first_times "${first[@]}"
    time_once second_times "${second[@]}"
  done
  rss_once first_rss "${first[@]}"
  rss_once second_rss "${second[@]}"
  report "$1" first_times first_rss
  report "$3" second_times second_rss
}

compare "antam-cli scan --only downloads (100 MB)" fingerprint "sha256sum (the same 100 MB)" checksum

# Who else can read the user's files: a home others may open (0755) with
# 50,000 files in 500 folders, walked whole by home-privacy, next to find(1)
# looking for the files anyone may change.
open=$root/open
mkdir -p "$open/etc" "$open/home/lan"
cp "$root/etc/os-release" "$open/etc/"
for d in $(seq 1 500); do
  mkdir -p "$open/home/lan/d$d"
  for f in $(seq 1 100); do : > "$open/home/lan/d$d/f$f"; done
done
chmod -R u+rwX,go+rX,go-w "$open/home/lan"
privacy=("$cli" scan --json --only home-privacy --root "$open" --home "$open/home/lan")
finder=(find "$open/home/lan" -xdev -perm -o+w ! -type l)
compare "antam-cli scan --only home-privacy (50,000)" privacy "find -perm -o+w (the same home)" finder

# The running computer's sockets and who holds them, next to ss.
if command -v ss >/dev/null; then
  live=("$cli" scan --json --only network-services)
  sockets=(ss -tulpn)
  compare "antam-cli scan --only network-services" live "ss -tulpn" sockets
fi
