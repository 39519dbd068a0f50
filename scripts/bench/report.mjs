// Turns the results that scripts/bench.sh collected into the Markdown of docs/benchmarks.md.
//
// Usage: node scripts/bench/report.mjs RESULTS_DIR > docs/benchmarks.md
// RESULTS_DIR contains machine.tsv, load.tsv, the *.commands lists, native-estimates.txt,
// browser.json, pkg-sizes.json, size-check.txt, sizes.tsv and twiggy.txt, as bench.sh writes
// them. The budgets come from size-budget.json in the repository root.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const resultsDir = process.argv[2];
if (!resultsDir) {
  throw new Error("usage: node scripts/bench/report.mjs RESULTS_DIR");
}

function readText(name) {
  return readFileSync(join(resultsDir, name), "utf8");
}

/** Reads a tab-separated file into arrays of fields, one per non-empty line. */
function readRows(name) {
  return readText(name)
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split("\t"));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Formats nanoseconds with one decimal below 100 ns and as a whole number above. */
function formatNs(ns) {
  return ns < 100 ? ns.toFixed(1) : integer.format(ns);
}

/** Formats a rate with three significant digits, such as 4,560,000. */
function formatRate(perSecond) {
  return integer.format(Number(perSecond.toPrecision(3)));
}

function formatBytes(bytes) {
  return integer.format(bytes);
}

function formatSignedBytes(bytes) {
  return `${bytes >= 0 ? "+" : "−"}${formatBytes(Math.abs(bytes))}`;
}

function codeBlock(text, language = "") {
  return `\`\`\`${language}\n${text.trimEnd()}\n\`\`\``;
}

function commandsBlock(section) {
  return codeBlock(readText(`${section}.commands`), "sh");
}

function table(header, rows) {
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const row of rows) {
    lines.push(`| ${row.join(" | ")} |`);
  }
  return lines.join("\n");
}

function loadSentence(loads, section) {
  const start = loads.find(([name, when]) => name === section && when === "start");
  const end = loads.find(([name, when]) => name === section && when === "end");
  if (!start || !end) {
    return "";
  }
  return `One-minute load average: ${start[2]} before, ${end[2]} after.`;
}

function machineSection(machine, loads) {
  const rows = [
    ["CPU", machine.cpu],
    ["cores", machine.cores],
    ["memory", machine.memory],
    ["OS", machine.os],
    ["rustc", machine.rustc],
    ["Node.js", machine.node],
    ["Chromium", machine.chromium],
    ["Firefox (browser tests only)", machine.firefox ?? "not installed"],
    ["geckodriver", machine.geckodriver ?? "not installed"],
    ["wasm-bindgen", machine["wasm-bindgen"]],
    ["wasm-opt", machine["wasm-opt"]],
    ["twiggy", machine.twiggy],
    ["brotli", machine.brotli],
  ];
  const cores = Number(machine.cores);
  const busiest = Math.max(...loads.map(([, , load]) => Number(load)));
  const busyNote =
    busiest > cores
      ? `The one-minute load average, which counts the benchmark's own processes too, reached ` +
        `${busiest} on ${cores} cores during the run. Processes then waited for a core, so ` +
        "the times below are higher and noisier than on an idle machine. Compare figures " +
        "within one run rather than across runs."
      : `The one-minute load average, which counts the benchmark's own processes too, stayed ` +
        `at or below ${busiest} on ${cores} cores.`;
  return [
    "## Machine",
    "",
    `Every figure on this page comes from one run of \`scripts/bench.sh\` on ${machine.date}, ` +
      "on this machine:",
    "",
    table(["", ""], rows),
    "",
    busyNote,
  ].join("\n");
}

