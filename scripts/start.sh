#!/usr/bin/env bash
# Installs what is missing, builds the module and serves the demo with the sandbox until Ctrl-C.
# Arguments are passed to the sandbox, for example `npm start -- --merchant-addr 127.0.0.1:9090`.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/build.sh

RUN_DIR="$(mktemp -d)"
cleanup() {
    stop_sandbox
    rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_sandbox --ready-file "$RUN_DIR/ready.json" "$@"
printf '\nDemo page: %s/\nPress Ctrl-C to stop the sandbox.\n' \
    "$(ready_field "$RUN_DIR/ready.json" merchantUrl)"
wait "$SANDBOX_PID"
