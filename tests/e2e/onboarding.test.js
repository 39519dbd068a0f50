// End-to-end tests of the demo onboarding page (www/) with the built module (pkg/web) in
// headless Chromium, against a running sandbox. scripts/test.sh starts one and sets
// SANDBOX_READY_FILE. The tests reset the sandbox's request logs, so they run one at a time.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";

import {
  FORM_ERROR,
  SUCCESS,
  containsNumber,
  dashed,
  fetchRequestLog,
  generateSsn,
  launchBrowser,
  loadSandbox,
  openForm as openPage,
  openRecordedPage,
  resetRequestLog,
  retrieveToken as retrieveTokenFrom,
  waitForSuccess,
} from "./helpers.js";

const sandbox = loadSandbox();

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

// Opens the demo page and waits until the module is configured and the form accepts input.
async function openForm(page) {
  await openPage(page, `${sandbox.merchantUrl}/`);
}

async function fillForm(page, name, idNumber) {
  await page.fill("#full-name", name);
  await page.selectOption("#country", "US");
  await page.fill("#id-number", idNumber);
}

function isFromOrigin(request, origin) {
  return new URL(request.url()).origin === origin;
}

// Asserts that none of the given browser requests carries the number in its URL, body or
// headers. Failure messages name the request but never print the number.
async function assertRequestsFree(requests, digits) {
  for (const request of requests) {
    const label = `${request.method()} ${new URL(request.url()).pathname}`;
    assert.equal(containsNumber(request.url(), digits), false, `${label}: number in the URL`);
    const body = request.postData() ?? "";
    assert.equal(containsNumber(body, digits), false, `${label}: number in the body`);
    const headers = JSON.stringify(await request.allHeaders());
    assert.equal(containsNumber(headers, digits), false, `${label}: number in a header`);
  }
}

function assertConsoleFree(consoleTexts, digits) {
  const leaked = consoleTexts.filter((text) => containsNumber(text, digits));
  assert.equal(leaked.length, 0, `${leaked.length} console messages contain the number`);
}

// Submits the form and returns the token id that the page reports as redeemed.
async function submitAndWaitForSuccess(page) {
  await page.click("#submit");
  return waitForSuccess(page);
}

async function retrieveToken(tokenId) {
  return retrieveTokenFrom(sandbox.apiBase, sandbox.secretKey, tokenId);
}

async function assertMerchantSawOnlyToken(tokenId, digits) {
  const { text, requests } = await fetchRequestLog(sandbox.merchantUrl);
  assert.equal(containsNumber(text, digits), false, "merchant request log contains the number");
  const onboards = requests.filter((r) => r.method === "POST" && r.path === "/onboard");
  assert.equal(onboards.length, 1, "POST /onboard requests in the merchant log");
  const form = new URLSearchParams(onboards[0].body);
  assert.equal(form.get("token"), tokenId, "token field of POST /onboard");
  assert.match(form.get("token"), /^pii_[A-Za-z0-9]+$/, "token field format");
  assert.equal(form.get("country"), "US", "country field of POST /onboard");
  assert.deepEqual([...form.keys()].sort(), ["country", "name", "token"], "POST /onboard fields");
}

async function assertOneSimpleTokenRequest(digits) {
  const { text, requests } = await fetchRequestLog(sandbox.apiBase);
  assert.equal(containsNumber(text, digits), false, "API request log contains the number");
  const preflights = requests.filter((r) => r.method === "OPTIONS");
  assert.equal(preflights.length, 0, "OPTIONS preflights at the API origin");
  const fromPage = requests.filter((r) => r.origin === sandbox.merchantUrl);
  assert.equal(fromPage.length, 1, "requests from the page at the API origin");
  const [tokenRequest] = fromPage;
  assert.equal(tokenRequest.method, "POST", "token request method");
  assert.equal(tokenRequest.path, "/v1/tokens", "token request path");
  assert.equal(tokenRequest.status, 200, "token request status");
  assert.match(tokenRequest.contentType, /^application\/x-www-form-urlencoded/, "content type");
  assert.ok(tokenRequest.formFields.includes("pii[id_number]"), "pii[id_number] field sent");
  assert.ok(tokenRequest.formFields.includes("key"), "key field sent");
}

const VALID_CASES = [
  { title: "Stripe test number", digits: "000000000", typed: () => "000000000" },
  { title: "generated valid SSN", digits: generateSsn(), typed: (digits) => dashed(digits) },
];

describe("onboarding with a valid number", () => {
  for (const { title, digits, typed } of VALID_CASES) {
    it(`onboards with ${title}`, async () => {
      const { page, requests, consoleTexts } = session;
      await openForm(page);
      await fillForm(page, "Jenny Rosen", typed(digits));

      const tokenId = await submitAndWaitForSuccess(page);

      assert.equal(await page.inputValue("#id-number"), "", "ID field cleared after tokenizing");
      await assertMerchantSawOnlyToken(tokenId, digits);
      await assertOneSimpleTokenRequest(digits);

      const merchantRequests = requests.filter((r) => isFromOrigin(r, sandbox.merchantUrl));
      assert.ok(merchantRequests.length > 0, "the page made no request to its own origin");
      await assertRequestsFree(merchantRequests, digits);
      const apiRequests = requests.filter((r) => isFromOrigin(r, sandbox.apiBase));
      assert.equal(apiRequests.length, 1, "browser requests to the API origin");
      assert.equal(apiRequests[0].method(), "POST", "browser request method to the API origin");
      const otherRequests = requests.filter(
        (r) => !isFromOrigin(r, sandbox.merchantUrl) && !isFromOrigin(r, sandbox.apiBase),
      );
      assert.equal(otherRequests.length, 0, "requests to origins other than the sandbox");
      assertConsoleFree(consoleTexts, digits);

      const token = await retrieveToken(tokenId);
      assert.equal(token.id, tokenId, "retrieved token id");
      assert.equal(token.used, true, "token redeemed by the merchant");
    });
  }
});

