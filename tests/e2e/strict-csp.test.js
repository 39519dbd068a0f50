// End-to-end tests of the demo page under a strict Content Security Policy. The sandbox's
// merchant origin serves the demo page, www/index.html, at /strict.html with a policy that allows
// 'wasm-unsafe-eval' but neither 'unsafe-eval' nor 'unsafe-inline', and at /strict-no-wasm.html
// with the same policy minus 'wasm-unsafe-eval', which must stop the module from compiling.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";

import {
  FORM_ERROR,
  fetchRequestLog,
  fetchTokenRequests,
  launchBrowser,
  loadSandbox,
  openForm,
  openRecordedPage,
  resetRequestLog,
  waitForSuccess,
} from "./helpers.js";

const sandbox = loadSandbox();
const TEST_NUMBER = "000000000";

// Chromium's console messages about the policy start with "Refused to" or name the policy.
const CSP_CONSOLE_PATTERN = /Content Security Policy|Refused to/i;

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
  // Records every securitypolicyviolation event from the start of each document. Playwright
  // injects init scripts outside the page's policy, so the recorder itself breaks no rule.
  await session.context.addInitScript(() => {
    window.policyViolations = [];
    window.addEventListener(
      "securitypolicyviolation",
      (event) => {
        window.policyViolations.push({
          directive: event.effectiveDirective,
          blockedURI: event.blockedURI,
        });
      },
      true,
    );
  });
});

afterEach(async () => {
  await session.context.close();
});

function policyViolations(page) {
  return page.evaluate(() => window.policyViolations);
}

function cspConsoleMessages(consoleTexts) {
  return consoleTexts.filter((text) => CSP_CONSOLE_PATTERN.test(text));
}

// Splits a Content-Security-Policy header into a map of directive to its sources.
function parsePolicy(header) {
  const policy = new Map();
  for (const directive of header.split(";")) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) {
      policy.set(name, sources);
    }
  }
  return policy;
}

// Returns the <body> of a page served by the merchant origin, as text.
async function fetchBody(path) {
  const response = await fetch(`${sandbox.merchantUrl}${path}`);
  assert.equal(response.status, 200, `GET ${path} status`);
  const html = await response.text();
  const match = /<body>[\s\S]*<\/body>/.exec(html);
  assert.ok(match, `GET ${path} has no <body>`);
  return match[0];
}

describe("strict Content Security Policy", () => {
  it("strict page tokenizes without violations", async () => {
    const { page, consoleTexts } = session;
    const response = await page.goto(`${sandbox.merchantUrl}/strict.html`);
    const header = response.headers()["content-security-policy"];
    assert.ok(header, "/strict.html has no Content-Security-Policy header");
    const policy = parsePolicy(header);
    assert.deepEqual(policy.get("default-src"), ["'none'"], "default-src");
    assert.deepEqual(policy.get("script-src"), ["'self'", "'wasm-unsafe-eval'"], "script-src");
    assert.deepEqual(policy.get("connect-src"), ["'self'", sandbox.apiBase], "connect-src");
    assert.deepEqual(policy.get("style-src"), ["'self'"], "style-src");
    assert.equal(header.includes("'unsafe-eval'"), false, "policy allows 'unsafe-eval'");
    assert.equal(header.includes("'unsafe-inline'"), false, "policy allows 'unsafe-inline'");

    await page.locator("#submit:enabled").waitFor();
    await page.fill("#full-name", "Jenny Rosen");
    await page.fill("#id-number", TEST_NUMBER);
    await page.click("#submit");
    const tokenId = await waitForSuccess(page);

    assert.match(tokenId, /^pii_[A-Za-z0-9]+$/, "token id");
    assert.deepEqual(await policyViolations(page), [], "securitypolicyviolation events");
    assert.deepEqual(cspConsoleMessages(consoleTexts), [], "console messages about the policy");
    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 1, "POST /v1/tokens requests at the API origin");
    const merchantLog = await fetchRequestLog(sandbox.merchantUrl);
    const onboards = merchantLog.requests.filter((r) => r.path === "/onboard");
    assert.equal(onboards.length, 1, "POST /onboard requests at the merchant");

    // The same page must report a request that the policy forbids, which shows that the policy
    // is in force and the recorder works. The policy blocks it before anything is sent.
    const blocked = await page.evaluate(() =>
      fetch("http://127.0.0.1:9/").then(
        () => "sent",
        (error) => error.name,
      ),
    );
    assert.equal(blocked, "TypeError", "outcome of a fetch outside connect-src");
    await page.waitForFunction(() => window.policyViolations.length > 0);
    const [violation] = await policyViolations(page);
    assert.equal(violation.directive, "connect-src", "directive of the forbidden fetch");
    await page.waitForTimeout(100);
    const messages = cspConsoleMessages(consoleTexts);
    assert.ok(messages.length > 0, "no console message about the forbidden fetch");
  });

  it("policy without wasm-unsafe-eval blocks module", async () => {
    const { page } = session;
    const response = await page.goto(`${sandbox.merchantUrl}/strict-no-wasm.html`);
    const policy = parsePolicy(response.headers()["content-security-policy"] ?? "");
    assert.deepEqual(policy.get("script-src"), ["'self'"], "script-src");

    const status = page.locator(FORM_ERROR);
    await status.waitFor();
    const text = await status.textContent();
    assert.match(text, /could not start/, "form status");
    // Chromium rejects the compilation with an error that names the policy, and app.js shows it.
    assert.match(text, /Content Security Policy/i, "form status names the policy");
    assert.equal(await page.isDisabled("#submit"), true, "button enabled without the module");
    const violations = await policyViolations(page);
    const wasm = violations.filter((v) => v.directive === "script-src");
    assert.equal(wasm.length, 1, `script-src violations in ${JSON.stringify(violations)}`);
    assert.equal(wasm[0].blockedURI, "wasm-eval", "blocked URI of the violation");
    const apiLog = await fetchRequestLog(sandbox.apiBase);
    assert.equal(apiLog.requests.length, 0, "requests at the API origin");
  });

  it("strict page body matches demo page", async () => {
    const strictBody = await fetchBody("/strict.html");
    const demoBody = await fetchBody("/");
    assert.equal(strictBody, demoBody, "/strict.html and / bodies differ");
    const { page } = session;
    await openForm(page, `${sandbox.merchantUrl}/strict.html`);
    assert.ok((await page.locator("#country option").count()) > 1, "countries listed");
  });
});
