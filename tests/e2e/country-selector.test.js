// End-to-end tests of the demo page's country and document selectors. The lists come from the
// module's idTypes(), and the ID field's label and hint follow the chosen document. The number
// is checked with validateIdNumber as it is typed, and createPiiToken checks it at submit
// against the chosen document's idType.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";

import {
  fetchRequestLog,
  fetchTokenRequests,
  generateSin,
  generateSsn,
  launchBrowser,
  loadSandbox,
  openForm,
  openRecordedPage,
  resetRequestLog,
  waitForSuccess,
} from "./helpers.js";

const sandbox = loadSandbox();
const SIN_NAME = "Canadian Social Insurance Number";

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

// Returns the module's ID types, read in the page from the same module instance as app.js.
function moduleIdTypes(page) {
  return page.evaluate(async () => {
    const { idTypes } = await import("/pkg/pii_token.js");
    return idTypes();
  });
}

// Returns validateIdNumber's result for a number, computed in the page.
function validateInPage(page, idNumber, idType) {
  return page.evaluate(
    async ({ idNumber, idType }) => {
      const { validateIdNumber } = await import("/pkg/pii_token.js");
      return validateIdNumber(idNumber, idType);
    },
    { idNumber, idType },
  );
}

function selectOptions(page, selector) {
  return page
    .locator(`${selector} option`)
    .evaluateAll((options) => options.map((o) => ({ value: o.value, text: o.textContent })));
}

// Returns whether any text contains the nine digits of a SIN, plain or in 3-3-3 groups.
function containsSin(text, digits) {
  const groups = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  return [digits, groups.join("-"), groups.join(" ")].some((spelling) => text.includes(spelling));
}

