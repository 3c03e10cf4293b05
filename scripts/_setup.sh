# Shared by scripts/run, test, test-postgres and build: system libraries for Qt, then a venv with
# the project at the versions of the lock file.
# Sourced, not executed; expects to be in the project root.

qt_packages=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
             libx11-6 fonts-dejavu-core)
# The officials' web console is tested in a real headless browser (tests/server/console/).
browser_packages=(chromium chromium-driver)

apt_install_missing() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    # One dpkg-query for all of them (one per package took ~0.5 s of every start). It exits 1 when
    # dpkg never heard of one of them (chromium on a fresh machine), which under `set -e -o
    # pipefail` would end the calling script without a word: what it printed is all we need.
    local missing=() pkg installed
    installed=$( (dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true) \
        | awk '/ install ok installed$/ {print $1}')
    for pkg in "$@"; do
        grep -qxF "$pkg" <<<"$installed" || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "Please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
            return 1
        }
        sudo="sudo"
    fi
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

#: Every install goes through the lock file: exact versions, the same on every machine and in CI.
constraints=constraints.txt

# OLD:NEW, a package the project no longer uses and its replacement, which installs the same
# files: uninstalling OLD alone would delete NEW's files too, so both go and pip brings NEW back.
replaced=(phonenumbers:phonenumberslite)  # the same import package without its geodata

# make_venv EXTRAS [VENV]: VENV (default .venv) with the project and EXTRAS (e.g. "[dev]") at the
# versions pinned in constraints.txt.
#
# pip runs (13-28 s) on a new venv, when pyproject.toml, constraints.txt or EXTRAS changed since
# the venv's last install, and when an installed package drifted from its pin. The first two are a
# stamp in the venv (a hash of both files, one stamp per EXTRAS); the third is
# scripts/venv_matches_lock.py (installed metadata only, ~0.1 s). pip then moves every package
# that differs from its pin (up or down, e.g. a PySide6 6.12.0 installed by hand) to the pinned
# version, so a venv is corrected, never trusted. Packages not in the lock file (a profiler
# installed by hand) are left alone. A fresh machine (CI) has no stamp and installs everything.
make_venv() {
    local extras=$1 venv=${2:-.venv} python=${PYTHON:-python3}
    if [ ! -x "$venv/bin/python" ]; then
        if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
            apt_install_missing python3-venv
        fi
        "$python" -m venv "$venv"
    fi
    local name=${extras//[^a-z,]/} want
    local stamp="$venv/.customs-rating-stamp-${name:-core}"
    want=$(cat pyproject.toml "$constraints" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] \
        && "$venv/bin/python" scripts/venv_matches_lock.py "$constraints" "$extras"; then
        return 0
    fi
    rm -f "$stamp"
    local pair
    for pair in "${replaced[@]}"; do
        if "$venv/bin/python" -m pip show -q "${pair%%:*}" >/dev/null 2>&1; then
            echo "Replacing ${pair%%:*} by ${pair#*:}"
            "$venv/bin/python" -m pip uninstall -q -y "${pair%%:*}" "${pair#*:}" >/dev/null
        fi
    done
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -c "$constraints" \
        -e ".${extras}"
    echo "$want" >"$stamp"
}