describe("onboarding with invalid input", () => {
  it("shows inline error for short number", async () => {
    const { page, requests, consoleTexts } = session;
    await openForm(page);
    await fillForm(page, "Jenny Rosen", "12345");
    await page.click("#submit");

    const error = page.locator("#id-number-error");
    await page.locator("#id-number-error:not(:empty)").waitFor();
    assert.equal(await error.getAttribute("data-code"), "invalid_length", "error code");
    const message = await error.textContent();
    assert.equal(message.includes("12345"), false, "error message echoes the input");
    assert.equal(await page.getAttribute("#id-number", "aria-invalid"), "true", "aria-invalid");
    const describedBy = await page.getAttribute("#id-number", "aria-describedby");
    assert.ok(describedBy.split(" ").includes("id-number-error"), "error not in describedby");
    assert.equal(await page.isEnabled("#submit"), true, "button enabled again after the error");

    const apiLog = await fetchRequestLog(sandbox.apiBase);
    assert.equal(apiLog.requests.length, 0, "requests at the API origin");
    const apiRequests = requests.filter((r) => isFromOrigin(r, sandbox.apiBase));
    assert.equal(apiRequests.length, 0, "browser requests to the API origin");
    const merchantLog = await fetchRequestLog(sandbox.merchantUrl);
    const onboards = merchantLog.requests.filter((r) => r.path === "/onboard");
    assert.equal(onboards.length, 0, "POST /onboard requests after a validation error");
    assert.equal(consoleTexts.some((text) => text.includes("12345")), false, "input in console");
  });

  it("shows inline error for missing name", async () => {
    const { page } = session;
    await openForm(page);
    await fillForm(page, "", "000000000");
    await page.click("#submit");

    await page.locator("#full-name-error:not(:empty)").waitFor();
    assert.equal(await page.getAttribute("#full-name", "aria-invalid"), "true", "aria-invalid");
    const apiLog = await fetchRequestLog(sandbox.apiBase);
    assert.equal(apiLog.requests.length, 0, "requests at the API origin");
  });

  it("shows API error for unknown key", async () => {
    const { page, consoleTexts } = session;
    // The page reads its key from /config.json; serve it a key that the sandbox does not know.
    const config = { publishableKey: "pk_test_unknown0000000000", apiBase: sandbox.apiBase };
    await page.route(`${sandbox.merchantUrl}/config.json`, (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify(config) }),
    );
    await openForm(page);
    await fillForm(page, "Jenny Rosen", "000000000");
    await page.click("#submit");

    const status = page.locator(FORM_ERROR);
    await status.waitFor();
    const text = await status.textContent();
    assert.match(text, /request req_[A-Za-z0-9]+/, "form error names the request id");
    // Leaving the field printed the number in the document's usual form.
    assert.equal(await page.inputValue("#id-number"), "000-00-0000", "ID kept for another try");
    const apiLog = await fetchRequestLog(sandbox.apiBase);
    assert.equal(apiLog.requests.length, 1, "requests at the API origin");
    assert.equal(apiLog.requests[0].status, 401, "status of the token request");
    const merchantLog = await fetchRequestLog(sandbox.merchantUrl);
    assert.equal(merchantLog.requests.filter((r) => r.path === "/onboard").length, 0, "onboards");
    assertConsoleFree(consoleTexts, "000000000");
  });
});

describe("onboarding form", () => {
  it("disables button while in flight", async () => {
    const { page } = session;
    let release;
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    // Holds the token request until the button state has been checked, then lets it through to
    // the sandbox unchanged.
    await page.route(`${sandbox.apiBase}/v1/tokens`, async (route) => {
      await gate;
      await route.continue();
    });
    await openForm(page);
    await fillForm(page, "Jenny Rosen", "000000000");
    await page.click("#submit");

    await page.locator("#submit:disabled").waitFor();
    assert.equal(await page.getAttribute("#onboarding", "aria-busy"), "true", "form aria-busy");
    await page.press("#full-name", "Enter");
    release();

    await page.locator(SUCCESS).waitFor();
    assert.equal(await page.isEnabled("#submit"), true, "button enabled after the response");
    const apiLog = await fetchRequestLog(sandbox.apiBase);
    const tokenRequests = apiLog.requests.filter((r) => r.path === "/v1/tokens");
    assert.equal(tokenRequests.length, 1, "token requests despite a second submit");
  });

  it("keeps ID number out of form posts", async () => {
    const { page } = session;
    await openForm(page);
    const idInput = page.locator("#id-number");
    assert.equal(await idInput.getAttribute("name"), null, "ID field has a name attribute");
    assert.equal(await idInput.getAttribute("autocomplete"), "off", "ID field autocomplete");
    assert.equal(await idInput.getAttribute("inputmode"), "numeric", "ID field inputmode");
    assert.equal(await idInput.getAttribute("form"), null, "ID field form attribute");
    // A labelled control is found by its accessible name.
    for (const label of ["Full name", "Country", "Document", "US Social Security number"]) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `label ${label}`);
    }
    await fillForm(page, "Jenny Rosen", "000000000");
    const fields = await page.evaluate(() => [...new FormData(document.forms.onboarding).keys()]);
    assert.deepEqual(fields.sort(), ["country", "name", "token"], "fields of a plain form post");
  });
});