describe("country selector", () => {
  it("lists every country with ID types", async () => {
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    const types = await moduleIdTypes(page);
    const expected = new Set(types.map((type) => type.country));

    const options = await selectOptions(page, "#country");
    assert.deepEqual(new Set(options.map((o) => o.value)), expected, "listed country codes");
    assert.equal(options.length, expected.size, "each country listed once");
    assert.deepEqual(options[0], { value: "US", text: "United States" }, "first country");
    assert.equal(await page.inputValue("#country"), "US", "selected country");
    const canada = options.find((o) => o.value === "CA");
    assert.equal(canada?.text, "Canada", "name of CA");
    const unnamed = options.filter((o) => o.text === o.value);
    assert.deepEqual(unnamed, [], "countries shown by code instead of name");
  });

  it("US offers full-number documents only", async () => {
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);

    assert.equal(await page.isVisible("#document"), true, "document selector visible for US");
    const documents = await selectOptions(page, "#document");
    assert.deepEqual(
      documents.map((d) => d.value),
      ["us_ssn", "us_itin"],
      "US documents, without the last-4 types",
    );
    assert.equal(await page.textContent("#id-number-label"), "US Social Security number");

    await page.selectOption("#document", "us_itin");
    const itinName = documents.find((d) => d.value === "us_itin").text;
    assert.equal(await page.textContent("#id-number-label"), itinName, "label for the ITIN");

    // A valid SSN is no valid ITIN, because an ITIN starts with 9. The message shows once the
    // number has the printed length, before the field loses focus.
    await page.locator("#id-number").pressSequentially(generateSsn());
    const error = page.locator("#id-number-error:not(:empty)");
    await error.waitFor();
    assert.equal(await error.getAttribute("data-code"), "invalid_component", "ITIN error code");
    await page.fill("#full-name", "Jenny Rosen");
    await page.click("#submit");
    await page.locator('#form-status[data-kind="error"]').waitFor();
    assert.equal(await error.getAttribute("data-code"), "invalid_component", "code at submit");
    assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 0, "token requests");
  });

  it("Canada changes label and format", async () => {
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    const usFormat = await page.textContent("#id-number-format");
    assert.match(usFormat, /###-##-####/, "US printed form");

    await page.selectOption("#country", "CA");

    assert.equal(await page.textContent("#id-number-label"), SIN_NAME, "label for Canada");
    assert.equal(await page.getByLabel(SIN_NAME, { exact: true }).count(), 1, "labelled field");
    const format = await page.textContent("#id-number-format");
    assert.match(format, /###-###-###/, "printed form for Canada");
    assert.match(format, /each # is a digit/, "printed form explains #");
    assert.equal(await page.isVisible("#document"), false, "document selector for one type");
    assert.equal(await page.getAttribute("#id-number", "inputmode"), "numeric", "inputmode");
  });

  it("invalid SIN shows inline message", async () => {
    const { page, consoleTexts } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    await page.selectOption("#country", "CA");
    const digits = generateSin({ validChecksum: false });
    const expected = await validateInPage(page, digits, "ca_sin");
    assert.equal(expected.valid, false, "generated number with a wrong check digit is valid");

    const input = page.locator("#id-number");
    const error = page.locator("#id-number-error");
    await input.pressSequentially(digits.slice(0, 8));
    assert.equal(await error.textContent(), "", "message before the number is complete");
    await input.press(digits[8]);

    await page.locator("#id-number-error:not(:empty)").waitFor();
    assert.equal(await error.textContent(), expected.message, "inline message");
    assert.equal(await error.getAttribute("data-code"), "invalid_checksum", "error code");
    assert.equal(await error.getAttribute("aria-live"), "polite", "message is announced");
    assert.equal(await input.getAttribute("aria-invalid"), "true", "aria-invalid");
    assert.equal(containsSin(expected.message, digits), false, "message echoes the number");

    await input.blur();
    const formatted = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
    assert.equal(await input.inputValue(), formatted, "number printed on blur");
    assert.equal(await error.textContent(), expected.message, "message after blur");
    const typingLog = await fetchRequestLog(sandbox.apiBase);
    assert.equal(typingLog.requests.length, 0, "requests at the API origin while typing");

    // Submitting runs createPiiToken with the SIN's rules, which reject the check digit.
    await page.fill("#full-name", "Jenny Rosen");
    await page.click("#submit");
    await page.locator('#form-status[data-kind="error"]').waitFor();
    assert.equal(await error.getAttribute("data-code"), "invalid_checksum", "code at submit");
    assert.equal(await error.textContent(), expected.message, "message at submit");
    assert.equal(consoleTexts.some((text) => containsSin(text, digits)), false, "number logged");
    const submitLog = await fetchRequestLog(sandbox.apiBase);
    assert.equal(submitLog.requests.length, 0, "requests at the API origin after submit");
  });

  it("generated SIN tokenizes", async () => {
    const { page, consoleTexts } = session;
    await openForm(page, `${sandbox.merchantUrl}/`);
    await page.selectOption("#country", "CA");
    await page.fill("#full-name", "Jenny Rosen");
    const digits = generateSin();
    await page.fill("#id-number", digits);
    await page.locator("#id-number").blur();
    assert.equal(await page.textContent("#id-number-error"), "", "message for a valid SIN");

    await page.click("#submit");
    const tokenId = await waitForSuccess(page);

    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 1, "POST /v1/tokens requests at the API origin");
    assert.equal(tokenRequests[0].status, 200, "token request status");
    const merchantLog = await fetchRequestLog(sandbox.merchantUrl);
    assert.equal(containsSin(merchantLog.text, digits), false, "number in the merchant log");
    const onboards = merchantLog.requests.filter((r) => r.path === "/onboard");
    assert.equal(onboards.length, 1, "POST /onboard requests");
    const form = new URLSearchParams(onboards[0].body);
    assert.equal(form.get("country"), "CA", "country field of POST /onboard");
    assert.equal(form.get("token"), tokenId, "token field of POST /onboard");
    assert.deepEqual([...form.keys()].sort(), ["country", "name", "token"], "onboard fields");
    const apiLog = await fetchRequestLog(sandbox.apiBase);
    assert.equal(containsSin(apiLog.text, digits), false, "number in the API log");
    assert.equal(consoleTexts.some((text) => containsSin(text, digits)), false, "number logged");
    assert.equal(await page.inputValue("#id-number"), "", "ID field cleared after tokenizing");
  });
});
