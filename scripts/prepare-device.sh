#!/usr/bin/env bash
# Runs HERE, on a CPU machine with the Debian packages of scripts/setup.sh. Copies into the
# git-ignored third_party/ what the GPU machine lacks, so that it travels with the working tree
# when the device run names it in `carry`:
#   third_party/cli11/include/CLI   CLI11 headers (cmake/EngramDependencies.cmake falls back to them)
#   third_party/nlohmann_json/include/nlohmann   nlohmann/json headers (the same fallback)
# Then, on the device: carry ["third_party"], command "bash scripts/device-build.sh".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

cli11_source=/usr/include/CLI
cli11_dest="$root/third_party/cli11/include/CLI"
if [[ ! -f "$cli11_source/CLI.hpp" ]]; then
  echo "prepare-device: CLI11 headers not found in $cli11_source; run scripts/setup.sh first" >&2
  exit 1
fi
rm -rf "$cli11_dest"
mkdir -p "$cli11_dest"
cp -a "$cli11_source/." "$cli11_dest/"

json_source=/usr/include/nlohmann
json_dest="$root/third_party/nlohmann_json/include/nlohmann"
if [[ ! -f "$json_source/json.hpp" ]]; then
  echo "prepare-device: nlohmann/json headers not found in $json_source; run scripts/setup.sh first" >&2
  exit 1
fi
rm -rf "$json_dest"
mkdir -p "$json_dest"
cp -a "$json_source/." "$json_dest/"

git -C "$root" check-ignore -q third_party/ || {
  echo "prepare-device: third_party/ is not git-ignored; it would travel as part of the tree" >&2
  exit 1
}
echo "prepare-device: third_party/ ready ($(du -sh "$root/third_party" | cut -f1)); carry [\"third_party\"] to the device"
