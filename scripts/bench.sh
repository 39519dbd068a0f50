#!/usr/bin/env bash
# Measures the module and writes docs/benchmarks.md:
#   1. native validation time per ID type, from criterion (benches/validate.rs);
#   2. in headless Chromium, with the module served by the sandbox's merchant origin
#      (scripts/bench/browser.mjs): `init()`, `validateIdNumber` per ID type, `createPiiToken`
#      against a hand-written `fetch` of the same request, and the requests per token that the
#      sandbox's API log records;
#   3. the size of every build in pkg/ (scripts/bench/pkg-sizes.mjs), the module with and
#      without the ID-type tables beyond the United States' and with and without the request
#      code, and twiggy's list of its largest items.
# Each figure in the report comes with the machine and the commands behind it. Intermediate
# results go to target/bench/results. Run scripts/setup.sh first (`npm run bench` does).
# Environment: BENCH_INIT_LOADS, BENCH_ROUNDS, BENCH_BATCH_MS, BENCH_CALL_PAIRS and
# BENCH_TOKEN_CALLS (see scripts/bench/browser.mjs), CHROMIUM_PATH (default /usr/bin/chromium).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

TARGET=wasm32-unknown-unknown
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
BENCH_DIR="$TARGET_DIR/bench"
RESULTS="$BENCH_DIR/results"
REPORT=docs/benchmarks.md
WASM_OPT=node_modules/.bin/wasm-opt
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Only the United States' table is compiled in with this cfg (src/id_types/mod.rs).
MINIMAL_CFG="--cfg pii_token_minimal_table"
# Without the request code: `configure`, `createPiiToken` and `Tokenizer` are not exported, so
# the linker drops the code that only they reach (src/wasm/mod.rs).
VALIDATION_CFG="--cfg pii_token_validation_only"
# Each cfg leaves code unused, and `-A dead_code` keeps those warnings out.
ALLOW_UNUSED="-A dead_code"

command -v node >/dev/null || die "node not found. Install Node.js 20 or newer."
command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found. Run scripts/setup.sh first."
[[ -x "$WASM_OPT" ]] || die "$WASM_OPT not found. Run scripts/setup.sh (it runs npm ci) first."
[[ -x "$CHROMIUM" ]] || die "Chromium not found at $CHROMIUM. Run scripts/setup.sh first."
command -v twiggy >/dev/null || die "twiggy not found. Run scripts/setup.sh first."

