// End-to-end tests of a tokenization that never finishes in the page: the person navigates away
// or closes the tab while the request is in flight, or the page aborts it through the module's
// `signal` option. None of these may leave an unhandled promise rejection or an uncaught error.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";

import {
  fetchTokenRequests,
  launchBrowser,
  loadSandbox,
  openForm,
  openRecordedPage,
  queueScenarios,
  resetRequestLog,
  waitForSuccess,
  waitForTokenRequests,
} from "./helpers.js";

const sandbox = loadSandbox();
const TEST_NUMBER = "000000000";

// How long the sandbox holds the token response. Every step that must happen while the request
// is in flight is checked to finish well within it.
const HOLD_MS = 3000;

let browser;
let session;
let pageErrors;

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
  pageErrors = [];
  recordErrors(session.page);
  // Records unhandled rejections in the page itself, in every document the page loads.
  await session.context.addInitScript(() => {
    window.unhandledRejections = [];
    window.addEventListener("unhandledrejection", (event) => {
      const reason = event.reason;
      window.unhandledRejections.push(`${reason?.name}: ${reason?.message}`);
    });
  });
});

afterEach(async () => {
  await session.context.close();
});

// Records the page's uncaught errors, and its console errors, which is where Chromium reports
// an unhandled rejection as "Uncaught (in promise)".
function recordErrors(page) {
  page.on("pageerror", (error) => pageErrors.push(`pageerror ${error.name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      pageErrors.push(`console error: ${message.text()}`);
    }
  });
}

function assertNoErrors(when) {
  const uncaught = pageErrors.filter((text) => text.includes("Uncaught (in promise)"));
  assert.deepEqual(uncaught, [], `"Uncaught (in promise)" messages ${when}`);
  assert.deepEqual(pageErrors, [], `uncaught errors and console errors ${when}`);
}

async function assertNoUnhandledRejections(page, when) {
  const rejections = await page.evaluate(() => window.unhandledRejections);
  assert.deepEqual(rejections, [], `unhandledrejection events ${when}`);
}

// Submits the form with a held response, and returns once the request is at the API origin and
// the page shows it in flight, with the time the submit started.
async function submitHeldRequest(page) {
  await queueScenarios(sandbox.apiBase, [{ kind: "delay", delayMs: HOLD_MS }]);
  await openForm(page, `${sandbox.merchantUrl}/`);
  await page.fill("#full-name", "Jenny Rosen");
  await page.fill("#id-number", TEST_NUMBER);
  const started = Date.now();
  await page.click("#submit");
  await waitForTokenRequests(sandbox.apiBase, 1);
  assert.equal(await page.isDisabled("#submit"), true, "button disabled while in flight");
  return started;
}

// Tokenizes on a fresh load of the demo page, to show that nothing was left broken.
async function tokenizeOnNewLoad(page) {
  await openForm(page, `${sandbox.merchantUrl}/`);
  await page.fill("#full-name", "Jenny Rosen");
  await page.fill("#id-number", TEST_NUMBER);
  await page.click("#submit");
  const tokenId = await waitForSuccess(page);
  assert.match(tokenId, /^pii_[A-Za-z0-9]+$/, "token id of the follow-up submit");
}

describe("leaving mid-request", () => {
  it("records a deliberate unhandled rejection", async () => {
    // Shows that the recorders below can fail: a rejection without a handler reaches both.
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    await page.evaluate(() => {
      Promise.reject(new RangeError("deliberately unhandled"));
    });
    await page.waitForFunction(() => window.unhandledRejections.length > 0);
    const rejections = await page.evaluate(() => window.unhandledRejections);
    assert.deepEqual(rejections, ["RangeError: deliberately unhandled"], "recorded rejections");
    await page.waitForTimeout(100);
    assert.ok(
      pageErrors.some((text) => text.includes("deliberately unhandled")),
      `the error listeners missed the rejection: ${JSON.stringify(pageErrors)}`,
    );
  });

  it("navigating away leaves no rejection", async () => {
    const { page } = session;
    const started = await submitHeldRequest(page);
    await assertNoUnhandledRejections(page, "before navigating");
    assertNoErrors("before navigating");

    await page.goto(`${sandbox.merchantUrl}/`);
    assert.ok(Date.now() - started < HOLD_MS, "navigated only after the response arrived");
    assertNoErrors("while navigating away");

    await tokenizeOnNewLoad(page);
    await assertNoUnhandledRejections(page, "on the follow-up page");
    assertNoErrors("on the follow-up page");
    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 2, "POST /v1/tokens requests, abandoned and follow-up");
  });

  it("closing the page leaves no rejection", async () => {
    const { context, page } = session;
    const started = await submitHeldRequest(page);
    await assertNoUnhandledRejections(page, "before closing");
    assertNoErrors("before closing");

    await page.close();
    assert.ok(Date.now() - started < HOLD_MS, "closed only after the response arrived");
    assertNoErrors("while closing");

    const followUp = await context.newPage();
    recordErrors(followUp);
    await tokenizeOnNewLoad(followUp);
    await assertNoUnhandledRejections(followUp, "on the follow-up page");
    assertNoErrors("on the follow-up page");
  });

  it("abort signal rejects with AbortError", async () => {
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    await queueScenarios(sandbox.apiBase, [{ kind: "delay", delayMs: HOLD_MS }]);

    // Starts the call and handles its outcome at once, so the only way to see an unhandled
    // rejection is one that the module itself leaves behind.
    await page.evaluate(
      async ({ idNumber }) => {
        const { createPiiToken } = await import("/pkg/pii_token.js");
        const controller = new AbortController();
        const started = performance.now();
        window.abortCall = () => controller.abort();
        window.callOutcome = createPiiToken(idNumber, {
          idType: "us_ssn",
          signal: controller.signal,
        }).then(
          (token) => ({ resolved: true, id: token.id }),
          (error) => ({
            resolved: false,
            name: error?.name,
            elapsedMs: performance.now() - started,
          }),
        );
      },
      { idNumber: TEST_NUMBER },
    );
    await waitForTokenRequests(sandbox.apiBase, 1);

    const outcome = await page.evaluate(() => {
      window.abortCall();
      return window.callOutcome;
    });

    assert.equal(outcome.resolved, false, "the aborted call resolved with a token");
    assert.equal(outcome.name, "AbortError", "name of the rejection");
    assert.ok(outcome.elapsedMs < HOLD_MS, `rejected after ${outcome.elapsedMs} ms`);
    // Waits past the held response, so that a rejection left for the response to settle would
    // have surfaced.
    await page.waitForTimeout(HOLD_MS);
    await assertNoUnhandledRejections(page, "after the abort");
    assertNoErrors("after the abort");
    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 1, "POST /v1/tokens requests, with no retry");
  });
});
