// Runs scripts/check-size.mjs on a copy of the built pkg/web with a budget written for each
// case, and checks its exit status and messages. The cases are a build within and over its
// budget, a budgeted build that is missing, a build without a budget, and a malformed file.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHECKER = join(ROOT, "scripts", "check-size.mjs");
const BUILT = join(ROOT, "pkg", "web");

let work;
let webGzip;

/** Adds up `gzip -9 -n` output sizes of the build's .wasm and .js files, without the checker. */
function gzipTotal(dir) {
  return readdirSync(dir)
    .filter((name) => /\.(wasm|js)$/.test(name))
    .map((name) => execFileSync("gzip", ["-9", "-n", "-c", join(dir, name)]).length)
    .reduce((sum, size) => sum + size, 0);
}

/** Writes `budget` as the budget file and runs the checker on the copied pkg/ directory. */
function check(budget) {
  const budgetFile = join(work, "size-budget.json");
  writeFileSync(budgetFile, typeof budget === "string" ? budget : JSON.stringify(budget));
  const result = spawnSync(process.execPath, [CHECKER, "--budget", budgetFile, "--pkg", "pkg"], {
    cwd: work,
    encoding: "utf8",
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

const format = (bytes) => new Intl.NumberFormat("en-US").format(bytes);

before(() => {
  assert.ok(existsSync(join(BUILT, "pii_token_bg.wasm")), "pkg/web contains no built module");
  work = mkdtempSync(join(tmpdir(), "check-size-"));
  cpSync(BUILT, join(work, "pkg", "web"), { recursive: true });
  webGzip = gzipTotal(join(work, "pkg", "web"));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test("a build at exactly its budget passes", () => {
  const { status, output } = check({ gzipBytes: { web: webGzip } });
  assert.equal(status, 0, output);
  assert.match(output, new RegExp(`pkg/web: ${format(webGzip)} bytes gzip -9`));
  assert.match(output, /All 1 builds are within the size budget/);
});

test("one byte over budget fails", () => {
  const { status, output } = check({ gzipBytes: { web: webGzip - 1 } });
  assert.equal(status, 1, output);
  assert.match(
    output,
    new RegExp(
      `FAIL  pkg/web: ${format(webGzip)} bytes gzip -9 .* is over its budget of ` +
        `${format(webGzip - 1)} bytes in size-budget.json by 1 bytes`,
    ),
  );
});

test("a tiny budget fails", () => {
  const { status, output } = check({ gzipBytes: { web: 1000 } });
  assert.equal(status, 1, output);
  assert.match(output, /pkg\/web: .* is over its budget of 1,000 bytes/);
});

test("a build that the budget names but pkg/ lacks fails", () => {
  const { status, output } = check({ gzipBytes: { web: webGzip, node: 50000 } });
  assert.equal(status, 1, output);
  assert.match(output, /FAIL  pkg\/node: missing .* budget of 50,000 bytes/);
  assert.match(output, /ok    pkg\/web/);
});

test("a build in pkg/ without a budget fails", () => {
  const { status, output } = check({ gzipBytes: { other: 1 } });
  assert.equal(status, 1, output);
  assert.match(output, new RegExp(`FAIL  pkg/web: ${format(webGzip)} bytes .* has no budget`));
});

test("a malformed budget file stops the check with status 2", () => {
  for (const budget of ["not json", { web: 1 }, { gzipBytes: { web: -5 } }]) {
    const { status, output } = check(budget);
    assert.equal(status, 2, `${JSON.stringify(budget)}: ${output}`);
    assert.match(output, /^error: /m);
  }
});
