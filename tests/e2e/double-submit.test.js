// End-to-end tests of double submits: the demo page's disabled button, and the module sharing
// one request between identical calls in flight. Both run in headless Chromium against the
// sandbox that scripts/test.sh starts.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";

import {
  fetchRequestLog,
  fetchTokenRequests,
  launchBrowser,
  loadSandbox,
  openForm,
  openRecordedPage,
  queueScenarios,
  resetRequestLog,
  retrieveToken,
  waitForSuccess,
} from "./helpers.js";

const sandbox = loadSandbox();
const TEST_NUMBER = "000000000";

// Delays each token response this long, so that every click and call lands while the first
// request is in flight, however fast the sandbox responds over loopback.
const HOLD_MS = 500;

let browser;
let session;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await resetRequestLog(sandbox.apiBase);
  await resetRequestLog(sandbox.merchantUrl);
  session = await openRecordedPage(browser);
});

afterEach(async () => {
  await session.context.close();
});

// Calls the module's createPiiToken `count` times at once, from the page, with the same number
// and options, and returns each outcome. The page's app.js has already initialised and
// configured the module, and the import returns that same module instance. With `withSignals`,
// each call gets its own AbortSignal, which the module documents as a reason not to share.
function createTokensAtOnce(page, count, { withSignals = false } = {}) {
  return page.evaluate(
    async ({ idNumber, count, withSignals }) => {
      const { createPiiToken } = await import("/pkg/pii_token.js");
      const calls = Array.from({ length: count }, () => {
        const signal = withSignals ? new AbortController().signal : undefined;
        return createPiiToken(idNumber, { idType: "us_ssn", signal });
      });
      const outcomes = await Promise.allSettled(calls);
      return outcomes.map((outcome) =>
        outcome.status === "fulfilled"
          ? { id: outcome.value.id }
          : { error: `${outcome.reason.name}: ${outcome.reason.message}` },
      );
    },
    { idNumber: TEST_NUMBER, count, withSignals },
  );
}

describe("double submit", () => {
  it("double click makes one token", async () => {
    const { page } = session;
    await queueScenarios(sandbox.apiBase, [{ kind: "delay", delayMs: HOLD_MS }]);
    await openForm(page, `${sandbox.merchantUrl}/`);
    await page.fill("#full-name", "Jenny Rosen");
    await page.fill("#id-number", TEST_NUMBER);

    await page.dblclick("#submit");
    const tokenId = await waitForSuccess(page);

    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 1, "POST /v1/tokens requests at the API origin");
    assert.equal(tokenRequests[0].scenario, "delay", "the held request is the one logged");
    const merchantLog = await fetchRequestLog(sandbox.merchantUrl);
    const onboards = merchantLog.requests.filter((r) => r.path === "/onboard");
    assert.equal(onboards.length, 1, "POST /onboard requests at the merchant");
    assert.equal(onboards[0].status, 200, "POST /onboard status");
    const form = new URLSearchParams(onboards[0].body);
    assert.equal(form.get("token"), tokenId, "token the merchant received");
    const token = await retrieveToken(sandbox.apiBase, sandbox.secretKey, tokenId);
    assert.equal(token.used, true, "token redeemed by the merchant");
  });

  it("identical calls share one request", async () => {
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    await queueScenarios(sandbox.apiBase, [{ kind: "delay", delayMs: HOLD_MS }]);

    const outcomes = await createTokensAtOnce(page, 2);

    assert.equal(outcomes[0].error, undefined, "first call rejected");
    assert.equal(outcomes[1].error, undefined, "second call rejected");
    assert.match(outcomes[0].id, /^pii_[A-Za-z0-9]+$/, "first call's token id");
    assert.equal(outcomes[1].id, outcomes[0].id, "second call's token id");
    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 1, "POST /v1/tokens requests at the API origin");
    const token = await retrieveToken(sandbox.apiBase, sandbox.secretKey, outcomes[0].id);
    assert.equal(token.used, false, "shared token still unused");
  });

  it("calls with signals send own requests", async () => {
    // The counterpart of the test above: when the module does not share, the log shows it.
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    await queueScenarios(sandbox.apiBase, [
      { kind: "delay", delayMs: HOLD_MS },
      { kind: "delay", delayMs: HOLD_MS },
    ]);

    const outcomes = await createTokensAtOnce(page, 2, { withSignals: true });

    assert.equal(outcomes[0].error, undefined, "first call rejected");
    assert.equal(outcomes[1].error, undefined, "second call rejected");
    assert.notEqual(outcomes[1].id, outcomes[0].id, "calls with signals shared a token");
    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 2, "POST /v1/tokens requests at the API origin");
  });

  it("later calls make new tokens", async () => {
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);

    const [first] = await createTokensAtOnce(page, 1);
    const [second] = await createTokensAtOnce(page, 1);

    assert.equal(first.error, undefined, "first call rejected");
    assert.equal(second.error, undefined, "second call rejected");
    assert.notEqual(second.id, first.id, "a call after the first settled reused its token");
    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 2, "POST /v1/tokens requests at the API origin");
  });
});
