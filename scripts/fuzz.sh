#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a bounded time on its committed corpus in
# fuzz/corpus/TARGET, then minimises that corpus with `cargo fuzz cmin` so the repository keeps
# a small one. Exits with status 1 when a target crashes, and prints the crash file's path.
#
# Usage: scripts/fuzz.sh [TARGET...]    (default: every target that `cargo fuzz list` prints)
# Environment:
#   FUZZ_SECONDS         fuzzing time per target in seconds (default 60)
#   FUZZ_MAX_LEN         maximum input length in bytes (default 512)
#   FUZZ_UPDATE_CORPUS   1 (default): new inputs go to fuzz/corpus/TARGET, which is then
#                        minimised. 0: new inputs go to a temporary directory, and the committed
#                        corpus stays unchanged. The `fuzz` stage of scripts/test.sh sets 0.
# cargo-fuzz needs the nightly toolchain. scripts/setup.sh installs cargo-fuzz.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

FUZZ_DIR=fuzz
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
FUZZ_UPDATE_CORPUS="${FUZZ_UPDATE_CORPUS:-1}"
# The printed layouts are at most about 20 characters, so 512 bytes leaves room for separators,
# spaces and stray characters around any number, while keeping each execution fast.
# NOTE: inputs of this length never reach the normaliser's 5000-character limit, and the
# response_parser target never receives a JSON body longer than 512 bytes.
MAX_LEN="${FUZZ_MAX_LEN:-512}"
# A single input that runs longer than this many seconds is reported as a timeout crash.
INPUT_TIMEOUT=10

[[ "$FUZZ_SECONDS" =~ ^[1-9][0-9]*$ ]] ||
    die "FUZZ_SECONDS must be a positive whole number of seconds, got '$FUZZ_SECONDS'"
[[ "$MAX_LEN" =~ ^[1-9][0-9]*$ ]] ||
    die "FUZZ_MAX_LEN must be a positive whole number of bytes, got '$MAX_LEN'"
[[ "$FUZZ_UPDATE_CORPUS" == 0 || "$FUZZ_UPDATE_CORPUS" == 1 ]] ||
    die "FUZZ_UPDATE_CORPUS must be 0 or 1, got '$FUZZ_UPDATE_CORPUS'"

if ! rustup toolchain list | grep -q '^nightly'; then
    die "cargo-fuzz needs the nightly Rust toolchain, and rustup lists none." \
        "Install it with 'rustup toolchain install nightly', then run this script again."
fi
cargo +nightly fuzz --version >/dev/null 2>&1 ||
    die "cargo-fuzz is not installed. Run scripts/setup.sh, or 'cargo install cargo-fuzz'."

