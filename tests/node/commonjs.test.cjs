// The package's CommonJS build for Node.js, loaded with `require` from a CommonJS file as a
// CommonJS program would, tokenizing against the sandbox with Node's global fetch.
// `scripts/test.sh package` installs the packed package here first.
"use strict";

const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const { before, describe, it } = require("node:test");

const piiToken = require("pii-token");

// The shared helpers are ES modules, which a CommonJS file loads with import().
let helpers;
let fixtures;
let sandbox;

before(async () => {
  helpers = await import("../e2e/helpers.js");
  fixtures = await import("../e2e/package/fixtures.js");
  sandbox = fixtures.loadPackageSandbox();
});

// Calls `run`, which must reject, and returns the rejection.
async function rejectionOf(run) {
  try {
    await run();
  } catch (error) {
    return error;
  }
  assert.fail("the call resolved, but a rejection was expected");
}

// Returns every text of `error` that a program could log or show.
function errorTexts(error) {
  return [
    error.message,
    String(error),
    error.stack ?? "",
    JSON.stringify(error),
    String(error.code),
    String(error.param),
  ];
}

describe("CommonJS build", () => {
  it("resolves to the CommonJS build for require", () => {
    const resolved = require.resolve("pii-token");
    assert.match(resolved, /node_modules\/pii-token\/node-cjs\/pii_token\.cjs$/);
    assert.equal(typeof piiToken.createPiiToken, "function");
  });

  // Node.js 20 before 20.19 cannot `require` an ES module, and throws ERR_REQUIRE_ESM. Later
  // versions can, unless --no-experimental-require-module turns that off, as the child does.
  it("loads where require cannot load ES modules", () => {
    const flags = process.features.require_module ? ["--no-experimental-require-module"] : [];
    const script = [
      'const assert = require("node:assert/strict");',
      'assert.throws(() => require("pii-token/web"), { code: "ERR_REQUIRE_ESM" });',
      'const { formatIdNumber } = require("pii-token");',
      'process.stdout.write(formatIdNumber(process.argv[1], "us_ssn"));',
    ].join("\n");
    const ssn = helpers.generateSsn();
    const output = execFileSync(process.execPath, [...flags, "--eval", script, ssn], {
      cwd: __dirname,
      encoding: "utf8",
    });
    assert.equal(output, helpers.dashed(ssn));
  });

  it("validates, formats and lists ID types", () => {
    const sin = helpers.generateSin();
    assert.equal(piiToken.validateIdNumber(sin, "ca_sin").valid, true);
    const wrong = piiToken.validateIdNumber(helpers.generateSin({ validChecksum: false }), "ca_sin");
    assert.equal(wrong.valid, false);
    assert.equal(wrong.code, "invalid_checksum");

    const ssn = helpers.generateSsn();
    assert.equal(piiToken.formatIdNumber(ssn, "us_ssn"), helpers.dashed(ssn));

    const american = piiToken.idTypes("us").map((info) => info.idType);
    assert.deepEqual(american, ["us_ssn", "us_ssn_last_4", "us_itin", "us_itin_last_4"]);
    assert.equal(piiToken.idTypes().length, 78, "ID types of every country");
  });

  it("tokenizes against the sandbox", async () => {
    await helpers.resetRequestLog(sandbox.apiBase);
    piiToken.configure({ publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase });
    const digits = helpers.generateSsn();
    const token = await piiToken.createPiiToken(helpers.dashed(digits), {
      idType: "us_ssn",
      idempotencyKey: true,
    });
    fixtures.assertFreshToken(token);
    const stored = await helpers.retrieveToken(sandbox.apiBase, sandbox.secretKey, token.id);
    assert.equal(stored.id, token.id, "token known to the sandbox");
    assert.equal((await helpers.fetchTokenRequests(sandbox.apiBase)).length, 1, "requests");
    await fixtures.assertLogClean(sandbox.apiBase, digits);
  });

  it("Tokenizer tokenizes with its own key", async () => {
    await helpers.resetRequestLog(sandbox.apiBase);
    const tokenizer = new piiToken.Tokenizer(sandbox.publishableKey, {
      apiBase: sandbox.apiBase,
      maxNetworkRetries: 0,
    });
    const digits = helpers.generateSin();
    assert.equal(tokenizer.validateIdNumber(digits, "ca_sin").valid, true);
    const token = await tokenizer.createPiiToken(digits, { country: "CA" });
    fixtures.assertFreshToken(token);
    await fixtures.assertLogClean(sandbox.apiBase, digits);
    tokenizer.free();
  });

  it("validation error leaves out the number", async () => {
    await helpers.resetRequestLog(sandbox.apiBase);
    piiToken.configure({ publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase });
    const digits = helpers.generateSin({ validChecksum: false });
    const error = await rejectionOf(() => piiToken.createPiiToken(digits, { idType: "ca_sin" }));
    assert.ok(error instanceof Error, "the rejection is an Error");
    assert.equal(error.name, "PiiTokenError");
    assert.equal(error.type, "validation_error");
    assert.equal(error.code, "invalid_checksum");
    fixtures.assertNumberAbsent(errorTexts(error), digits, "the validation error");
    const log = await helpers.fetchRequestLog(sandbox.apiBase);
    assert.equal(log.requests.length, 0, "requests at the API origin");
  });

  it("echoed Stripe error leaves out the number", async () => {
    await helpers.resetRequestLog(sandbox.apiBase);
    const digits = helpers.generateSsn();
    await helpers.queueScenarios(sandbox.apiBase, [
      {
        kind: "error",
        status: 400,
        error: {
          type: "invalid_request_error",
          code: `bad_${digits}`,
          message: `The number ${helpers.dashed(digits)} is invalid.`,
          param: `pii[id_number]=${digits}`,
        },
      },
    ]);
    const tokenizer = new piiToken.Tokenizer(sandbox.publishableKey, {
      apiBase: sandbox.apiBase,
      maxNetworkRetries: 0,
    });
    const error = await rejectionOf(() =>
      tokenizer.createPiiToken(helpers.dashed(digits), { idType: "us_ssn" }),
    );
    tokenizer.free();
    assert.equal(error.name, "PiiTokenError");
    assert.equal(error.type, "invalid_request_error");
    assert.equal((await helpers.fetchTokenRequests(sandbox.apiBase)).length, 1, "requests");
    fixtures.assertNumberAbsent(errorTexts(error), digits, "the echoed error");
  });

  it("secret key throws an integration error", () => {
    assert.throws(
      () => piiToken.configure({ publishableKey: "sk_test_commonJsBuild" }),
      (error) => {
        assert.equal(error.name, "PiiTokenError");
        assert.equal(error.type, "integration_error");
        assert.equal(error.code, "secret_key_rejected");
        return true;
      },
    );
  });

  // Node.js loads the CommonJS build and the ES module build as two instances of the module,
  // so a program that uses both has two configurations.
  it("configuration stays apart from the ES module build", async () => {
    piiToken.configure({ publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase });
    const esModule = await import("pii-token");
    assert.notEqual(esModule.configure, piiToken.configure, "one instance for both builds");
    const error = await rejectionOf(() => esModule.createPiiToken(helpers.generateSsn()));
    assert.equal(error.type, "integration_error");
    assert.equal(error.code, "not_configured");
  });
});