RUN_DIR="$(mktemp -d)"
SANDBOX_LOG="$RUN_DIR/sandbox.log"
cleanup() {
    local status=$?
    stop_sandbox
    if [[ "$status" -ne 0 && -s "$SANDBOX_LOG" ]]; then
        printf '\n==> Last lines of the sandbox log\n' >&2
        tail -n 40 "$SANDBOX_LOG" >&2
    fi
    rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# Prints the arguments as one shell command line, quoting those that need it.
quote_command() {
    local arg words=()
    for arg in "$@"; do
        if [[ "$arg" =~ ^[A-Za-z0-9_./:=+@%,-]+$ ]]; then
            words+=("$arg")
        else
            words+=("'${arg//\'/\'\\\'\'}'")
        fi
    done
    printf '%s\n' "${words[*]}"
}

# Adds a line to the list of commands that the report shows for SECTION.
note_command() {
    printf '%s\n' "$2" >>"$RESULTS/$1.commands"
}

# Adds the command to the report's list for SECTION, then runs it.
record() {
    local section="$1"
    shift
    note_command "$section" "$(quote_command "$@")"
    "$@"
}

# Adds a `KEY<tab>VALUE` line to the machine description.
machine_fact() {
    printf '%s\t%s\n' "$1" "$2" >>"$RESULTS/machine.tsv"
}

# Records the one-minute load average, so the report shows how busy the shared machine was.
note_load() {
    printf '%s\t%s\t%s\n' "$1" "$2" "$(cut -d ' ' -f 1 /proc/loadavg)" >>"$RESULTS/load.tsv"
}

describe_machine() {
    machine_fact date "$(date -u '+%Y-%m-%d %H:%M UTC')"
    machine_fact cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
    machine_fact cores "$(nproc)"
    machine_fact memory "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    # shellcheck disable=SC1091 # os-release is the system's file.
    machine_fact os "$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
    machine_fact rustc "$(rustc --version)"
    machine_fact node "$(node --version)"
    machine_fact chromium "$("$CHROMIUM" --version 2>/dev/null | head -n 1)"
    # The browser tests run in Firefox too (scripts/test.sh); the figures here are Chromium's.
    if command -v firefox-esr >/dev/null; then
        machine_fact firefox "$(firefox-esr --version 2>/dev/null | sed -n 1p)"
    fi
    if command -v geckodriver >/dev/null; then
        machine_fact geckodriver "$(geckodriver --version 2>/dev/null | sed -n 1p)"
    fi
    machine_fact wasm-bindgen "$(wasm-bindgen --version)"
    machine_fact wasm-opt "$("$WASM_OPT" --version)"
}

measure_native() {
    step "Measuring native validation with criterion"
    local stamp="$RUN_DIR/native.start"
    touch "$stamp"
    note_load native start
    record native cargo bench --bench validate -- --noplot
    note_load native end
    # Only the estimates that this run wrote: criterion keeps results of types that no longer
    # exist until the directory is removed.
    find "$TARGET_DIR/criterion/validate" -path '*/new/estimates.json' -newer "$stamp" |
        sort >"$RESULTS/native-estimates.txt"
    [[ -s "$RESULTS/native-estimates.txt" ]] ||
        die "cargo bench wrote no estimates under $TARGET_DIR/criterion/validate"
}

measure_browser() {
    record browser bash scripts/build.sh
    local ready_file="$RUN_DIR/sandbox-ready.json"
    start_sandbox --api-addr 127.0.0.1:0 --merchant-addr 127.0.0.1:0 --ready-file "$ready_file"
    note_command browser "${SANDBOX_BIN#"$ROOT"/} --api-addr 127.0.0.1:0 \\
    --merchant-addr 127.0.0.1:0 --ready-file READY_FILE &"
    local merchant_url
    merchant_url="$(ready_field "$ready_file" merchantUrl)"

    step "Measuring the module in headless Chromium against $merchant_url"
    note_load browser start
    note_command browser "node scripts/bench/browser.mjs READY_FILE $RESULTS/browser.json"
    node scripts/bench/browser.mjs "$ready_file" "$RESULTS/browser.json"
    note_load browser end
    stop_sandbox
}

# Builds the module with scripts/build.sh's steps into OUT_DIR instead of pkg/web.
# Usage: build_module DESCRIPTION OUT_DIR TARGET_DIR [NAME=VALUE...] [-- WASM_OPT_FLAG...]
# The NAME=VALUE pairs are set in cargo's environment. DESCRIPTION heads the report's commands.
build_module() {
    local description="$1" out_dir="$2" target_dir="$3"
    shift 3
    local env_vars=("CARGO_TARGET_DIR=$target_dir")
    while [[ $# -gt 0 && "$1" != -- ]]; do
        env_vars+=("$1")
        shift
    done
    [[ $# -gt 0 ]] && shift
    local opt_flags=("$@")
    local feature_flags features
    feature_flags="$(wasm_opt_feature_flags)"
    # The flags contain no spaces, so word splitting turns the list into an array.
    # shellcheck disable=SC2206
    features=($feature_flags)

    step "Building the module into $out_dir"
    note_command size "# $description"
    record size env "${env_vars[@]}" cargo rustc -p pii-token --lib --profile wasm-release \
        --target "$TARGET" --crate-type cdylib
    rm -rf "$out_dir"
    record size wasm-bindgen --target web --out-dir "$out_dir" \
        "$target_dir/$TARGET/wasm-release/pii_token.wasm"
    record size "$WASM_OPT" -Oz "${features[@]}" "${opt_flags[@]}" \
        "$out_dir/pii_token_bg.wasm" -o "$out_dir/pii_token_bg.wasm.opt"
    mv "$out_dir/pii_token_bg.wasm.opt" "$out_dir/pii_token_bg.wasm"
    record size node js/minify.mjs "$out_dir/pii_token.js"
}

# Prints the size in bytes of FILE compressed with brotli at quality 11, the highest.
brotli_size() {
    if command -v brotli >/dev/null; then
        brotli -c -q 11 "$1" | wc -c
    else
        node -e '
            const { brotliCompressSync, constants } = require("node:zlib");
            const data = require("node:fs").readFileSync(process.argv[1]);
            const params = { [constants.BROTLI_PARAM_QUALITY]: 11 };
            console.log(brotliCompressSync(data, { params }).length);
        ' "$1"
    fi
}

# Adds a `BUILD<tab>FILE<tab>RAW<tab>GZIP<tab>BROTLI` line for each file of the built module:
# the .wasm and its minified glue.
measure_sizes() {
    local build="$1" name file
    for name in pii_token_bg.wasm pii_token.js; do
        file="$2/$name"
        printf '%s\t%s\t%d\t%d\t%d\n' "$build" "$name" "$(stat -c %s "$file")" \
            "$(gzip -9 -n -c "$file" | wc -c)" "$(brotli_size "$file")" >>"$RESULTS/sizes.tsv"
    done
}

# Measures every build directory that scripts/build.sh wrote under pkg/.
measure_pkg_sizes() {
    step "Measuring the builds in pkg/"
    note_command pkg "node scripts/bench/pkg-sizes.mjs pkg > $RESULTS/pkg-sizes.json"
    node scripts/bench/pkg-sizes.mjs pkg >"$RESULTS/pkg-sizes.json"
    note_command pkg "node scripts/check-size.mjs"
    # The budget check's verdict goes into the report, passing or not.
    node scripts/check-size.mjs >"$RESULTS/size-check.txt" 2>&1 || true
}

measure_size() {
    # The full build reuses target/, which scripts/build.sh has just filled, so cargo only
    # checks that it is up to date.
    build_module "Every ID-type table, as scripts/build.sh builds pkg/web" \
        "$BENCH_DIR/full" "$TARGET_DIR" -- --strip-debug --strip-producers
    local file
    for file in pii_token_bg.wasm pii_token.js; do
        cmp -s "$BENCH_DIR/full/$file" "pkg/web/$file" ||
            die "$BENCH_DIR/full/$file differs from pkg/web/$file, so this script no longer" \
                "builds the module as scripts/build.sh does. Update build_module in $0."
    done

    # A separate target directory each, because changing RUSTFLAGS or the profile in target/
    # would rebuild every crate there for the next ordinary build.
    build_module "Only the United States' table" \
        "$BENCH_DIR/minimal" "$BENCH_DIR/target-minimal" \
        "RUSTFLAGS=$MINIMAL_CFG $ALLOW_UNUSED" -- --strip-debug --strip-producers
    build_module "Every table, without the request code" \
        "$BENCH_DIR/validation" "$BENCH_DIR/target-validation" \
        "RUSTFLAGS=$VALIDATION_CFG $ALLOW_UNUSED" -- --strip-debug --strip-producers
    build_module "Only the United States' table, without the request code" \
        "$BENCH_DIR/validation-minimal" "$BENCH_DIR/target-validation-minimal" \
        "RUSTFLAGS=$MINIMAL_CFG $VALIDATION_CFG $ALLOW_UNUSED" -- --strip-debug --strip-producers
    build_module "Every table, with function names kept for twiggy" \
        "$BENCH_DIR/names" "$BENCH_DIR/target-names" \
        CARGO_PROFILE_WASM_RELEASE_STRIP=none -- --debuginfo --strip-dwarf --strip-producers
    # The same module without its name section, to compare with the shipped one.
    "$WASM_OPT" "$BENCH_DIR/names/pii_token_bg.wasm" --strip-debug --strip-producers \
        -o "$BENCH_DIR/names/without-names.wasm"

    if command -v brotli >/dev/null; then
        machine_fact brotli "$(brotli --version 2>&1 | head -n 1) (brotli -c -q 11)"
        note_command size "brotli -c -q 11 FILE | wc -c"
    else
        machine_fact brotli "Node.js $(node --version) zlib.brotliCompressSync, quality 11"
        note_command size "node -e 'zlib.brotliCompressSync(FILE, quality 11).length'"
    fi
    note_command size "gzip -9 -n -c FILE | wc -c"
    measure_sizes full "$BENCH_DIR/full"
    measure_sizes minimal "$BENCH_DIR/minimal"
    measure_sizes validation "$BENCH_DIR/validation"
    measure_sizes validation-minimal "$BENCH_DIR/validation-minimal"
    printf 'names\t%s\t%d\t0\t0\n' pii_token_bg.wasm \
        "$(stat -c %s "$BENCH_DIR/names/pii_token_bg.wasm")" >>"$RESULTS/sizes.tsv"
    printf 'names\t%s\t%d\t0\t0\n' without-names.wasm \
        "$(stat -c %s "$BENCH_DIR/names/without-names.wasm")" >>"$RESULTS/sizes.tsv"

    machine_fact twiggy "$(twiggy --version)"
    note_command twiggy "$(quote_command twiggy top -n 25 "$BENCH_DIR/names/pii_token_bg.wasm")"
    twiggy top -n 25 "$BENCH_DIR/names/pii_token_bg.wasm" >"$RESULTS/twiggy.txt"
}

describe_machine
measure_native
measure_browser
measure_pkg_sizes
measure_size

step "Writing $REPORT"
node scripts/bench/report.mjs "$RESULTS" >"$RESULTS/benchmarks.md"
mv "$RESULTS/benchmarks.md" "$REPORT"
printf 'Wrote %s\n' "$REPORT"
