// Measures the built module in headless Chromium. It times `init()` on fresh page loads and one
// `validateIdNumber` call for every ID type that `idTypes()` lists. It times one
// `createPiiToken` call against the sandbox next to a hand-written `fetch` of the same request,
// and counts the requests that the sandbox receives per token.
//
// Usage: node scripts/bench/browser.mjs READY_FILE OUTPUT_JSON
// READY_FILE is the file that the sandbox wrote with `--ready-file`; its merchant origin serves
// the module at /pkg/pii_token.js. Environment: BENCH_INIT_LOADS (default 30), BENCH_ROUNDS
// (default 11), BENCH_BATCH_MS (default 20), BENCH_CALL_PAIRS (default 1000),
// BENCH_TOKEN_CALLS (default 20), and CHROMIUM_PATH as in tests/e2e/helpers.js.
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

import {
  fetchRequestLog,
  launchBrowser,
  openForm,
  resetRequestLog,
} from "../../tests/e2e/helpers.js";

// An empty page that Playwright serves at this path of the merchant origin, so the module
// loads from the same origin as on a merchant's own page, and nothing else runs beside it.
const BLANK_PATH = "/bench-blank.html";
const BLANK_HTML = "<!doctype html><html><head><title>benchmark</title></head><body></body></html>";
// These two headers make the page cross-origin isolated, where Chromium rounds
// `performance.now()` to 5 microseconds instead of 100. The per-call measurement needs that,
// because the module's share of one call can be a fraction of a millisecond.
const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};
// Chromium's flags for a closed network, as in tests/e2e/helpers.js, and one more. Chromium
// counts a page that Playwright serves in place of a file as public, and its Local Network
// Access check then blocks that page's requests to the sandbox on loopback. A merchant's page
// calling Stripe's public API is public on both ends, where the check does not apply, so the
// benchmark turns it off. The requests-per-token count runs in a browser without this flag.
const BENCH_CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-features=LocalNetworkAccessChecks",
];
// One of Stripe's test numbers, and the ID type it is sent as.
const TEST_NUMBER = "000000000";
const TEST_ID_TYPE = "us_ssn";
// Pairs of calls made before the timed ones, so both paths have warmed up.
const WARM_UP_PAIRS = 20;

const settings = {
  initLoads: readCount("BENCH_INIT_LOADS", 30),
  rounds: readCount("BENCH_ROUNDS", 11),
  batchMs: readCount("BENCH_BATCH_MS", 20),
  callPairs: readCount("BENCH_CALL_PAIRS", 1000),
  tokenCalls: readCount("BENCH_TOKEN_CALLS", 20),
};

/** Reads a positive integer from the environment variable `name`, or returns `fallback`. */
function readCount(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === "") {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${text}"`);
  }
  return value;
}

/**
 * Opens the blank page of the merchant origin in a new browser context with an empty cache,
 * cross-origin isolated when `isolated` is set.
 */
