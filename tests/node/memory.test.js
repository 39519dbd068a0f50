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

// Counts the occurrences of the ASCII text `needle` in the module's memory.
function copiesInMemory(needle) {
  const bytes = Buffer.from(memory.buffer);
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

  it("stops growing over calls with large responses", async () => {
    await resetRequestLog(sandbox.apiBase);
    const sizes = [];
    for (let call = 0; call < 12; call += 1) {
      await queueScenarios(sandbox.apiBase, [{ kind: "huge_body", bytes: 1_000_000 }]);
      const token = await tokenizer().createPiiToken(generateSsn(), { idType: "us_ssn" });
      assert.match(token.id, /^pii_/);
      sizes.push(memory.buffer.byteLength);
    }
    assert.equal(sizes.at(-1), sizes[3], `memory kept growing: ${sizes.join(", ")} bytes`);
  });
});
