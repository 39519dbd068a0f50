# shellcheck shell=bash
# Shared helpers for the scripts in this folder, to be sourced, not run.

# The repository root, whatever the caller's working directory.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# rustup puts cargo and the tools that `cargo install` builds here.
case ":$PATH:" in
    *":$HOME/.cargo/bin:"*) ;;
    *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

# Prints a step heading to stderr, set off from tool output by a blank line and an arrow.
step() {
    printf '\n==> %s\n' "$*" >&2
}

# Prints a message to stderr and exits with status 1.
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Where `cargo build` puts the sandbox binary.
SANDBOX_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/pii-token-sandbox"
SANDBOX_PID=""

# Builds the sandbox and starts it in the background with the given arguments, which must include
# `--ready-file FILE`. Sets SANDBOX_PID and waits until the sandbox has written FILE. The sandbox
# writes its log to SANDBOX_LOG when that is set, and to this script's output otherwise.
start_sandbox() {
    local ready_file="" arg previous=""
    for arg in "$@"; do
        [[ "$previous" == "--ready-file" ]] && ready_file="$arg"
        previous="$arg"
    done
    [[ -n "$ready_file" ]] || die "start_sandbox needs --ready-file FILE"
    rm -f "$ready_file"

    step "Building the sandbox"
    cargo build -p pii-token-sandbox

    step "Starting the sandbox"
    if [[ -n "${SANDBOX_LOG:-}" ]]; then
        "$SANDBOX_BIN" "$@" >"$SANDBOX_LOG" 2>&1 &
    else
        "$SANDBOX_BIN" "$@" &
    fi
    SANDBOX_PID=$!

    local waited=0
    until [[ -s "$ready_file" ]]; do
        if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
            wait "$SANDBOX_PID" || true
            SANDBOX_PID=""
            [[ -n "${SANDBOX_LOG:-}" ]] && cat "$SANDBOX_LOG" >&2
            die "the sandbox exited before it was ready"
        fi
        if ((waited >= 300)); then
            die "the sandbox wrote no ready file to $ready_file within 30 s"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Stops the sandbox that start_sandbox started, if it is still running.
stop_sandbox() {
    if [[ -n "$SANDBOX_PID" ]] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
        kill -TERM "$SANDBOX_PID" 2>/dev/null || true
        wait "$SANDBOX_PID" 2>/dev/null || true
    fi
    SANDBOX_PID=""
}

# Prints one string field of the sandbox's ready file.
ready_field() {
    # shellcheck disable=SC2016 # The ${...} belong to JavaScript.
    node -e '
        const config = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const value = config[process.argv[2]];
        if (typeof value !== "string") {
            console.error(`field ${process.argv[2]} is missing from ${process.argv[1]}`);
            process.exit(1);
        }
        console.log(value);
    ' "$1" "$2"
}

# Prints wasm-opt's --enable-* flags for the features rustc enables on the wasm target. They
# come from rustc rather than from `wasm-opt --detect-features`, which reads the module's
# target_features section. That section is missing when the wasm-release profile has
# `strip = true`, and wasm-opt then rejected the module because it contains memory.copy.
wasm_opt_feature_flags() {
    local feature
    rustc --print cfg --target wasm32-unknown-unknown |
        sed -n 's/^target_feature="\(.*\)"$/\1/p' |
        while read -r feature; do
            case "$feature" in
                nontrapping-fptoint) echo --enable-nontrapping-float-to-int ;;
                # LLVM's bulk-memory implies bulk-memory-opt (memory.copy and memory.fill).
                bulk-memory) echo --enable-bulk-memory --enable-bulk-memory-opt ;;
                # LLVM's reference-types implies call-indirect-overlong (LEB table index).
                reference-types) echo --enable-reference-types --enable-call-indirect-overlong ;;
                simd128) echo --enable-simd ;;
                atomics) echo --enable-threads ;;
                sign-ext | mutable-globals | multivalue | tail-call | extended-const | \
                    multimemory | relaxed-simd | exception-handling)
                    echo "--enable-$feature"
                    ;;
                *) die "no wasm-opt flag known for the wasm target feature '$feature'" ;;
            esac
        done
}