async function openBlankPage(browser, merchantUrl, { isolated = false } = {}) {
  const context = await browser.newContext();
  const headers = isolated ? ISOLATION_HEADERS : {};
  await context.route(`${merchantUrl}${BLANK_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", headers, body: BLANK_HTML }),
  );
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(`${error.name}: ${error.message}`));
  await page.goto(`${merchantUrl}${BLANK_PATH}`);
  return { context, page, errors };
}

/**
 * Loads the module on `loads` fresh pages and returns the milliseconds from calling `init()`
 * to its promise resolving on each. Each page has its own context, so the `.wasm` is fetched,
 * compiled and instantiated every time.
 */
async function measureInit(browser, merchantUrl, loads) {
  const samples = [];
  for (let load = 0; load < loads; load += 1) {
    const { context, page, errors } = await openBlankPage(browser, merchantUrl);
    try {
      const elapsed = await page.evaluate(async () => {
        const module = await import("/pkg/pii_token.js");
        const start = performance.now();
        await module.default();
        return performance.now() - start;
      });
      if (errors.length > 0) {
        throw new Error(`the page reported errors while loading the module: ${errors.join("; ")}`);
      }
      samples.push(elapsed);
    } finally {
      await context.close();
    }
  }
  return samples;
}

/**
 * Runs in the page: times `validateIdNumber(sample, idType)` for every type. Each type gets a
 * call count that fills about `batchMs` milliseconds, because Chromium rounds
 * `performance.now()` to 100 microseconds on a page that is not cross-origin isolated. Every
 * round times one batch per type, starting each round at a different type, so a slow spell on
 * the machine spreads over all types instead of landing on one.
 */
async function validateInPage({ rounds, batchMs }) {
  const module = await import("/pkg/pii_token.js");
  await module.default();

  // The same input as benches/validate.rs: the first printed layout, with each `#` replaced
  // by the digit at that position of a fixed sequence.
  const digits = "4929173056";
  const sampleInput = (layout) =>
    Array.from(layout, (symbol, index) => (symbol === "#" ? digits[index % 10] : symbol)).join("");

  const types = module.idTypes().map((entry) => {
    const sample = sampleInput(entry.formats[0]);
    const result = module.validateIdNumber(sample, entry.idType);
    return { idType: entry.idType, sample, outcome: result.valid ? "valid" : result.code };
  });

  let validCount = 0;
  const validate = (type) => {
    if (module.validateIdNumber(type.sample, type.idType).valid) {
      validCount += 1;
    }
  };
  const timeBatch = (type, calls) => {
    const start = performance.now();
    for (let call = 0; call < calls; call += 1) {
      validate(type);
    }
    return performance.now() - start;
  };
  // Calls in groups of 16 until `ms` milliseconds have passed, and returns the calls per
  // millisecond.
  const callsPerMs = (type, ms) => {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let call = 0; call < 16; call += 1) {
        validate(type);
      }
      calls += 16;
      now = performance.now();
    }
    return calls / (now - start);
  };

  // A warm-up pass over every type first, so the JavaScript glue is compiled and V8 has moved
  // the hot wasm functions to its optimising tier before any call count is chosen.
  for (const type of types) {
    callsPerMs(type, 30);
  }
  for (const type of types) {
    type.calls = Math.max(1, Math.round(callsPerMs(type, 20) * batchMs));
    type.nsPerCall = [];
  }

  for (let round = 0; round < rounds; round += 1) {
    for (let offset = 0; offset < types.length; offset += 1) {
      const type = types[(round + offset) % types.length];
      const elapsed = timeBatch(type, type.calls);
      type.nsPerCall.push((elapsed * 1e6) / type.calls);
    }
  }

  return {
    validCalls: validCount,
    types: types.map(({ idType, sample, outcome, calls, nsPerCall }) => ({
      idType,
      sampleLength: sample.length,
      outcome,
      callsPerBatch: calls,
      nsPerCall,
    })),
  };
}

/**
 * Runs in the page: sends the same token request `pairs` times through the module's
 * `createPiiToken` and `pairs` times through a hand-written `fetch`, alternating (module,
 * fetch, module, fetch...), and returns each call's milliseconds. Both send
 * `POST {apiBase}/v1/tokens` with the body `pii[id_number]=...&key=...` and only a
 * `Content-Type` header of their own, and both wait for the whole response body.
 */
async function callsInPage({ apiBase, publishableKey, idNumber, idType, warmUpPairs, pairs }) {
  const module = await import("/pkg/pii_token.js");
  await module.default();
  module.configure({ publishableKey, apiBase });

  const tokensUrl = `${apiBase}/v1/tokens`;
  const viaModule = async () => {
    const token = await module.createPiiToken(idNumber, { idType });
    return token.id;
  };
  const viaFetch = async () => {
    const body = new URLSearchParams([
      ["pii[id_number]", idNumber],
      ["key", publishableKey],
    ]).toString();
    const response = await fetch(tokensUrl, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    const token = await response.json();
    if (response.status !== 200) {
      throw new Error(`the hand-written fetch got HTTP status ${response.status}`);
    }
    return token.id;
  };
  const timed = async (call, samples) => {
    const start = performance.now();
    const id = await call();
    const elapsed = performance.now() - start;
    if (typeof id !== "string" || !id.startsWith("pii_")) {
      throw new Error("a call resolved without a pii_ token id");
    }
    samples?.push(elapsed);
  };

  for (let pair = 0; pair < warmUpPairs; pair += 1) {
    await timed(viaModule);
    await timed(viaFetch);
  }
  const moduleMs = [];
  const fetchMs = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    await timed(viaModule, moduleMs);
    await timed(viaFetch, fetchMs);
  }
  return { crossOriginIsolated: globalThis.crossOriginIsolated === true, moduleMs, fetchMs };
}

