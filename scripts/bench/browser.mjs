// Measures the built module in headless Chromium: the time `init()` takes on fresh page loads,
// and the time of one `validateIdNumber` call for every ID type that `idTypes()` lists.
//
// Usage: node scripts/bench/browser.mjs MERCHANT_URL OUTPUT_JSON
// MERCHANT_URL is the sandbox's merchant origin, which serves the module at /pkg/pii_token.js.
// Environment: BENCH_INIT_LOADS (default 30), BENCH_ROUNDS (default 11), BENCH_BATCH_MS
// (default 20), and CHROMIUM_PATH as in tests/e2e/helpers.js.
import { writeFileSync } from "node:fs";

import { launchBrowser } from "../../tests/e2e/helpers.js";

// An empty page that Playwright serves at this path of the merchant origin, so the module
// loads from the same origin as on a merchant's own page, and nothing else runs beside it.
const BLANK_PATH = "/bench-blank.html";
const BLANK_HTML = "<!doctype html><html><head><title>benchmark</title></head><body></body></html>";

const settings = {
  initLoads: readCount("BENCH_INIT_LOADS", 30),
  rounds: readCount("BENCH_ROUNDS", 11),
  batchMs: readCount("BENCH_BATCH_MS", 20),
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

/** Opens the blank page of the merchant origin in a new browser context with an empty cache. */
async function openBlankPage(browser, merchantUrl) {
  const context = await browser.newContext();
  await context.route(`${merchantUrl}${BLANK_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: BLANK_HTML }),
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

async function main() {
  const [merchantUrl, outputPath] = process.argv.slice(2);
  if (!merchantUrl || !outputPath) {
    throw new Error("usage: node scripts/bench/browser.mjs MERCHANT_URL OUTPUT_JSON");
  }
  const origin = merchantUrl.replace(/\/+$/, "");

  const browser = await launchBrowser();
  try {
    const initMs = await measureInit(browser, origin, settings.initLoads);

    const { context, page, errors } = await openBlankPage(browser, origin);
    const validation = await page.evaluate(validateInPage, settings);
    await context.close();
    if (errors.length > 0) {
      throw new Error(`the page reported errors while validating: ${errors.join("; ")}`);
    }

    const result = {
      browserVersion: browser.version(),
      settings,
      initMs,
      validation,
    };
    writeFileSync(outputPath, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
  }
}

await main();