function nativeSection(loads) {
  const files = readText("native-estimates.txt").split("\n").filter(Boolean);
  const rows = files.map((file) => {
    const estimates = JSON.parse(readFileSync(file, "utf8"));
    const benchmarkFile = join(dirname(file), "benchmark.json");
    const benchmark = JSON.parse(readFileSync(benchmarkFile, "utf8"));
    const samplesFile = join(dirname(file), "sample.json");
    const samples = existsSync(samplesFile)
      ? JSON.parse(readFileSync(samplesFile, "utf8")).iters.length
      : undefined;
    return {
      idType: benchmark.value_str ?? benchmark.function_id,
      median: estimates.median.point_estimate,
      lower: estimates.median.confidence_interval.lower_bound,
      upper: estimates.median.confidence_interval.upper_bound,
      samples,
    };
  });
  rows.sort((a, b) => a.idType.localeCompare(b.idType));
  const sampleCounts = [...new Set(rows.map((row) => row.samples))].join(", ");
  const overall = median(rows.map((row) => row.median));

  return [
    "## Native validation",
    "",
    "Time of one call of `IdNumber::normalize` followed by the type's rules " +
      "(`Rules::IdType(..).check` with a live key) in `benches/validate.rs`, compiled for the " +
      "host with cargo's `bench` profile. The input of each type is its first printed layout " +
      "with every `#` replaced by a digit, and most of these inputs fail one of the type's " +
      "checks: the outcome column of the browser table shows which. Unlike the browser call, " +
      "this normalisation also removes the signs that `fi_hetu` and `se_pin` keep. The time " +
      "is criterion's estimate of the median over " +
      `${sampleCounts} samples per type, with criterion's 95% confidence interval of that ` +
      "median.",
    "",
    commandsBlock("native"),
    "",
    "The figures are read from `target/criterion/validate/<type>/new/estimates.json` " +
      `(\`median.point_estimate\`). ${loadSentence(loads, "native")}`,
    "",
    table(
      ["ID type", "median ns/call", "95% CI of median (ns)", "calls/s"],
      rows.map((row) => [
        `\`${row.idType}\``,
        formatNs(row.median),
        `${formatNs(row.lower)}–${formatNs(row.upper)}`,
        formatRate(1e9 / row.median),
      ]),
    ),
    "",
    `Median over the ${rows.length} types: ${formatNs(overall)} ns per call ` +
      `(${formatRate(1e9 / overall)} calls/s).`,
  ].join("\n");
}

function browserSection(loads) {
  const browser = JSON.parse(readText("browser.json"));
  const { settings, initMs, validation } = browser;
  const types = validation.types.map((type) => ({
    ...type,
    median: median(type.nsPerCall),
    min: Math.min(...type.nsPerCall),
    max: Math.max(...type.nsPerCall),
  }));
  types.sort((a, b) => a.idType.localeCompare(b.idType));
  const overall = median(types.map((type) => type.median));
  const initMedian = median(initMs);

  return [
    "## In the browser",
    "",
    "`scripts/bench/browser.mjs` drives headless Chromium " +
      `${browser.browserVersion} through playwright-core. The sandbox's merchant origin ` +
      "serves the module from `pkg/web` at `/pkg/pii_token.js`, and every timed measurement runs " +
      "on an empty page of that origin that Playwright serves in place of a file, so nothing " +
      "but the module runs on it. Chromium rounds `performance.now()` to 0.1 ms on a page that " +
      "is not cross-origin isolated, so every timed stretch below lasts many times that.",
    "",
    commandsBlock("browser"),
    "",
    "`READY_FILE` is the file the sandbox writes with its origins and keys; it picks free " +
      `ports. ${loadSentence(loads, "browser")}`,
    "",
    `Chromium runs with \`${browser.browserArgs.join(" ")}\`. The last flag matters only for ` +
      "the per-call measurement: Chromium counts a page that Playwright serves as public and " +
      "would block its requests to the sandbox on loopback. A merchant's page calling Stripe's " +
      "public API is public on both ends, where that check does not apply. The requests per " +
      "token are counted in a second Chromium without the flag, on the demo page that the " +
      "sandbox serves.",
    "",
    "### Start-up",
    "",
    `Time from calling \`init()\` to its promise resolving, on ${initMs.length} page loads. ` +
      "Each load uses a new browser context, whose HTTP cache is empty, so every `init()` " +
      "fetches the `.wasm` over loopback, compiles and instantiates it and runs its start " +
      "function.",
    "",
    table(
      ["median", "min", "max"],
      [[initMedian, Math.min(...initMs), Math.max(...initMs)].map((ms) => `${ms.toFixed(1)} ms`)],
    ),
    "",
    "### validateIdNumber",
    "",
    "Time of one `validateIdNumber(sample, idType)` call from JavaScript, before `configure`, " +
      "so the live rules apply. The sample is the one the native benchmark uses. The call " +
      "includes passing the string into the module, finding the type, normalising, the " +
      "type's rules, and building the JavaScript result object with the error's code and " +
      "message. After a warm-up of 30 ms per type, each type gets a call count that takes " +
      `about ${settings.batchMs} ms. Each of ${settings.rounds} rounds times one such batch ` +
      "per type, with the types interleaved and each round starting at the next type. The " +
      "table gives the median of the rounds and the fastest and slowest round, which show " +
      "how noisy the figure is.",
    "",
    table(
      ["ID type", "outcome", "median ns/call", "range over rounds (ns)", "calls/s"],
      types.map((type) => [
        `\`${type.idType}\``,
        type.outcome === "valid" ? "valid" : `\`${type.outcome}\``,
        formatNs(type.median),
        `${formatNs(type.min)}–${formatNs(type.max)}`,
        formatRate(1e9 / type.median),
      ]),
    ),
    "",
    `Median over the ${types.length} types: ${formatNs(overall)} ns per call ` +
      `(${formatRate(1e9 / overall)} calls/s).`,
    "",
    callsSection(browser),
    "",
    requestsSection(browser),
  ].join("\n");
}

