#!/usr/bin/env bash
# Runs every check of the project in order and stops at the first failure:
#   fmt          cargo fmt --check
#   clippy       clippy on the host target, warnings denied
#   clippy-wasm  clippy on wasm32-unknown-unknown, warnings denied
#   unit         cargo test for the workspace (the module's native tests and the sandbox's)
#   fuzz         scripts/fuzz.sh for 10 s per fuzz target, leaving the committed corpus unchanged
#   build        scripts/build.sh, the npm package in pkg/ with its five builds
#   size         tests of scripts/check-size.mjs, then the check itself: the gzip size of each
#                build in pkg/ against its budget in size-budget.json
#   types        tsc on tests/types/ with nodenext, node16 and bundler resolution, and checks that
#                the declarations match the built package
#   package      the packed package in Vite and webpack apps, a classic script, a worker, and
#                Node.js with import and require
#   browser      wasm-bindgen browser tests (tests/browser*.rs) in headless Chromium
#   browser-firefox  the same browser tests in headless Firefox ESR, through geckodriver
#   e2e          Playwright tests of the demo page (tests/e2e/) in headless Chromium
# Give stage names as arguments to run only those, e.g. `scripts/test.sh build e2e`.
# The package, browser, browser-firefox and e2e stages start a sandbox on free loopback ports and
# stop it on exit.
# Run scripts/setup.sh first (`npm test` does).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ALL_STAGES=(fmt clippy clippy-wasm unit fuzz build size types package browser browser-firefox e2e)

if [[ $# -eq 0 ]]; then
    STAGES=("${ALL_STAGES[@]}")
else
    STAGES=("$@")
    for stage in "${STAGES[@]}"; do
        [[ " ${ALL_STAGES[*]} " == *" $stage "* ]] ||
            die "unknown stage '$stage'. Valid stages: ${ALL_STAGES[*]}"
    done
fi

# Returns success when the named stage was selected.
selected() {
    [[ " ${STAGES[*]} " == *" $1 "* ]]
}

RUN_DIR="$(mktemp -d)"
READY_FILE="$RUN_DIR/sandbox-ready.json"
# The sandbox's request log would interleave with the test output, so it goes to a file that is
# printed only when a stage fails.
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

if selected fmt; then
    step "Checking formatting"
    cargo fmt --all --check
fi

if selected clippy; then
    step "Running clippy (host target)"
    cargo clippy --workspace --all-targets -- -D warnings
fi

if selected clippy-wasm; then
    step "Running clippy (wasm32-unknown-unknown)"
    cargo clippy -p pii-token --target wasm32-unknown-unknown --all-targets -- -D warnings
fi

if selected unit; then
    step "Running the native tests"
    cargo test --workspace
fi

if selected fuzz; then
    # A short run that catches a crash on the committed corpus or close to it. New inputs go to
    # a temporary directory, so the test run changes no committed file. `npm run fuzz` runs
    # longer and keeps the new inputs.
    FUZZ_SECONDS=10 FUZZ_UPDATE_CORPUS=0 bash scripts/fuzz.sh
fi

if selected build; then
    bash scripts/build.sh
fi

if selected size; then
    step "Checking the size budget of each build"
    [[ -f pkg/web/pii_token_bg.wasm ]] ||
        die "pkg/web contains no built module. Run scripts/build.sh or include the build stage."
    node --test tests/size/
    node scripts/check-size.mjs
fi

# Packs pkg/ once per run and installs the tarball, without the registry, into the project in
# directory $1, as a user's `npm install pii-token` would.
install_package() {
    [[ -f pkg/package.json ]] || die "pkg/package.json is missing. Run scripts/build.sh first."
    if [[ -z "${PACKAGE_TARBALL:-}" ]]; then
        PACKAGE_TARBALL="$RUN_DIR/$(npm pack --silent --pack-destination "$RUN_DIR" ./pkg)"
    fi
    (cd "$1" && npm install --offline --no-save --no-package-lock --no-audit --no-fund \
        --loglevel=error "$PACKAGE_TARBALL")
}

if selected types; then
    step "Checking the TypeScript declarations"
    install_package tests/types
    node_modules/.bin/tsc -p tests/types/tsconfig.json
    node_modules/.bin/tsc -p tests/types/tsconfig.node16.json
    node_modules/.bin/tsc -p tests/types/tsconfig.bundler.json
    node --test tests/types/
fi

if selected package; then
    step "Building the Vite and webpack example apps against the packed package"
    install_package examples/vite-app
    (cd examples/vite-app && ../../node_modules/.bin/vite build --logLevel warn)
    install_package examples/webpack-app
    node examples/webpack-app/build.mjs
    install_package tests/node
fi

if selected browser || selected browser-firefox || selected e2e || selected package; then
    [[ -f pkg/web/pii_token_bg.wasm ]] ||
        die "pkg/web contains no built module. Run scripts/build.sh or include the build stage."
    # Port 0 lets the system pick free ports, so a running `npm start` does not collide.
    start_sandbox --api-addr 127.0.0.1:0 --merchant-addr 127.0.0.1:0 --ready-file "$READY_FILE"
    API_BASE="$(ready_field "$READY_FILE" apiBase)"
    printf 'Sandbox API origin %s, merchant origin %s\n' \
        "$API_BASE" "$(ready_field "$READY_FILE" merchantUrl)"
fi

if selected browser; then
    step "Running the browser tests in headless Chromium"
    # tests/common/mod.rs reads both variables with option_env!, so they are set at compile time.
    PII_TOKEN_SANDBOX_API="$API_BASE" \
        PII_TOKEN_SANDBOX_KEY="$(ready_field "$READY_FILE" publishableKey)" \
        wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver
fi

if selected browser-firefox; then
    step "Running the browser tests in headless Firefox"
    command -v geckodriver >/dev/null || die "geckodriver not found. Run scripts/setup.sh first."
    # The same compile-time variables as the Chromium run, so the test crate is not rebuilt.
    # webdriver.json's moz:firefoxOptions names the Firefox binary and its preferences.
    PII_TOKEN_SANDBOX_API="$API_BASE" \
        PII_TOKEN_SANDBOX_KEY="$(ready_field "$READY_FILE" publishableKey)" \
        wasm-pack test --headless --firefox --geckodriver "$(command -v geckodriver)"
fi

if selected package; then
    step "Testing the package in the apps, a classic script, a worker and Node.js"
    SANDBOX_READY_FILE="$READY_FILE" node --test --test-concurrency=1 \
        tests/e2e/package/*.test.js tests/node/*.test.js tests/node/*.test.cjs
fi

if selected e2e; then
    step "Running the end-to-end tests in headless Chromium"
    # Test files share one sandbox and reset its request logs, so they run one at a time.
    SANDBOX_READY_FILE="$READY_FILE" node --test --test-concurrency=1 tests/e2e/*.test.js
fi
