#!/usr/bin/env bash
# Installs what building, demonstrating and testing pii-token needs, and skips each part that is
# already in place, so that `npm start` and `npm test` can run it every time.
#
# Installs: Debian's chromium, chromium-driver and firefox-esr (as root only), the
# wasm32-unknown-unknown rustup target, rustfmt and clippy, wasm-bindgen-cli at the wasm-bindgen
# version in Cargo.lock, wasm-pack, cargo-fuzz, geckodriver, twiggy, and the npm devDependencies
# from package-lock.json.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

APT_UPDATED=0

# Runs `apt-get install` for the given Debian packages, updating the package lists first.
apt_install() {
    if [[ "$(id -u)" -ne 0 ]]; then
        die "missing Debian packages: $*. Install them as root with" \
            "'apt-get update && apt-get install -y $*', then run this script again."
    fi
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        apt-get update
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

ensure_browser() {
    local missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
    [[ -x /usr/bin/firefox-esr ]] || missing+=(firefox-esr)
    if [[ ${#missing[@]} -eq 0 ]]; then
        return
    fi
    step "Installing ${missing[*]} from Debian"
    apt_install "${missing[@]}"
}

ensure_rust_parts() {
    command -v rustup >/dev/null || die "rustup not found. Install the Rust toolchain with rustup."
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        step "Adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
    local component
    for component in rustfmt clippy; do
        if ! rustup component list --installed | grep -q "^$component"; then
            step "Adding the $component component"
            rustup component add "$component"
        fi
    done
}

# Prints the version of the wasm-bindgen crate that Cargo.lock pins.
locked_wasm_bindgen_version() {
    if [[ ! -f Cargo.lock ]]; then
        # `cargo metadata` resolves the workspace and writes Cargo.lock.
        cargo metadata --format-version 1 >/dev/null
    fi
    local versions
    versions="$(awk '
        /^\[\[package\]\]/ { in_package = 0 }
        /^name = "wasm-bindgen"$/ { in_package = 1; next }
        in_package && /^version = / { gsub(/"/, "", $3); print $3; in_package = 0 }
    ' Cargo.lock)"
    local count
    count="$(printf '%s' "$versions" | grep -c . || true)"
    if [[ "$count" -ne 1 ]]; then
        die "expected exactly one wasm-bindgen version in Cargo.lock, found $count: $versions"
    fi
    printf '%s\n' "$versions"
}

ensure_wasm_bindgen_cli() {
    local wanted installed=""
    wanted="$(locked_wasm_bindgen_version)"
    if command -v wasm-bindgen >/dev/null; then
        installed="$(wasm-bindgen --version | awk '{ print $2 }')"
    fi
    if [[ "$installed" == "$wanted" ]] && command -v wasm-bindgen-test-runner >/dev/null; then
        return
    fi
    step "Installing wasm-bindgen-cli $wanted (found: ${installed:-none})"
    # Not `--locked`: the lock file that wasm-bindgen-cli publishes pins a crate version that
    # the registry mirror here lacks, so cargo resolves current compatible versions instead.
    cargo install wasm-bindgen-cli --version "$wanted" --force
}

ensure_wasm_pack() {
    if command -v wasm-pack >/dev/null; then
        return
    fi
    step "Installing wasm-pack"
    cargo install wasm-pack
}

# cargo-fuzz runs the fuzz targets in fuzz/ (scripts/fuzz.sh). The targets need the nightly
# toolchain, but cargo-fuzz itself builds on the default one.
ensure_cargo_fuzz() {
    if command -v cargo-fuzz >/dev/null; then
        return
    fi
    step "Installing cargo-fuzz"
    cargo install cargo-fuzz --locked
}

# geckodriver lets wasm-bindgen-test-runner drive Firefox. Debian 12 does not package it, so it
# comes from crates.io, built with the versions in its published lock file.
ensure_geckodriver() {
    if command -v geckodriver >/dev/null; then
        return
    fi
    step "Installing geckodriver"
    cargo install geckodriver --locked
}

# twiggy lists the largest functions and data of the module for scripts/bench.sh.
ensure_twiggy() {
    if command -v twiggy >/dev/null; then
        return
    fi
    step "Installing twiggy"
    cargo install twiggy
}

# Runs `npm ci` unless node_modules was installed from the current package files.
ensure_node_modules() {
    command -v npm >/dev/null || die "npm not found. Install Node.js 20 or newer with npm."
    local stamp=node_modules/.setup-stamp
    local digest
    digest="$(cat package.json package-lock.json | sha256sum | awk '{ print $1 }')"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$digest" ]]; then
        return
    fi
    step "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
    printf '%s\n' "$digest" >"$stamp"
}

ensure_browser
ensure_rust_parts
ensure_wasm_bindgen_cli
ensure_wasm_pack
ensure_cargo_fuzz
ensure_geckodriver
ensure_twiggy
ensure_node_modules