function formatMs(ms) {
  return `${ms.toFixed(3)} ms`;
}

function callsSection(browser) {
  const { calls, settings } = browser;
  const moduleMedian = median(calls.moduleMs);
  const fetchMedian = median(calls.fetchMs);
  const differences = calls.moduleMs.map((ms, index) => ms - calls.fetchMs[index]);
  const [method, path, status, , contentType, formFields] = calls.log.shape;
  const resolution = calls.crossOriginIsolated
    ? "The page is cross-origin isolated (`Cross-Origin-Opener-Policy: same-origin` and " +
      "`Cross-Origin-Embedder-Policy: require-corp` on the page Playwright serves), so " +
      "`performance.now()` has 5 µs steps rather than 100 µs."
    : "The page was **not** cross-origin isolated, so `performance.now()` has 100 µs steps and " +
      "the medians below are multiples of 0.1 ms.";
  return [
    "### createPiiToken against a hand-written fetch",
    "",
    `Time from the call to the token object, for one \`createPiiToken("${calls.idNumber}", ` +
      `{ idType: "${calls.idType}" })\` after \`configure({ publishableKey, apiBase })\`, ` +
      "against the sandbox's API origin over loopback. Next to it, a hand-written `fetch` " +
      "sends the same request: the same URL, the same form body " +
      `(\`pii%5Bid_number%5D=${calls.idNumber}&key=pk_test_...\`, built with ` +
      "`URLSearchParams`), the " +
      "same `Content-Type` header and the same `mode`, `credentials`, `cache` and `redirect` " +
      "settings, and reads the JSON response. The two alternate in one page, module first " +
      `(module, fetch, module, fetch...), for ${calls.warmUpPairs} untimed pairs and then ` +
      `${settings.callPairs} timed pairs, one call at a time. ${resolution}`,
    "",
    `The sandbox's API log shows every one of the ${integer.format(calls.log.total)} ` +
      `requests as \`${method} ${path}\` with status ${status}, the content type ` +
      `\`${contentType}\` and the form fields \`${formFields.join("`, `")}\`, the same for ` +
      "both; the run stops if any entry differs.",
    "",
    table(
      ["", "median", "middle half (25th–75th percentile)", "min", "max"],
      [
        ["`createPiiToken`", ...stats(calls.moduleMs)],
        ["hand-written `fetch`", ...stats(calls.fetchMs)],
        ["difference in a pair (module − fetch)", ...stats(differences)],
      ],
    ),
    "",
    `Ratio of the medians, module over fetch: **${(moduleMedian / fetchMedian).toFixed(3)}**. ` +
      "The difference is what the module adds to a call: validating the number, building the " +
      "body in WebAssembly, reading the response as a bounded stream and checking the token. " +
      "Where the middle half of the pair differences spans zero, that cost is smaller than the " +
      "noise of a request over loopback on this machine.",
  ].join("\n");
}

/** Returns the value below which `fraction` of `values` lie, interpolating between neighbours. */
function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Returns the median, the 25th–75th percentile range, the minimum and the maximum, in ms. */
function stats(values) {
  const [low, high] = [percentile(values, 0.25), percentile(values, 0.75)];
  return [
    formatMs(median(values)),
    `${formatMs(low)} – ${formatMs(high)}`,
    formatMs(Math.min(...values)),
    formatMs(Math.max(...values)),
  ];
}

