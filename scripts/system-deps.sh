#!/usr/bin/env bash
# Installs the Debian packages vertebro-print needs, only those that are missing:
# the Pango stack WeasyPrint draws with, the Noto fonts for every supported script (the
# packages src/vertebro_print/i18n/scripts.toml names), ICU and what builds PyICU against it,
# GNU gettext (msgfmt --check in the tests), Chromium (browser tests and benchmarks) and
# redis-server (the tests of several web servers sharing one store).
# Usage: scripts/system-deps.sh [runtime|test]
set -euo pipefail
here=$(dirname "$0")
fonts=$(sed -n 's/^package *= *"\(.*\)"/\1/p' "$here/../src/vertebro_print/i18n/scripts.toml" | sort -u)
# shellcheck disable=SC2206  # package names have no spaces
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core $fonts
      libicu-dev pkg-config g++)
if [ "${1:-runtime}" = test ]; then
  want+=(gettext poppler-utils chromium redis-server)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
if ! command -v apt-get >/dev/null; then
  echo "error: missing packages ${missing[*]} and no apt-get to install them; install them by hand" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
