#!/usr/bin/env bash
# Build Ferret's pinned speed-benchmark corpus: real source code from public
# package registries (crates.io, PyPI, npm, Debian source packages), about
# 6.7 million lines in 10 languages. See bench/README.md.
#
#   bench/corpus.sh            # build (or, if already built, just print stats)
#   bench/corpus.sh --stats    # recount and print stats, download nothing
#
# Environment:
#   FERRET_CORPUS_DIR    where the corpus is unpacked
#                        (default: $HOME/.cache/ferret-corpus)
#   FERRET_BENCH_CACHE   downloaded archives and Debian's apt state
#                        (default: $HOME/.cache/ferret-bench)
#   FERRET_DEBIAN_MIRROR Debian mirror for `apt-get source`
#                        (default: http://deb.debian.org/debian)
#   FERRET_DEBIAN_SUITE  Debian suite the pinned versions come from
#                        (default: bookworm)
#
# Layout: <corpus>/<registry>/<name>-<version>/ for every package below, plus
# <corpus>/.semgrepignore (empty on purpose, so that Semgrep does not apply its
# default ignore list) and <corpus>/.ferret/ (manifest and line counts).
#
# Needs: bash, curl, tar, gzip, xz, sha256sum, python3 (>= 3.8, with pip),
# npm, and for Debian packages apt-get and dpkg-source (package dpkg-dev).
set -euo pipefail
# The whole script is one { ... } block: bash reads it completely before running
# it, so editing this file while it runs cannot disturb that run.
{

# ---------------------------------------------------------------------------
# The pinned package list. One package per line:
#   registry  name  version  sha256
# The sha256 is that of the downloaded archive (.crate, sdist, npm tarball); for
# Debian it is that of the .dsc (apt checks the .dsc against the signed Sources
# index, and dpkg-source checks the tarballs against the .dsc).
# Debian names are *source* package names; the version may carry an epoch.
# Changing this list changes the corpus: re-run the script, and say so next to
# any number published from the new corpus.
# ---------------------------------------------------------------------------
PACKAGES='
# --- crates.io: C (SQLite, OpenSSL), C++ (RocksDB + zstd/lz4/snappy), Rust
crates  libsqlite3-sys     0.40.0          b06e69070b7e12262b0cd90832f0a7396f142a2b330181255562decf9f0c6215
crates  openssl-src        400.0.2+4.0.3   d2093956673b8dbda85c87fa4fb78e70698ce6c5978a2837d1613f661d3bef76
crates  librocksdb-sys     0.19.0+11.8.1   4f45e86edad8e88efe97dbf384b4e48e1ff0f111eabf154c7b09d7a1e5fb573c
crates  tokio              1.54.1          b52fd3255258d26fac7264ab5a76b53c13367136dc011d3d6ad4f8ed070396a3
crates  syn                2.0.111         390cc9a294ab71bdb1aa2e99d13be9c753cd2d7bd6560c77118597410c4d2e87
crates  regex-automata     0.4.19          41d60ef07df457506a0a1a2073112eb4aae5733dbd2813c3da77d1b0fd441158
crates  regex-syntax       0.8.12          d902046e6a28a1e4c3cab97258a0ce11e994903f01c2d97a9447a0b3df85f4f6
crates  cranelift-codegen  0.135.8         6a7b9f73f97da69d6edc9adbfeec068cdb2649f0221be41abd3909267cb1cd53
crates  rustls             0.23.46         48e13bd8c0e9365c43cfa5c9e8f9ad49d3c8444926c9aac819e0e4dc503c8fdf
crates  hyper              1.12.0          2c3e324da4c95177d6291d4c8730197c0d1822f8a9766814a4a44fa5ab797c9c
crates  serde              1.0.229         4148590afebada386688f18773da617792bf2ef03ffc1e4cbd2b1d45b023e0ba
crates  clap_builder       4.6.7           ec0797fb7aeb1406c84efac526901f7ec3ead2124f946b494e72879d4b54704d
crates  diesel             2.3.14          ebe9f7eaef33febd60290c5a9f3b0571d03c4c04a24739cd64808ce30e65a5d3
# --- PyPI sdists: Python
pypi    django             5.2.8           23254866a5bb9a2cfa6004e8b809ec6246eba4b58a7589bc2772f1bcc8456c7f
# --- npm: JavaScript, TypeScript
npm     typescript         5.9.3           10e108c9cf7d5f2879053dff18515fb405abf2ccef63eaaf017d9c571687a1d3
npm     @angular/core      20.3.10         afdebe25ab7662f55d221fe53b6bf0ef4c810b44c839a431fc1cd4e4d84317d2
npm     eslint             9.39.1          470c0b8b46a7dd5b0bdc63bf6b4c8793e8521c5350491a9522fa5c9c73bf9218
npm     webpack            5.102.1         344ad825f1ac087c5f730bfc558c1a7c066e156a8b9a619b8d4b4d99597913a8
npm     lodash             4.17.21         6a087ac9e5702a0c9d60fbcd48696012646ec8df1491dea472b150e79fcaf804
npm     rxjs               7.8.2           2312f8ffd9726ffd7bd53ea12c5f13663d09a3dc3326f448c70b88f5ef6fac82
# --- Debian source packages (bookworm): Java, Go, Ruby, PHP
debian  guava-libraries        31.1-1                       f5d8177e4d621ddc61532078eeca0c24245bc5c3681a9d0a5945a3fad4a407bf
debian  etcd                   3.4.23-4                     7097793f0c48b76f0966d3915aa6ca211bc287f769c5b9334dd87b265f8e451d
debian  caddy                  2.6.2-5                      875c3c01c8afd1cd394ba5939c48dcc49101af939510b0ae16f334075c5b61e2
debian  restic                 0.14.0-1                     a3a83310310820fdf289879f426d2aef6ddb5cd7e4df20ea0245beba0f828794
debian  hugo                   0.111.3-1                    67a0b550185ba9623829a8aaa7a8dc236d44762115a9415538bd4e1b644dd186
debian  rails                  2:6.1.7.10+dfsg-1~deb12u2    872dee504398e45d58c1e813bd4650c4c256bf49ae70410ef91c56e34f08f952
debian  redmine                5.0.4-5+deb12u1              1e1174b4508f3881c170603dac68191c9e2007b8b75770a029ab6ee5d44acab6
debian  php-laravel-framework  8.83.26+dfsg-2               e33d0c7f88e997a5ab7eeab6cc390921b43460970c39c94edba82c58636c67a5
debian  doctrine               2.14.1+dfsg-1                108c0a4a99823288f19758475b09bbca6f3ec27fc946214b810f86cbcf07cecf
debian  phpunit                9.6.7-1+deb12u1              9f318856ef442d00b92fa317b3252b61007913863cecc268f912a29dcfc5123d
debian  composer               2.5.5-1+deb12u5              639d96d7311966400f271e59063a23c147fb99b11b970d29852ab4f33ab1c7fa
'

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CORPUS=${FERRET_CORPUS_DIR:-$HOME/.cache/ferret-corpus}
CACHE=${FERRET_BENCH_CACHE:-$HOME/.cache/ferret-bench}
DEBIAN_MIRROR=${FERRET_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SUITE=${FERRET_DEBIAN_SUITE:-bookworm}
COUNT="$HERE/count_lines.py"

log() { printf '[corpus] %s\n' "$*" >&2; }
die() { printf '[corpus] ERROR: %s\n' "$*" >&2; exit 1; }

STATS_ONLY=0
case "${1:-}" in
  "") ;;
  --stats) STATS_ONLY=1 ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

