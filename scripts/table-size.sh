#!/usr/bin/env bash
# Prints what the ID-type tables beyond the United States' add to the optimised .wasm, raw and
# gzip -9. It builds the module as scripts/build.sh does, once with every table and once with
# `--cfg pii_token_minimal_table`. That is the size comparison of scripts/bench.sh without the
# benchmarks, so it takes minutes instead of the whole benchmark run.
# With `--names`, it also builds the full module with function names kept and prints twiggy's
# largest items (TWIGGY_ROWS of them, 40 by default), to show where the bytes are.
# Each build has its own target directory under target/table-size, so target/ is left alone.
# Run scripts/setup.sh first.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

TARGET=wasm32-unknown-unknown
WORK_DIR="${CARGO_TARGET_DIR:-target}/table-size"
WASM_OPT=node_modules/.bin/wasm-opt

command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found. Run scripts/setup.sh first."
[[ -x "$WASM_OPT" ]] || die "$WASM_OPT not found. Run scripts/setup.sh (it runs npm ci) first."

feature_flags="$(wasm_opt_feature_flags)"
# The flags contain no spaces, so word splitting turns the list into an array.
# shellcheck disable=SC2206
FEATURES=($feature_flags)

# Builds the module into WORK_DIR/NAME/pii_token_bg.wasm.
# Usage: build NAME [NAME=VALUE...] [-- WASM_OPT_FLAG...]
# The NAME=VALUE pairs are set in cargo's environment.
build() {
    local name="$1" out_dir="$WORK_DIR/$1"
    shift
    local env_vars=("CARGO_TARGET_DIR=$WORK_DIR/target-$name")
    while [[ $# -gt 0 && "$1" != -- ]]; do
        env_vars+=("$1")
        shift
    done
    [[ $# -gt 0 ]] && shift
    step "Building the $name module"
    env "${env_vars[@]}" cargo rustc -q -p pii-token --lib --profile wasm-release \
        --target "$TARGET" --crate-type cdylib
    rm -rf "$out_dir"
    wasm-bindgen --target web --out-dir "$out_dir" \
        "$WORK_DIR/target-$name/$TARGET/wasm-release/pii_token.wasm"
    "$WASM_OPT" -Oz "${FEATURES[@]}" "$@" "$out_dir/pii_token_bg.wasm" \
        -o "$out_dir/pii_token_bg.wasm.opt"
    mv "$out_dir/pii_token_bg.wasm.opt" "$out_dir/pii_token_bg.wasm"
}

raw_size() {
    stat -c %s "$WORK_DIR/$1/pii_token_bg.wasm"
}

gzip_size() {
    gzip -9 -c "$WORK_DIR/$1/pii_token_bg.wasm" | wc -c
}

build full -- --strip-debug --strip-producers
build minimal "RUSTFLAGS=--cfg pii_token_minimal_table -A dead_code" \
    -- --strip-debug --strip-producers

printf '\n%-10s %10s %10s\n' module raw gzip-9
for name in full minimal; do
    printf '%-10s %10d %10d\n' "$name" "$(raw_size "$name")" "$(gzip_size "$name")"
done
printf '%-10s %10d %10d\n' tables \
    "$(($(raw_size full) - $(raw_size minimal)))" "$(($(gzip_size full) - $(gzip_size minimal)))"

if [[ "${1:-}" == --names ]]; then
    command -v twiggy >/dev/null || die "twiggy not found. Install it with cargo install twiggy."
    build names CARGO_PROFILE_WASM_RELEASE_STRIP=none -- --debuginfo --strip-dwarf \
        --strip-producers
    twiggy top -n "${TWIGGY_ROWS:-40}" "$WORK_DIR/names/pii_token_bg.wasm"
fi
