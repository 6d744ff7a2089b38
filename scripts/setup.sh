#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing reformquiz need.
# Idempotent: packages already present are left alone, and apt is not touched at all
# when nothing is missing. Runs apt through sudo when not root.
set -euo pipefail

PACKAGES=(
  # build
  g++ cmake make pkg-config ccache
  libboost1.81-dev        # Beast and Asio (Debian's default 1.74 lacks fixes we rely on)
  libhiredis-dev          # Redis client, async API
  nlohmann-json3-dev      # JSON
  libssl-dev              # scrypt, random tokens, TLS
  libcli11-dev            # command-line flags
  libutf8proc-dev         # Unicode NFC normalisation
  libcsv-dev              # CSV as Excel writes it
  libxlsxwriter-dev       # Excel export of rankings and banks
  libexpat1-dev           # XML: Moodle XML banks, the sheets and documents inside .xlsx and .docx
  libzip-dev              # the .xlsx and .docx containers
  libgtest-dev            # unit and integration tests
  # run
  redis-server
  # scripts/cluster.sh: several gateways behind a proxy, Redis with a replica and Sentinels
  nginx                   # the proxy in front of the gateways, and the static pages
  redis-sentinel          # Sentinel: promotes the replica when the primary dies
  # tests
  clang                   # libFuzzer targets
  unzip                   # reading back the XLSX exports in tests
  openssl                 # the TLS tests' certificates and their TLS client (s_client)
  curl                    # the TLS tests' HTTPS client, and its redirects
  chromium                # the browser the e2e tests drive (through npm's playwright-core)
  poppler-utils           # pdftotext: the e2e test reads back the printed results notice
)
# Node.js and npm run the e2e tests. A machine that has them already (any
# source) keeps its own; otherwise Debian's packages are installed.
if ! command -v node >/dev/null 2>&1; then PACKAGES+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The e2e tests' npm packages (playwright-core only; its browser is Debian's
# chromium), exactly as package-lock.json pins them.
install_e2e_packages() {
  local dir="$ROOT/tests/e2e"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: installing the e2e tests' npm packages (npm ci)" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  install_e2e_packages
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: these Debian packages are missing and I am neither root nor able to sudo:" >&2
  echo "  ${missing[*]}" >&2
  echo "setup: install them (apt-get install ${missing[*]}) or rerun as root." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_e2e_packages
