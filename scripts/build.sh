#!/usr/bin/env bash
# Builds the npm package in pkg/. It compiles the cdylib once with the size-tuned `wasm-release`
# profile and runs wasm-bindgen once per build. Binaryen's wasm-opt then shrinks every .wasm, and
# js/assemble.mjs writes package.json, the hand-written declarations and the classic script.
# The builds:
#   pkg/bundler  `--target bundler`, the package's default export for Vite and webpack
#   pkg/web      `--target web`, for <script type="module"> and workers (the demo page's)
#   pkg/node     `--target experimental-nodejs-module`, ES module for Node.js
#   pkg/node-cjs `--target nodejs`, CommonJS for Node.js, renamed to .cjs by js/assemble.mjs
#   pkg/script   `--target no-modules` wrapped into one classic script, window.PiiToken
# Run scripts/setup.sh first; it installs wasm-bindgen and the npm copy of wasm-opt.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

TARGET=wasm32-unknown-unknown
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
RAW_WASM="$TARGET_DIR/$TARGET/wasm-release/pii_token.wasm"
OUT_DIR=pkg
# The package's version, the crate's: the first `version` line of Cargo.toml is [package]'s.
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
# wasm-bindgen's no-modules output, before js/assemble.mjs wraps it into pkg/script.
SCRIPT_BINDINGS="$TARGET_DIR/pii-token-no-modules"
# The npm package `binaryen`. The wasm-opt of Debian 12's binaryen 108 writes a module whose
# externref table fails to initialise in Chromium (WebAssembly.Table.set rejects the entry).
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"

# Prints a file's size in bytes, raw and compressed with gzip -9.
print_size() {
    local raw gz
    raw="$(stat -c %s "$1")"
    gz="$(gzip -9 -c "$1" | wc -c)"
    printf '%-32s %8d bytes, %8d bytes gzip -9\n' "${1#"$OUT_DIR"/}" "$raw" "$gz"
}

# Runs wasm-bindgen with `--target $1` into directory $2.
bindgen() {
    wasm-bindgen --target "$1" --out-dir "$2" "$RAW_WASM"
}

# Optimises the .wasm $1 in place. The builds' .wasm files are usually identical, so an input
# whose hash matches an earlier one gets that one's output instead of a second run.
optimise() {
    local input_hash cached
    input_hash="$(sha256sum "$1" | cut -d' ' -f1)"
    cached="$OPT_CACHE/$input_hash.wasm"
    if [[ ! -f "$cached" ]]; then
        "$WASM_OPT" -Oz "${features[@]}" --strip-debug --strip-producers "$1" -o "$cached"
    fi
    printf 'wasm-opt %-28s %8d -> %8d bytes\n' "${1#"$OUT_DIR"/}" \
        "$(stat -c %s "$1")" "$(stat -c %s "$cached")"
    cp "$cached" "$1"
}

command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found. Run scripts/setup.sh first."
[[ -x "$WASM_OPT" ]] || die "$WASM_OPT not found. Run scripts/setup.sh (it runs npm ci) first."

step "Compiling the cdylib (profile wasm-release, target $TARGET)"
# `cargo rustc --crate-type cdylib` builds the cdylib alone, because cargo skips LTO for a
# cdylib that is built next to the rlib that the tests need.
cargo rustc -p pii-token --lib --profile wasm-release --target "$TARGET" --crate-type cdylib

step "Generating JavaScript bindings with $(wasm-bindgen --version)"
rm -rf "$OUT_DIR" "$SCRIPT_BINDINGS"
bindgen bundler "$OUT_DIR/bundler"
bindgen web "$OUT_DIR/web"
bindgen experimental-nodejs-module "$OUT_DIR/node"
bindgen nodejs "$OUT_DIR/node-cjs"
bindgen no-modules "$SCRIPT_BINDINGS"
mkdir -p "$OUT_DIR/script"
mv "$SCRIPT_BINDINGS/pii_token_bg.wasm" "$OUT_DIR/script/pii-token.wasm"

step "Optimising every .wasm with $("$WASM_OPT" --version)"
feature_flags="$(wasm_opt_feature_flags)"
# The flags contain no spaces, so word splitting turns the list into an array.
# shellcheck disable=SC2206
features=($feature_flags)
OPT_CACHE="$(mktemp -d)"
trap 'rm -rf "$OPT_CACHE"' EXIT
for wasm in "$OUT_DIR"/*/*.wasm; do
    optimise "$wasm"
done

step "Assembling the package"
node js/assemble.mjs "$OUT_DIR" "$VERSION" "$SCRIPT_BINDINGS/pii_token.js"

step "Built package $OUT_DIR/ (pii-token $VERSION)"
# Every file that scripts/check-size.mjs counts towards a build's budget.
find "$OUT_DIR" -mindepth 2 -type f -regex '.*\.\(wasm\|js\|mjs\|cjs\)' | sort |
    while read -r file; do
        print_size "$file"
    done
