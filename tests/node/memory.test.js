// The module's own memory after calls: no copy of the ID number may stay behind once a call
// has ended, and repeated calls with large responses must not keep growing the memory. The web
// build is instantiated here with `initSync`, which returns the instance's `WebAssembly.Memory`,
// so the test can read every byte of it. `scripts/test.sh package` installs the
// packed package here first.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { dashed, generateSsn, queueScenarios, resetRequestLog } from "../e2e/helpers.js";
import { loadPackageSandbox } from "../e2e/package/fixtures.js";

import { initSync, Tokenizer } from "pii-token/web";

const sandbox = loadPackageSandbox();
const wasmPath = fileURLToPath(import.meta.resolve("pii-token/web/pii_token_bg.wasm"));
const { memory } = initSync({ module: readFileSync(wasmPath) });

// Loads a separate instance of the web build: a query string makes Node evaluate the file again.
// Where a freed block lands depends on what was freed before, so the checks of the glue's copies
// start from a fresh memory, as on a page that has just loaded the module.
let instances = 0;
async function freshInstance() {
  instances += 1;
  const url = `${import.meta.resolve("pii-token/web")}?instance=${instances}`;
  const module = await import(url);
  const exports = module.initSync({ module: readFileSync(wasmPath) });
  return { module, memory: exports.memory };
}

// Counts the occurrences of the ASCII text `needle` in the module's memory.
function copiesInMemory(needle, inMemory = memory) {
  const bytes = Buffer.from(inMemory.buffer);
  let count = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
    count += 1;
  }
  return count;
}

function assertNoCopies(digits) {
  assert.equal(copiesInMemory(digits), 0, "the normalised number stayed in the module's memory");
  assert.equal(copiesInMemory(dashed(digits)), 0, "the typed number stayed in the module's memory");
}

function tokenizer() {
  return new Tokenizer(sandbox.publishableKey, {
    apiBase: sandbox.apiBase,
    maxNetworkRetries: 0,
  });
}

describe("module memory", () => {
  it("keeps no copy of the number after a token", async () => {
    await resetRequestLog(sandbox.apiBase);
    const digits = generateSsn();
    const token = await tokenizer().createPiiToken(dashed(digits), { idType: "us_ssn" });
    assert.match(token.id, /^pii_/);
    assertNoCopies(digits);
  });

  it("keeps no copy of the number after an echoing error", async () => {
    await resetRequestLog(sandbox.apiBase);
    const digits = generateSsn();
    await queueScenarios(sandbox.apiBase, [
      {
        kind: "error",
        status: 400,
        error: {
          type: "invalid_request_error",
          code: `bad_${digits}`,
          message: `The number ${dashed(digits)} is invalid.`,
          param: `pii[id_number]=${digits}`,
        },
      },
    ]);
    const call = tokenizer().createPiiToken(dashed(digits), { idType: "us_ssn" });
    const error = await call.then(
      () => assert.fail("the scripted error resolved"),
      (rejection) => rejection,
    );
    assert.equal(error.type, "invalid_request_error");
    assertNoCopies(digits);
  });

  it("keeps no copy of the number after an idempotency key check", async () => {
    await resetRequestLog(sandbox.apiBase);
    const digits = generateSsn();
    const token = await tokenizer().createPiiToken(digits, {
      idType: "us_ssn",
      idempotencyKey: `onboarding-${Date.now()}`,
    });
    assert.match(token.id, /^pii_/);
    assertNoCopies(digits);
  });

  it("keeps no copy of a number passed to formatIdNumber", async () => {
    const fresh = await freshInstance();
    const digits = generateSsn();
    assert.equal(fresh.module.formatIdNumber(digits, "us_ssn"), dashed(digits));
    assert.equal(copiesInMemory(digits, fresh.memory), 0, "the argument stayed in memory");
    assert.equal(copiesInMemory(dashed(digits), fresh.memory), 0, "the result stayed in memory");
  });

  it("keeps no prefix of a non-ASCII argument", async () => {
    // The glue writes the ASCII prefix first, then moves it to a larger block at the first
    // character that takes more than one byte in UTF-8, here a no-break space.
    const fresh = await freshInstance();
    const digits = generateSsn();
    const prefix = digits.slice(0, 6);
    // Six digits can occur in the module's own data, so only new copies count.
    const before = copiesInMemory(prefix, fresh.memory);
    const result = fresh.module.validateIdNumber(`${prefix}\u00a0${digits.slice(6)}`, "us_ssn");
    assert.equal(result.valid, true);
    assert.equal(copiesInMemory(prefix, fresh.memory), before, "the prefix stayed in memory");
  });

  it("stays bounded over calls with large responses", async () => {
    // Each response carries a 1 MB body. Where the reads' blocks land depends on the chunks the
    // body arrives in, so the memory may still grow once late in the run. A leak of the bodies
    // would pass the bound after a few calls.
    const calls = 16;
    const bound = 8 * 1024 * 1024;
    await resetRequestLog(sandbox.apiBase);
    const sizes = [];
    for (let call = 0; call < calls; call += 1) {
      await queueScenarios(sandbox.apiBase, [{ kind: "huge_body", bytes: 1_000_000 }]);
      const token = await tokenizer().createPiiToken(generateSsn(), { idType: "us_ssn" });
      assert.match(token.id, /^pii_/);
      sizes.push(memory.buffer.byteLength);
    }
    assert.ok(Math.max(...sizes) <= bound, `memory kept growing: ${sizes.join(", ")} bytes`);
  });
});
