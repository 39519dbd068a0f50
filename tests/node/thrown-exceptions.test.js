// JavaScript exceptions from values the program passes in, or from a replaced global `fetch`,
// must become typed rejections. An exception that unwinds through the module's Rust frames skips
// their epilogues and clean-up. It can leak a frame of the module's stack each time, until the
// module fails with a RuntimeError. It can also leave its call in flight, so that identical later
// calls share its rejection.
// `scripts/test.sh package` installs the packed package here first.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { fetchTokenRequests, generateSsn, resetRequestLog } from "../e2e/helpers.js";
import { assertFreshToken, assertLogClean, loadPackageSandbox } from "../e2e/package/fixtures.js";

import { Tokenizer } from "pii-token";

const sandbox = loadPackageSandbox();

// More calls than the module's stack survives when each leaks one frame.
const REPEATS = 4000;

function sandboxTokenizer() {
  return new Tokenizer(sandbox.publishableKey, { apiBase: sandbox.apiBase, maxNetworkRetries: 0 });
}

// Returns the rejection of `promise`, or fails when it resolves.
async function rejectionOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("the call resolved, but a rejection was expected");
}

describe("exceptions thrown by JavaScript values", () => {
  it("a signal that is not an AbortSignal rejects", async () => {
    const tokenizer = sandboxTokenizer();
    // Both inherit from AbortSignal, so `instanceof` accepts them, but neither is a real
    // signal, so `addEventListener` throws when called on it.
    const fakes = [
      Object.create(AbortSignal.prototype),
      Object.setPrototypeOf({ aborted: false }, AbortSignal.prototype),
    ];
    for (let i = 0; i < REPEATS; i += 1) {
      const signal = fakes[i % fakes.length];
      const error = await rejectionOf(
        tokenizer.createPiiToken("000000000", { idType: "us_ssn", signal }),
      );
      assert.equal(error.name, "PiiTokenError", `call ${i}: ${error}`);
      assert.equal(error.type, "integration_error", `call ${i}`);
      assert.equal(error.code, "invalid_argument", `call ${i}`);
      assert.equal(error.param, "signal", `call ${i}`);
    }

    await resetRequestLog(sandbox.apiBase);
    const digits = generateSsn();
    assertFreshToken(await tokenizer.createPiiToken(digits, { idType: "us_ssn" }));
    await assertLogClean(sandbox.apiBase, digits);
    tokenizer.free();
  });

  it("a fetch that throws rejects and is not shared", async () => {
    const tokenizer = sandboxTokenizer();
    const digits = generateSsn();
    const realFetch = globalThis.fetch;
    try {
      for (const replacement of [
        () => {
          throw new TypeError("fetch is unavailable");
        },
        () => undefined,
      ]) {
        globalThis.fetch = replacement;
        for (let i = 0; i < REPEATS; i += 1) {
          const error = await rejectionOf(tokenizer.createPiiToken(digits, { idType: "us_ssn" }));
          assert.equal(error.name, "PiiTokenError", `call ${i}: ${error}`);
          assert.equal(error.type, "api_connection_error", `call ${i}`);
          assert.equal(error.code, "network_error", `call ${i}`);
        }
      }
    } finally {
      globalThis.fetch = realFetch;
    }

    // The failed calls must not leave a request in flight that this identical call would share.
    await resetRequestLog(sandbox.apiBase);
    assertFreshToken(await tokenizer.createPiiToken(digits, { idType: "us_ssn" }));
    assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 1, "token requests");
    await assertLogClean(sandbox.apiBase, digits);
    tokenizer.free();
  });
});
