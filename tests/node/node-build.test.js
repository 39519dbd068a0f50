// The package's ES module build for Node.js, imported by name from the installed package as a
// Node.js program would, tokenizing against the sandbox with Node's global fetch.
// `scripts/test.sh package` installs the packed package here first.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import {
  fetchRequestLog,
  fetchTokenRequests,
  generateSin,
  generateSsn,
  queueScenarios,
  resetRequestLog,
  retrieveToken,
} from "../e2e/helpers.js";
import {
  assertFreshToken,
  assertLogClean,
  assertNumberAbsent,
  loadPackageSandbox,
} from "../e2e/package/fixtures.js";

import { configure, createPiiToken, idTypes, Tokenizer, validateIdNumber } from "pii-token";

const sandbox = loadPackageSandbox();

// Collects what the code under test writes to the console while `run` runs.
async function recordConsole(run) {
  const written = [];
  const originals = {};
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    originals[level] = console[level];
    console[level] = (...args) => written.push(args.map(String).join(" "));
  }
  try {
    return { value: await run(), written };
  } finally {
    Object.assign(console, originals);
  }
}

describe("Node.js build", () => {
  it("import resolves to the ES module build", () => {
    const resolved = fileURLToPath(import.meta.resolve("pii-token"));
    assert.match(resolved, /node_modules\/pii-token\/node\/pii_token\.js$/);
  });

  it("tokenizes against the sandbox", async () => {
    await resetRequestLog(sandbox.apiBase);
    configure({ publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase });
    const digits = generateSsn();
    const { value: token, written } = await recordConsole(() =>
      createPiiToken(digits, { idType: "us_ssn", idempotencyKey: true }),
    );
    assertFreshToken(token);
    const stored = await retrieveToken(sandbox.apiBase, sandbox.secretKey, token.id);
    assert.equal(stored.id, token.id, "token known to the sandbox");
    const [request] = await fetchTokenRequests(sandbox.apiBase);
    assert.ok(request, "no token request logged");
    await assertLogClean(sandbox.apiBase, digits);
    assertNumberAbsent(written, digits, "the console");
  });

  it("Tokenizer validates and retries", async () => {
    await resetRequestLog(sandbox.apiBase);
    const tokenizer = new Tokenizer(sandbox.publishableKey, {
      apiBase: sandbox.apiBase,
      maxNetworkRetries: 1,
    });
    const digits = generateSin();
    assert.equal(tokenizer.validateIdNumber(digits, "ca_sin").valid, true);
    await queueScenarios(sandbox.apiBase, [{ kind: "error", status: 500 }]);
    const token = await tokenizer.createPiiToken(digits, { country: "CA" });
    assertFreshToken(token);
    assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 2, "attempts");
    await assertLogClean(sandbox.apiBase, digits);
    tokenizer.free();
  });

  it("accepts null options", async () => {
    await resetRequestLog(sandbox.apiBase);
    configure({ publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase });
    const digits = generateSsn();
    const token = await createPiiToken(digits, null);
    assertFreshToken(token);
    await assertLogClean(sandbox.apiBase, digits);
    // Created only: with null options it would send to the default apiBase.
    const tokenizer = new Tokenizer(sandbox.publishableKey, null);
    assert.equal(tokenizer.validateIdNumber("000000000", "us_ssn").valid, true);
    tokenizer.free();
  });

  it("rejects with a typed error and sends nothing", async () => {
    await resetRequestLog(sandbox.apiBase);
    const digits = generateSin({ validChecksum: false });
    const result = validateIdNumber(digits, "ca_sin");
    assert.equal(result.valid, false);
    assert.equal(result.code, "invalid_checksum");
    await assert.rejects(createPiiToken(digits, { idType: "ca_sin" }), (error) => {
      assert.equal(error.name, "PiiTokenError");
      assert.equal(error.type, "validation_error");
      assert.equal(error.code, "invalid_checksum");
      assertNumberAbsent([error.message, JSON.stringify(error)], digits, "the error");
      return true;
    });
    const log = await fetchRequestLog(sandbox.apiBase);
    assert.equal(log.requests.length, 0, "requests at the API origin");
    assert.equal(idTypes("CA")[0].idType, "ca_sin");
  });
});