/** Counts the entries of an API request log by method and path, such as `POST /v1/tokens`. */
function countRequests(requests) {
  const counts = {};
  for (const request of requests) {
    const key = `${request.method} ${request.path}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Checks in the sandbox's log that the interleaved run sent identical requests: alternating
 * entries from the module and the hand-written fetch, all `POST /v1/tokens` with status 200,
 * the same origin, content type and form field names. Returns the counts by method.
 */
async function checkInterleavedLog(apiBase, expected) {
  const { text, requests } = await fetchRequestLog(apiBase);
  const { dropped } = JSON.parse(text);
  if (dropped > 0 || requests.length !== expected) {
    throw new Error(`the sandbox logged ${requests.length} requests (${dropped} dropped), ` +
      `expected ${expected}`);
  }
  const shape = (request) =>
    JSON.stringify([request.method, request.path, request.status, request.origin,
      request.contentType, request.formFields, request.hasIdempotencyKey]);
  for (let index = 1; index < requests.length; index += 1) {
    if (shape(requests[index]) !== shape(requests[0])) {
      throw new Error(`request ${index} differs from the first: ${shape(requests[index])} ` +
        `against ${shape(requests[0])}`);
    }
  }
  return {
    total: requests.length,
    counts: countRequests(requests),
    shape: JSON.parse(shape(requests[0])),
  };
}

/** Times `createPiiToken` against a hand-written `fetch` of the same request, interleaved. */
async function measureCalls(browser, sandbox) {
  await resetRequestLog(sandbox.apiBase);
  const { context, page, errors } = await openBlankPage(browser, sandbox.merchantUrl, {
    isolated: true,
  });
  try {
    const result = await page.evaluate(callsInPage, {
      apiBase: sandbox.apiBase,
      publishableKey: sandbox.publishableKey,
      idNumber: TEST_NUMBER,
      idType: TEST_ID_TYPE,
      warmUpPairs: WARM_UP_PAIRS,
      pairs: settings.callPairs,
    });
    if (errors.length > 0) {
      throw new Error(`the page reported errors during the calls: ${errors.join("; ")}`);
    }
    const expected = 2 * (WARM_UP_PAIRS + settings.callPairs);
    const log = await checkInterleavedLog(sandbox.apiBase, expected);
    return {
      ...result,
      warmUpPairs: WARM_UP_PAIRS,
      idNumber: TEST_NUMBER,
      idType: TEST_ID_TYPE,
      log,
    };
  } finally {
    await context.close();
  }
}

/**
 * Creates `calls` tokens with the module on the demo page, which the sandbox serves, one after
 * the other, and returns what the sandbox's API log recorded meanwhile, counted by method and
 * path. The browser is launched with the end-to-end tests' flags only, so nothing here
 * changes whether Chromium sends a preflight.
 */
async function measureRequestsPerToken(sandbox, calls) {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(`${error.name}: ${error.message}`));
    await openForm(page, `${sandbox.merchantUrl}/`);
    await resetRequestLog(sandbox.apiBase);
    const tokens = await page.evaluate(
      async ({ apiBase, publishableKey, idNumber, idType, calls }) => {
        const module = await import("/pkg/pii_token.js");
        await module.default();
        module.configure({ publishableKey, apiBase });
        const ids = [];
        for (let call = 0; call < calls; call += 1) {
          ids.push((await module.createPiiToken(idNumber, { idType })).id);
        }
        return ids;
      },
      { ...sandbox, idNumber: TEST_NUMBER, idType: TEST_ID_TYPE, calls },
    );
    if (errors.length > 0) {
      throw new Error(`the page reported errors during the calls: ${errors.join("; ")}`);
    }
    if (new Set(tokens).size !== calls || !tokens.every((id) => id.startsWith("pii_"))) {
      throw new Error(`expected ${calls} distinct pii_ tokens, got ${tokens.join(", ")}`);
    }
    const { requests } = await fetchRequestLog(sandbox.apiBase);
    return {
      browserVersion: browser.version(),
      tokens: calls,
      requests: requests.length,
      counts: countRequests(requests),
    };
  } finally {
    await browser.close();
  }
}

async function main() {
  const [readyFile, outputPath] = process.argv.slice(2);
  if (!readyFile || !outputPath) {
    throw new Error("usage: node scripts/bench/browser.mjs READY_FILE OUTPUT_JSON");
  }
  const ready = JSON.parse(readFileSync(readyFile, "utf8"));
  const strip = (url) => url.replace(/\/+$/, "");
  const sandbox = {
    apiBase: strip(ready.apiBase),
    merchantUrl: strip(ready.merchantUrl),
    publishableKey: ready.publishableKey,
  };
  const origin = sandbox.merchantUrl;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: BENCH_CHROMIUM_ARGS,
  });
  try {
    const initMs = await measureInit(browser, origin, settings.initLoads);

    const { context, page, errors } = await openBlankPage(browser, origin);
    const validation = await page.evaluate(validateInPage, settings);
    await context.close();
    if (errors.length > 0) {
      throw new Error(`the page reported errors while validating: ${errors.join("; ")}`);
    }

    const calls = await measureCalls(browser, sandbox);
    const requestsPerToken = await measureRequestsPerToken(sandbox, settings.tokenCalls);

    const result = {
      browserVersion: browser.version(),
      browserArgs: BENCH_CHROMIUM_ARGS,
      settings,
      initMs,
      validation,
      calls,
      requestsPerToken,
    };
    writeFileSync(outputPath, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
  }
}

await main();