function requestsSection(browser) {
  const { requestsPerToken: run, calls } = browser;
  const countRows = Object.entries(run.counts).map(([request, count]) => [`\`${request}\``, count]);
  const preflights = (counts) =>
    Object.entries(counts)
      .filter(([request]) => request.startsWith("OPTIONS "))
      .reduce((sum, [, count]) => sum + count, 0);
  return [
    "### Requests per token",
    "",
    `${run.tokens} \`createPiiToken\` calls, one after the other, on a fresh page, each ` +
      "resolving with a distinct `pii_` token. The counts come from the sandbox's own request " +
      "log (`GET API_BASE/_sandbox/requests`, reset with `POST API_BASE/_sandbox/reset` " +
      "before the calls), which records every request to the API origin, CORS preflights " +
      "(`OPTIONS`) included.",
    "",
    table(["request", "count"], countRows),
    "",
    `Requests per token: **${run.requests / run.tokens}**, with ${preflights(run.counts)} ` +
      `preflights. The interleaved run above logged ${preflights(calls.log.counts)} preflights ` +
      `in ${integer.format(calls.log.total)} requests.`,
  ].join("\n");
}

/** Reads the budgets of size-budget.json, or none when it is missing. */
function readBudgets() {
  const path = join(ROOT, "size-budget.json");
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")).gzipBytes ?? {} : {};
}

function pkgSection() {
  const measured = JSON.parse(readText("pkg-sizes.json"));
  const budgets = readBudgets();
  const rows = [];
  for (const { build, files, total } of measured.builds) {
    for (const file of files) {
      const sizes = [file.raw, file.gzip, file.brotli].map(formatBytes);
      rows.push([`\`pkg/${build}/${file.file}\``, ...sizes, ""]);
    }
    const budget = budgets[build];
    rows.push([
      `**pkg/${build} total**`,
      ...[total.raw, total.gzip, total.brotli].map((bytes) => `**${formatBytes(bytes)}**`),
      budget === undefined ? "none" : formatBytes(budget),
    ]);
  }
  return [
    "## What a page downloads",
    "",
    "Every `.wasm` and `.js` file of every build directory under `pkg/`, as `scripts/build.sh` " +
      "wrote them for this run. The `.d.ts` files and `package.json` are not downloaded by a " +
      "page and are left out. The budget column is the build's gzip budget in " +
      "`size-budget.json`, which `scripts/test.sh size` enforces on the gzip total.",
    "",
    commandsBlock("pkg"),
    "",
    `Per file: \`${measured.gzipCommand}\` and \`${measured.brotliCommand}\`. All sizes in bytes.`,
    "",
    table(["file", "raw", "gzip -9", "brotli", "gzip budget"], rows),
    "",
    "The budget check's output for these builds:",
    "",
    codeBlock(readText("size-check.txt")),
  ].join("\n");
}