# The list without comments and blank lines, columns separated by one space.
package_list() {
  printf '%s\n' "$PACKAGES" | sed -e 's/#.*//' -e 's/[[:space:]]\{1,\}/ /g' -e 's/^ //' -e 's/ $//' | grep -v '^$'
}

# Directory name of a package inside <corpus>/<registry>/: "<name>-<version>",
# with '/' of scoped npm names turned into '__' and a Debian epoch dropped.
pkg_dir() { # registry name version
  local name=${2//\//__} ver=$3
  [ "$1" = debian ] && ver=${ver#*:}
  printf '%s-%s' "$name" "$ver"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

check_sha() { # file expected what
  local got
  got=$(sha256_of "$1")
  if [ "$got" != "$2" ]; then
    die "$3: sha256 mismatch for $(basename "$1"): expected $2, got $got (the registry served different bytes for a pinned version; delete $1 to retry)"
  fi
}

print_stats() {
  cat "$CORPUS/.ferret/stats.md"
  printf '\ncorpus: %s\n' "$CORPUS"
}

write_stats() {
  log "counting lines ..."
  python3 "$COUNT" --json --by-package 2 "$CORPUS" > "$CORPUS/.ferret/stats.json.tmp"
  python3 "$COUNT" --by-package 2 "$CORPUS" > "$CORPUS/.ferret/stats.md.tmp"
  mv "$CORPUS/.ferret/stats.json.tmp" "$CORPUS/.ferret/stats.json"
  mv "$CORPUS/.ferret/stats.md.tmp" "$CORPUS/.ferret/stats.md"
}

MANIFEST_WANTED=$(package_list)

if [ "$STATS_ONLY" = 1 ]; then
  [ -f "$CORPUS/.ferret/manifest.txt" ] || die "no corpus at $CORPUS (run bench/corpus.sh first)"
  write_stats
  print_stats
  exit 0
fi

# Already built from exactly this list: nothing to do but print the stats.
if [ -f "$CORPUS/.ferret/manifest.txt" ] && [ -f "$CORPUS/.ferret/stats.md" ] \
   && [ "$(cat "$CORPUS/.ferret/manifest.txt")" = "$MANIFEST_WANTED" ]; then
  log "corpus is up to date ($CORPUS)"
  print_stats
  exit 0
fi

for tool in curl tar sha256sum python3; do
  command -v "$tool" >/dev/null || die "'$tool' is required but not installed"
done

mkdir -p "$CORPUS/.ferret" "$CACHE/downloads"
TMP="$CORPUS/.ferret/tmp"
rm -rf "$TMP"
mkdir -p "$TMP"
# The manifest is only (re)written once everything is in place; a run that
# failed halfway leaves none, so the next run resumes instead of trusting it.
rm -f "$CORPUS/.ferret/manifest.txt"

# Unpack archive $1 (tar.gz/tgz/crate/tar.xz/zip) into directory $2, whose
# single top-level directory becomes $2 itself.
unpack_into() { # archive dest
  local archive=$1 dest=$2 x="$TMP/x" top
  rm -rf "$x"
  mkdir -p "$x"
  case "$archive" in
    *.zip) python3 -m zipfile -e "$archive" "$x" ;;
    *) tar -xf "$archive" -C "$x" --no-same-owner ;;
  esac
  if [ "$(find "$x" -mindepth 1 -maxdepth 1 | wc -l)" = 1 ] && [ -d "$(find "$x" -mindepth 1 -maxdepth 1)" ]; then
    top=$(find "$x" -mindepth 1 -maxdepth 1)
  else
    top=$x
  fi
  chmod -R u+rwX,go+rX "$top"
  mkdir -p "$(dirname "$dest")"
  mv "$top" "$dest"
  rm -rf "$x"
}

fetch_crate() { # name version sha dest
  local name=$1 ver=$2 sha=$3 dest=$4 dl="$CACHE/downloads/crates"
  local file="$dl/$name-$ver.crate"
  mkdir -p "$dl"
  if [ ! -f "$file" ] || [ "$(sha256_of "$file")" != "$sha" ]; then
    log "crates.io: downloading $name $ver"
    curl -fsSL --retry 3 --retry-delay 2 -o "$file.part" \
      "https://static.crates.io/crates/$name/$name-$ver.crate" \
      || die "crates.io: download of $name $ver failed"
    mv "$file.part" "$file"
  fi
  check_sha "$file" "$sha" "crates.io $name $ver"
  unpack_into "$file" "$dest"
}

fetch_pypi() { # name version sha dest
  local name=$1 ver=$2 sha=$3 dest=$4 dl="$CACHE/downloads/pypi/$1-$2" file
  file=$(find "$dl" -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.zip' \) 2>/dev/null | head -n 1 || true)
  if [ -z "$file" ] || [ "$(sha256_of "$file")" != "$sha" ]; then
    rm -rf "$dl"
    mkdir -p "$dl"
    log "PyPI: downloading sdist of $name $ver"
    printf '%s==%s --hash=sha256:%s\n' "$name" "$ver" "$sha" > "$TMP/req.txt"
    # --no-binary NAME: the sdist of this package only (its build backend may
    # still come as a wheel, which pip needs to read the sdist's metadata).
    python3 -m pip download --quiet --disable-pip-version-check --no-deps \
      --no-binary "$name" --require-hashes -r "$TMP/req.txt" -d "$dl" > "$TMP/pip.log" 2>&1 \
      || { cat "$TMP/pip.log" >&2; die "PyPI: download of $name $ver failed"; }
    file=$(find "$dl" -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.zip' \) | head -n 1)
    [ -n "$file" ] || die "PyPI: pip downloaded no sdist for $name $ver"
  fi
  check_sha "$file" "$sha" "PyPI $name $ver"
  unpack_into "$file" "$dest"
}

fetch_npm() { # name version sha dest
  local name=$1 ver=$2 sha=$3 dest=$4 dl="$CACHE/downloads/npm/${1//\//__}-$2" file
  command -v npm >/dev/null || die "npm is required for npm packages"
  file=$(find "$dl" -maxdepth 1 -type f -name '*.tgz' 2>/dev/null | head -n 1 || true)
  if [ -z "$file" ] || [ "$(sha256_of "$file")" != "$sha" ]; then
    rm -rf "$dl"
    mkdir -p "$dl"
    log "npm: downloading $name@$ver"
    (cd "$dl" && npm pack --ignore-scripts --silent "$name@$ver" > "$TMP/npm.log" 2>&1) \
      || { cat "$TMP/npm.log" >&2; die "npm: download of $name@$ver failed"; }
    file=$(find "$dl" -maxdepth 1 -type f -name '*.tgz' | head -n 1)
    [ -n "$file" ] || die "npm: npm pack produced no tarball for $name@$ver"
  fi
  check_sha "$file" "$sha" "npm $name@$ver"
  unpack_into "$file" "$dest"
}

# apt with a private source list and private state under $CACHE/apt, so that
# the machine's own apt configuration is neither needed nor touched.
APT_DIR="$CACHE/apt"
APT_OPTS=()
APT_UPDATED=0
apt_setup() {
  [ ${#APT_OPTS[@]} -gt 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get is required for Debian source packages"
  command -v dpkg-source >/dev/null || die "dpkg-source is required for Debian source packages (apt-get install dpkg-dev)"
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  printf 'deb-src %s %s main\n' "$DEBIAN_MIRROR" "$DEBIAN_SUITE" > "$APT_DIR/sources.list"
  APT_OPTS=(
    -o "Dir::Etc::SourceList=$APT_DIR/sources.list"
    -o "Dir::Etc::SourceParts=$APT_DIR/none"
    -o "Dir::State::Lists=$APT_DIR/lists"
    -o "Dir::Cache=$APT_DIR/cache"
    -o "Debug::NoLocking=1"
  )
  if [ "$(id -u)" = 0 ]; then
    APT_OPTS+=(-o "APT::Sandbox::User=root")
  fi
}
apt_update() {
  [ "$APT_UPDATED" = 1 ] && return 0
  log "Debian: fetching the source index of $DEBIAN_SUITE"
  apt-get "${APT_OPTS[@]}" update > "$TMP/apt-update.log" 2>&1 \
    || { cat "$TMP/apt-update.log" >&2; die "Debian: apt-get update failed"; }
  APT_UPDATED=1
}

fetch_debian() { # name version sha dest
  local name=$1 ver=$2 sha=$3 dest=$4 dl="$CACHE/downloads/debian/$1-${2#*:}" dsc
  apt_setup
  dsc=$(find "$dl" -maxdepth 1 -type f -name '*.dsc' 2>/dev/null | head -n 1 || true)
  if [ -z "$dsc" ] || [ "$(sha256_of "$dsc")" != "$sha" ]; then
    rm -rf "$dl"
    mkdir -p "$dl"
    if ! apt-cache "${APT_OPTS[@]}" showsrc "$name" 2>/dev/null | grep -xF "Version: $ver" >/dev/null; then
      apt_update
      apt-cache "${APT_OPTS[@]}" showsrc "$name" 2>/dev/null | grep -xF "Version: $ver" >/dev/null \
        || die "Debian: $name $ver is not in $DEBIAN_SUITE's source index any more (available: $(apt-cache "${APT_OPTS[@]}" showsrc "$name" 2>/dev/null | sed -n 's/^Version: //p' | tr '\n' ' '))"
    fi
    log "Debian: downloading source package $name $ver"
    (cd "$dl" && apt-get "${APT_OPTS[@]}" source --download-only "$name=$ver" > "$TMP/apt.log" 2>&1) \
      || { grep -E '^(E|W):' "$TMP/apt.log" >&2 || cat "$TMP/apt.log" >&2; die "Debian: download of source package $name $ver failed"; }
    dsc=$(find "$dl" -maxdepth 1 -type f -name '*.dsc' | head -n 1)
    [ -n "$dsc" ] || die "Debian: apt-get source fetched no .dsc for $name $ver"
  fi
  check_sha "$dsc" "$sha" "Debian $name $ver"
  rm -rf "$TMP/dsc"
  # --skip-patches: the upstream source plus debian/, without quilt's .pc/
  # copies of patched files (which would duplicate code).
  dpkg-source --skip-patches -x "$dsc" "$TMP/dsc" > "$TMP/dpkg-source.log" 2>&1 \
    || { cat "$TMP/dpkg-source.log" >&2; die "Debian: unpacking $name $ver failed"; }
  chmod -R u+rwX,go+rX "$TMP/dsc"
  mkdir -p "$(dirname "$dest")"
  mv "$TMP/dsc" "$dest"
}

# Fetch what is missing.
n_new=0
while read -r reg name ver sha; do
  [ -n "$sha" ] || die "package list: '$reg $name $ver' has no sha256"
  dest="$CORPUS/$reg/$(pkg_dir "$reg" "$name" "$ver")"
  [ -d "$dest" ] && continue
  case "$reg" in
    crates) fetch_crate "$name" "$ver" "$sha" "$dest" ;;
    pypi)   fetch_pypi "$name" "$ver" "$sha" "$dest" ;;
    npm)    fetch_npm "$name" "$ver" "$sha" "$dest" ;;
    debian) fetch_debian "$name" "$ver" "$sha" "$dest" ;;
    *) die "package list: unknown registry '$reg'" ;;
  esac
  n_new=$((n_new + 1))
done <<< "$MANIFEST_WANTED"

# Remove packages that are no longer on the list (only direct children of
# <corpus>/<registry>/, and only for the registries this script knows).
wanted_dirs=$(while read -r reg name ver _; do printf '%s/%s\n' "$reg" "$(pkg_dir "$reg" "$name" "$ver")"; done <<< "$MANIFEST_WANTED")
for reg in crates pypi npm debian; do
  [ -d "$CORPUS/$reg" ] || continue
  for d in "$CORPUS/$reg"/*; do
    [ -e "$d" ] || continue
    if ! grep -qxF "$reg/$(basename "$d")" <<< "$wanted_dirs"; then
      log "removing $reg/$(basename "$d") (not on the list any more)"
      rm -rf -- "$d"
    fi
  done
done

printf '# Empty on purpose: without a .semgrepignore at the scan root, Semgrep\n# skips tests/, node_modules/, vendor/, *.min.js and more by default.\n' > "$CORPUS/.semgrepignore"
rm -rf "$TMP"
write_stats
printf '%s\n' "$MANIFEST_WANTED" > "$CORPUS/.ferret/manifest.txt"
log "$n_new package(s) added; corpus ready"
print_stats
exit 0
}