mapfile -t ALL_TARGETS < <(cargo +nightly fuzz list --fuzz-dir "$FUZZ_DIR")
[[ ${#ALL_TARGETS[@]} -gt 0 ]] || die "cargo fuzz list printed no targets in $FUZZ_DIR"
if [[ $# -eq 0 ]]; then
    TARGETS=("${ALL_TARGETS[@]}")
else
    TARGETS=("$@")
    for target in "${TARGETS[@]}"; do
        [[ " ${ALL_TARGETS[*]} " == *" $target "* ]] ||
            die "unknown fuzz target '$target'. Targets: ${ALL_TARGETS[*]}"
    done
fi

RUN_DIR="$(mktemp -d)"
trap 'rm -rf "$RUN_DIR"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints the value of one `stat::NAME:` line that libFuzzer's -print_final_stats=1 writes.
final_stat() {
    sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

# Prints the number of files in a directory.
count_files() {
    find "$1" -maxdepth 1 -type f | wc -l
}

# Prints the crash, timeout, out-of-memory and leak files written for TARGET since STAMP.
new_artifacts() {
    local target="$1" stamp="$2"
    local dir="$FUZZ_DIR/artifacts/$target"
    [[ -d "$dir" ]] || return 0
    find "$dir" -maxdepth 1 -type f -newer "$stamp" \
        \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort
}

# Fuzzes one target and adds a line to SUMMARY. Returns 1 when the target crashed or the run
# failed.
fuzz_target() {
    local target="$1"
    local corpus="$FUZZ_DIR/corpus/$target"
    local log="$RUN_DIR/$target.log"
    local stamp="$RUN_DIR/$target.start"
    mkdir -p "$corpus"
    touch "$stamp"

    # libFuzzer writes new inputs to the first corpus directory and only reads the others.
    local corpora=("$corpus")
    if [[ "$FUZZ_UPDATE_CORPUS" == 0 ]]; then
        mkdir -p "$RUN_DIR/new-$target"
        corpora=("$RUN_DIR/new-$target" "$corpus")
    fi

    local before
    before="$(count_files "$corpus")"
    step "Fuzzing $target for $FUZZ_SECONDS s (corpus: $before files in $corpus)"
    local status=0
    cargo +nightly fuzz run --fuzz-dir "$FUZZ_DIR" "$target" "${corpora[@]}" -- \
        -max_total_time="$FUZZ_SECONDS" -max_len="$MAX_LEN" -timeout="$INPUT_TIMEOUT" \
        -print_final_stats=1 >"$log" 2>&1 || status=$?

    local executions rate added
    executions="$(final_stat "$log" number_of_executed_units)"
    rate="$(final_stat "$log" average_exec_per_sec)"
    added="$(final_stat "$log" new_units_added)"

    if [[ "$status" -ne 0 ]]; then
        local artifacts
        artifacts="$(new_artifacts "$target" "$stamp")"
        # The output without its backtrace frames: the panic message, the input and the
        # commands that cargo-fuzz suggests. The reproduction command prints the backtrace.
        grep -Ev '^[[:space:]]*(#?[0-9]+:? |at )' "$log" | tail -n 60 >&2
        if [[ -n "$artifacts" ]]; then
            local file
            while read -r file; do
                printf 'error: fuzz target %s crashed. Crash file: %s\n' "$target" "$file" >&2
                printf 'Reproduce with: cargo +nightly fuzz run --fuzz-dir %s %s %s\n' \
                    "$FUZZ_DIR" "$target" "$file" >&2
            done <<<"$artifacts"
            SUMMARY+=("$target ${executions:-?} ${rate:-?} ${added:-?} $before - crashed")
        else
            printf 'error: cargo fuzz run %s failed with status %d and wrote no crash file.\n' \
                "$target" "$status" >&2
            SUMMARY+=("$target ${executions:-?} ${rate:-?} ${added:-?} $before - failed")
        fi
        return 1
    fi

    local after
    after="$(count_files "$corpus")"
    if [[ "$FUZZ_UPDATE_CORPUS" == 1 ]]; then
        step "Minimising the corpus of $target ($after files)"
        cargo +nightly fuzz cmin --fuzz-dir "$FUZZ_DIR" "$target" "$corpus" \
            >"$RUN_DIR/$target.cmin.log" 2>&1 || {
            tail -n 40 "$RUN_DIR/$target.cmin.log" >&2
            die "cargo fuzz cmin $target failed"
        }
        after="$(count_files "$corpus")"
    fi
    SUMMARY+=("$target $executions $rate $added $before $after ok")
}

step "Building the fuzz targets with $(cargo +nightly --version)"
cargo +nightly fuzz build --fuzz-dir "$FUZZ_DIR"

SUMMARY=()
FAILED=0
for target in "${TARGETS[@]}"; do
    fuzz_target "$target" || FAILED=1
done

step "Summary (max_len $MAX_LEN, $FUZZ_SECONDS s per target)"
{
    echo "target executions exec/s new_inputs corpus_before corpus_after result"
    printf '%s\n' "${SUMMARY[@]}"
} | column -t
if [[ "$FUZZ_UPDATE_CORPUS" == 0 ]]; then
    echo "The committed corpus was left unchanged (FUZZ_UPDATE_CORPUS=0)."
fi
exit "$FAILED"