function sizeSection(machine) {
  const sizes = new Map();
  for (const [build, file, raw, gzip, brotli] of readRows("sizes.tsv")) {
    sizes.set(`${build}/${file}`, { raw: Number(raw), gzip: Number(gzip), brotli: Number(brotli) });
  }
  const builds = [
    ["full", "every table, as shipped in `pkg/web`"],
    ["minimal", "United States only"],
    ["validation", "every table, without the request code"],
    ["validation-minimal", "United States only, without the request code"],
  ];
  const total = (build, kind) =>
    sizes.get(`${build}/pii_token_bg.wasm`)[kind] + sizes.get(`${build}/pii_token.js`)[kind];
  const buildRows = builds.map(([build, description]) => {
    const wasm = sizes.get(`${build}/pii_token_bg.wasm`);
    const glue = sizes.get(`${build}/pii_token.js`);
    return [
      description,
      ...[wasm.raw, wasm.gzip, glue.raw, glue.gzip].map(formatBytes),
      ...["gzip", "brotli"].map((kind) => formatBytes(total(build, kind))),
    ];
  });
  const part = (description, build, base) => [
    description,
    ...["gzip", "brotli"].map((kind) =>
      formatBytes(total(build, kind) - (base ? total(base, kind) : 0)),
    ),
  ];
  const partRows = [
    part(
      "normalising, the error type, the United States' types, `validateIdNumber`, " +
        "`formatIdNumber`, `idTypes` and their glue",
      "validation-minimal",
    ),
    part("the other countries' tables and check functions", "validation", "validation-minimal"),
    part(
      "the request code: `configure`, `createPiiToken`, `Tokenizer`, options, `fetch`, " +
        "timeouts, retries, response checks",
      "full",
      "validation",
    ),
    ["**the page's total**", ...["gzip", "brotli"].map((kind) => formatBytes(total("full", kind)))],
  ];
  const tableRows = [];
  for (const file of ["pii_token_bg.wasm"]) {
    const full = sizes.get(`full/${file}`);
    const minimal = sizes.get(`minimal/${file}`);
    tableRows.push([
      `\`${file}\``,
      "every table",
      ...[full.raw, full.gzip, full.brotli].map(formatBytes),
    ]);
    tableRows.push([
      `\`${file}\``,
      "United States only",
      ...[minimal.raw, minimal.gzip, minimal.brotli].map(formatBytes),
    ]);
    tableRows.push([
      `\`${file}\``,
      "**difference**",
      ...["raw", "gzip", "brotli"].map((kind) => formatSignedBytes(full[kind] - minimal[kind])),
    ]);
  }
  const names = sizes.get("names/pii_token_bg.wasm").raw;
  const withoutNames = sizes.get("names/without-names.wasm").raw;
  const shipped = sizes.get("full/pii_token_bg.wasm").raw;
  const comparison =
    withoutNames === shipped
      ? "the same size as the shipped module, so the sizes below are the shipped module's"
      : `${formatSignedBytes(withoutNames - shipped)} bytes against the shipped module. ` +
        "Keeping names changes the compiled code a little, so the sizes below are close to " +
        "the shipped module's but not equal";

  return [
    "## Size",
    "",
    "The module built with `scripts/build.sh`'s steps four times. `--cfg " +
      "pii_token_minimal_table` compiles in only the United States' table " +
      "(`src/id_types/us.rs`). `--cfg pii_token_validation_only` leaves `configure`, " +
      "`createPiiToken` and `Tokenizer` unexported, so the linker drops the code that only " +
      "they reach, and keeps `validateIdNumber`, `formatIdNumber` and `idTypes`. Each build's " +
      "glue is minified with `js/minify.mjs`, as `pkg/web`'s is. `bench.sh` checks that its " +
      "first build's `.wasm` and glue are byte-for-byte the ones `scripts/build.sh` wrote to " +
      "`pkg/web`.",
    "",
    commandsBlock("size"),
    "",
    `Compression: gzip -9, and brotli with ${machine.brotli}. All sizes in bytes.`,
    "",
    table(
      [
        "build",
        "`.wasm` raw",
        "`.wasm` gzip -9",
        "glue raw",
        "glue gzip -9",
        "total gzip -9",
        "total brotli",
      ],
      buildRows,
    ),
    "",
    "### What each part adds to a page",
    "",
    "The differences between the builds above, `.wasm` plus glue. The first row is the " +
      "smallest build, the United States' types without the request code.",
    "",
    table(["part", "gzip -9", "brotli"], partRows),
    "",
    "### What the ID-type tables add to the `.wasm`",
    "",
    "The full build against the one with only the United States' table, both with the " +
      "request code. The tables change no export, so the glue is the same in both.",
    "",
    table(["file", "build", "raw", "gzip -9", "brotli"], tableRows),
    "",
    "### Largest items",
    "",
    "`twiggy top -n 25` on the full build with names kept: `strip` off in the `wasm-release` " +
      "profile, wasm-bindgen's output, then `wasm-opt -Oz` with `--debuginfo` (keep the name " +
      `section) in place of \`--strip-debug\`. This module is ${formatBytes(names)} bytes; ` +
      `with its name section stripped (\`wasm-opt --strip-debug --strip-producers\`) it is ` +
      `${formatBytes(withoutNames)} bytes, ${comparison}. twiggy lists the name section as ` +
      'an item of its own ("function names" subsection). Shallow bytes are the item\'s own ' +
      "size, without what it calls.",
    "",
    commandsBlock("twiggy"),
    "",
    codeBlock(readText("twiggy.txt")),
  ].join("\n");
}

function main() {
  const machine = Object.fromEntries(readRows("machine.tsv"));
  const loads = readRows("load.tsv");
  const page = [
    "# Benchmarks",
    "",
    "`npm run bench` (`scripts/bench.sh`) writes this page; edit the script, not the page. It " +
      "measures how long validation takes natively and in Chromium, and how long the module " +
      "takes to start in Chromium. It compares one `createPiiToken` call with a plain `fetch` " +
      "of the same request and counts the requests per token. It measures the bytes a page " +
      "downloads for each build, and what the ID-type tables and the request code add to it.",
    "",
    machineSection(machine, loads),
    "",
    nativeSection(loads),
    "",
    browserSection(loads),
    "",
    pkgSection(),
    "",
    sizeSection(machine),
    "",
  ];
  process.stdout.write(page.join("\n"));
}

main();
