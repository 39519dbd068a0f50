// A module Web Worker that imports the web build, pkg/web/pii_token.js, and tokenizes through
// the sandbox. The page and the worker run under the strict policy.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";

import {
  fetchTokenRequests,
  generateSsn,
  launchBrowser,
  openRecordedPage,
  resetRequestLog,
  retrieveToken,
} from "../helpers.js";
import {
  assertFreshToken,
  assertLogClean,
  assertNumberAbsent,
  loadPackageSandbox,
  PAGES_DIR,
  PKG_DIR,
} from "./fixtures.js";
import { startStaticServer, strictPolicy } from "./static-server.js";

const sandbox = loadPackageSandbox();
// What pages/worker.js logs after it has created a token.
const WORKER_MESSAGE = "pii-token worker: token created";

function workerPage() {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>pii-token in a worker</title>
<script type="module" src="/worker-page.js"></script>
</head>
<body data-api-base="${sandbox.apiBase}" data-publishable-key="${sandbox.publishableKey}">
<form id="form">
<input id="id-number" autocomplete="off">
<button id="submit">Tokenize</button>
</form>
<output id="result"></output>
</body>
</html>
`;
}

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startStaticServer({
    pages: { "/": workerPage },
    mounts: { "/pkg/web/": join(PKG_DIR, "web"), "/": PAGES_DIR },
    policy: strictPolicy(sandbox.apiBase),
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe("module worker", () => {
  it("worker tokenizes with the web build", async () => {
    await resetRequestLog(sandbox.apiBase);
    const { context, page, consoleTexts, requests } = await openRecordedPage(browser);
    const workers = [];
    page.on("worker", (worker) => workers.push(worker.url()));
    try {
      await page.goto(`${server.origin}/`);
      const digits = generateSsn();
      await page.fill("#id-number", digits);
      await page.click("#submit");
      const result = page.locator("#result[data-kind]");
      await result.waitFor();
      const text = await result.textContent();
      assert.equal(await result.getAttribute("data-kind"), "token", `page shows: ${text}`);
      const token = JSON.parse(text);
      assertFreshToken(token);
      const stored = await retrieveToken(sandbox.apiBase, sandbox.secretKey, token.id);
      assert.equal(stored.id, token.id, "token known to the sandbox");

      assert.deepEqual(workers, [`${server.origin}/worker.js`], "workers started");
      const paths = server.requests.map((r) => r.url);
      assert.ok(paths.includes("/pkg/web/pii_token_bg.wasm"), `requests: ${paths.join(", ")}`);
      // The worker's own console message shows that its console is recorded too. It can
      // arrive after the page shows the token, so the test waits up to 5 s for it.
      const deadline = Date.now() + 5000;
      while (!consoleTexts.includes(WORKER_MESSAGE) && Date.now() < deadline) {
        await page.waitForTimeout(20);
      }
      assert.ok(consoleTexts.includes(WORKER_MESSAGE), `console: ${JSON.stringify(consoleTexts)}`);
      assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 1, "token requests");
      await assertLogClean(sandbox.apiBase, digits);
      assertNumberAbsent(consoleTexts, digits, "the console");
      assertNumberAbsent([...requests.map((r) => r.url()), ...paths], digits, "a request URL");
    } finally {
      await context.close();
    }
  });
});
