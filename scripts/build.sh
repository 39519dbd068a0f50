#!/usr/bin/env bash
# Builds the browser module into pkg/web: the cdylib with the size-tuned `wasm-release` profile,
# the JavaScript bindings from wasm-bindgen, and a size pass with binaryen's wasm-opt.
# Run scripts/setup.sh first; it installs wasm-bindgen and the npm copy of wasm-opt.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

TARGET=wasm32-unknown-unknown
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
RAW_WASM="$TARGET_DIR/$TARGET/wasm-release/pii_token.wasm"
OUT_DIR=pkg/web
OUT_WASM="$OUT_DIR/pii_token_bg.wasm"
# The npm package `binaryen`. The wasm-opt of Debian 12's binaryen 108 writes a module whose
# externref table fails to initialise in Chromium (WebAssembly.Table.set rejects the entry).
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"

# Prints a file's size in bytes, raw and compressed with gzip -9.
print_size() {
    local raw gz
    raw="$(stat -c %s "$1")"
    gz="$(gzip -9 -c "$1" | wc -c)"
    printf '%-32s %8d bytes, %8d bytes gzip -9\n' "$(basename "$1")" "$raw" "$gz"
}

command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found. Run scripts/setup.sh first."
[[ -x "$WASM_OPT" ]] || die "$WASM_OPT not found. Run scripts/setup.sh (it runs npm ci) first."

step "Compiling the cdylib (profile wasm-release, target $TARGET)"
# `cargo rustc --crate-type cdylib` builds the cdylib alone, because cargo skips LTO for a
# cdylib that is built next to the rlib that the tests need.
cargo rustc -p pii-token --lib --profile wasm-release --target "$TARGET" --crate-type cdylib

step "Generating JavaScript bindings with $(wasm-bindgen --version)"
rm -rf "$OUT_DIR"
wasm-bindgen --target web --out-dir "$OUT_DIR" "$RAW_WASM"

step "Optimising $OUT_WASM with $("$WASM_OPT" --version)"
feature_flags="$(wasm_opt_feature_flags)"
# The flags contain no spaces, so word splitting turns the list into an array.
# shellcheck disable=SC2206
features=($feature_flags)
bindgen_size="$(stat -c %s "$OUT_WASM")"
"$WASM_OPT" -Oz "${features[@]}" --strip-debug --strip-producers \
    "$OUT_WASM" -o "$OUT_WASM.opt"
mv "$OUT_WASM.opt" "$OUT_WASM"
printf 'wasm-opt: %d -> %d bytes\n' "$bindgen_size" "$(stat -c %s "$OUT_WASM")"

step "Built module in $OUT_DIR"
print_size "$OUT_WASM"
print_size "$OUT_DIR/pii_token.js"
