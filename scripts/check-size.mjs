// Checks each build of the module in pkg/ against its size budget. The bytes that `gzip -9 -n`
// writes for the build's `.wasm` and `.js` files, added up, must not exceed the build's number
// in the budget file. Fails for a build over its budget, for a build that the budget names but pkg/
// lacks, and for a build in pkg/ that has no budget.
//
// Usage: node scripts/check-size.mjs [--budget FILE] [--pkg DIR]
// Defaults: size-budget.json and pkg/ in the repository root. Exits with status 1 when a check
// fails and 2 when the arguments or the budget file are wrong.
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { listBuilds, measureBuild } from "./size/measure.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const integer = new Intl.NumberFormat("en-US");

/** Reports a usage or budget file problem and exits with status 2. */
function fail(message) {
  console.error(`error: ${message}`);
  process.exit(2);
}

function parseArgs(args) {
  const options = { budget: join(ROOT, "size-budget.json"), pkg: join(ROOT, "pkg") };
  for (let index = 0; index < args.length; index += 2) {
    const [flag, value] = [args[index], args[index + 1]];
    if ((flag !== "--budget" && flag !== "--pkg") || value === undefined) {
      fail("usage: node scripts/check-size.mjs [--budget FILE] [--pkg DIR]");
    }
    options[flag.slice(2)] = value;
  }
  return options;
}

/** Reads the budget file's `gzipBytes` map of build name to a whole number of bytes. */
function readBudgets(path) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    fail(`cannot read the size budget ${path}: ${error.message}`);
  }
  const budgets = parsed?.gzipBytes;
  if (typeof budgets !== "object" || budgets === null || Array.isArray(budgets)) {
    fail(`${path} has no "gzipBytes" object of build names and byte counts`);
  }
  for (const [build, bytes] of Object.entries(budgets)) {
    if (!Number.isSafeInteger(bytes) || bytes <= 0) {
      fail(`${path}: the budget of "${build}" must be a positive whole number of bytes`);
    }
  }
  return budgets;
}

/** Returns the outcome of one build: `{ ok, line }`. */
function checkBuild(build, budget, pkgDir, budgetName) {
  const shortDir = relative(process.cwd(), join(pkgDir, build));
  const dir = shortDir && !shortDir.startsWith("..") ? shortDir : join(pkgDir, build);
  const measured = listBuilds(pkgDir).includes(build)
    ? measureBuild(pkgDir, build, { withBrotli: false })
    : null;
  if (measured === null || measured.files.length === 0) {
    return {
      ok: false,
      line: `${dir}: missing (no .wasm or .js files), but ${budgetName} gives it a budget of ` +
        `${integer.format(budget)} bytes. Build it, or remove its line from ${budgetName}.`,
    };
  }
  const size = measured.total.gzip;
  const files = measured.files.map((file) => file.file).join(" + ");
  if (budget === undefined) {
    return {
      ok: false,
      line: `${dir}: ${integer.format(size)} bytes gzip -9 (${files}) has no budget. Add ` +
        `"${build}": ${size} or a little more to "gzipBytes" in ${budgetName}.`,
    };
  }
  if (size > budget) {
    return {
      ok: false,
      line: `${dir}: ${integer.format(size)} bytes gzip -9 (${files}) is over its budget of ` +
        `${integer.format(budget)} bytes in ${budgetName} ` +
        `by ${integer.format(size - budget)} bytes.`,
    };
  }
  return {
    ok: true,
    line: `${dir}: ${integer.format(size)} bytes gzip -9 (${files}), within its budget of ` +
      `${integer.format(budget)} bytes (${integer.format(budget - size)} to spare).`,
  };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const budgets = readBudgets(options.budget);
  const shortName = relative(process.cwd(), options.budget);
  const budgetName = shortName && !shortName.startsWith("..") ? shortName : options.budget;
  const builds = [...new Set([...Object.keys(budgets), ...listBuilds(options.pkg)])].sort();
  if (builds.length === 0) {
    fail(`${budgetName} names no build and ${options.pkg} contains none`);
  }
  let failures = 0;
  for (const build of builds) {
    const { ok, line } = checkBuild(build, budgets[build], options.pkg, budgetName);
    if (ok) {
      console.log(`ok    ${line}`);
    } else {
      console.error(`FAIL  ${line}`);
      failures += 1;
    }
  }
  if (failures > 0) {
    console.error(`${failures} of ${builds.length} builds failed the size budget check.`);
    process.exit(1);
  }
  console.log(`All ${builds.length} builds are within the size budget.`);
}

main();
