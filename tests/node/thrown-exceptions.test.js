// JavaScript exceptions from values the program passes in, or from a replaced global `fetch`,
// must become typed rejections. An exception that unwinds through the module's Rust frames skips
// their epilogues and clean-up. It can leak a frame of the module's stack each time, until the
// module fails with a RuntimeError. It can also leave its call in flight, so that identical later
// calls share its rejection.
// `scripts/test.sh package` installs the packed package here first.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { fetchTokenRequests, generateSsn, resetRequestLog } from "../e2e/helpers.js";
import {
  assertFreshToken,
  assertLogClean,
  assertNumberAbsent,
  loadPackageSandbox,
} from "../e2e/package/fixtures.js";

import { configure, createPiiToken, Tokenizer } from "pii-token";

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

// Replaces the global `fetch` with each of `replacements` in turn for REPEATS calls. Each call
// must reject with a PiiTokenError of `type` and `code` that leaves out the number. With the real
// `fetch` back, an identical call must then get a token with a request of its own, so the failed
// calls left no request in flight that it would share.
async function assertReplacedFetchRejects(replacements, type, code) {
  const tokenizer = sandboxTokenizer();
  const digits = generateSsn();
  const realFetch = globalThis.fetch;
  try {
    for (const replacement of replacements) {
      globalThis.fetch = replacement;
      for (let i = 0; i < REPEATS; i += 1) {
        const error = await rejectionOf(tokenizer.createPiiToken(digits, { idType: "us_ssn" }));
        assert.equal(error.name, "PiiTokenError", `call ${i}: ${error}`);
        assert.equal(error.type, type, `call ${i}`);
        assert.equal(error.code, code, `call ${i}`);
        assertNumberAbsent(errorTexts(error), digits, "the error");
      }
    }
  } finally {
    globalThis.fetch = realFetch;
  }

  await resetRequestLog(sandbox.apiBase);
  assertFreshToken(await tokenizer.createPiiToken(digits, { idType: "us_ssn" }));
  assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 1, "token requests");
  await assertLogClean(sandbox.apiBase, digits);
  tokenizer.free();
}

// Returns every text of `error` that a program could log or show.
function errorTexts(error) {
  return [error.message, String(error), error.stack ?? "", JSON.stringify(error)];
}

describe("exceptions thrown by JavaScript values", () => {
  it("fake AbortSignal rejects", async () => {
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

  it("throwing fetch is not shared", async () => {
    const replacements = [
      () => {
        throw new TypeError("fetch is unavailable");
      },
      () => undefined,
    ];
    await assertReplacedFetchRejects(replacements, "api_connection_error", "network_error");
  });

  // A mock that returns one `Response` for every call hands the module a body that an earlier
  // call has read, whose stream is locked, so `getReader` throws.
  it("already read body rejects", async () => {
    const used = new Response("{}", { headers: { "Content-Type": "application/json" } });
    await used.text();
    await assertReplacedFetchRejects([async () => used], "api_connection_error", "network_error");
  });

  // A mock's stream built from strings yields chunks that are not bytes.
  it("text chunk body rejects", async () => {
    const textResponse = () => {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue("{}");
          controller.close();
        },
      });
      return new Response(stream, { headers: { "Content-Type": "application/json" } });
    };
    await assertReplacedFetchRejects([async () => textResponse()], "api_error", "invalid_json");
  });

  // An option that cannot be read must not count as absent, because a throwing `idType` getter
  // would then skip the type's rules and send a number that fails them.
  it("throwing option getter rejects", async () => {
    await resetRequestLog(sandbox.apiBase);
    const tokenizer = sandboxTokenizer();
    // Five digits, which fail the us_ssn rules but pass the generic checks.
    const digits = generateSsn().slice(0, 5);
    const throwing = (name) =>
      Object.defineProperty({ idType: "us_ssn" }, name, {
        enumerable: true,
        get() {
          throw new Error("getter failed");
        },
      });
    const trapped = new Proxy(
      {},
      {
        get() {
          throw new Error("trap failed");
        },
      },
    );
    const cases = [
      ["idType", throwing("idType")],
      ["country", throwing("country")],
      ["timeoutMs", throwing("timeoutMs")],
      ["signal", throwing("signal")],
      ["idempotencyKey", throwing("idempotencyKey")],
      ["idType", trapped],
    ];
    for (const [param, options] of cases) {
      const error = await rejectionOf(tokenizer.createPiiToken(digits, options));
      assert.equal(error.name, "PiiTokenError", `${param}: ${error}`);
      assert.equal(error.type, "integration_error", param);
      assert.equal(error.code, "invalid_argument", param);
      assert.equal(error.param, param);
      assertNumberAbsent(errorTexts(error), digits, "the error");
    }
    assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 0, "token requests");
    tokenizer.free();
  });

  it("throwing configure getter rejected", async () => {
    configure({ publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase });
    const options = {
      publishableKey: sandbox.publishableKey,
      get apiBase() {
        throw new Error("getter failed");
      },
    };
    assert.throws(
      () => configure(options),
      (error) => {
        assert.equal(error.name, "PiiTokenError");
        assert.equal(error.code, "invalid_argument");
        assert.equal(error.param, "apiBase");
        return true;
      },
    );
    assert.throws(
      () => new Tokenizer(sandbox.publishableKey, options),
      (error) => error.code === "invalid_argument" && error.param === "apiBase",
    );

    // The previous configuration, with the sandbox's apiBase, stays in place.
    await resetRequestLog(sandbox.apiBase);
    const digits = generateSsn();
    assertFreshToken(await createPiiToken(digits, { idType: "us_ssn" }));
    await assertLogClean(sandbox.apiBase, digits);
  });

  it("non-string publishable key rejected", () => {
    assert.throws(
      () => new Tokenizer(5),
      (error) => error.code === "invalid_argument" && error.param === "publishableKey",
    );
  });
});
