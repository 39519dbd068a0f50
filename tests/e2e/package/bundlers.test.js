// The example apps built by bundlers against the packed package: examples/vite-app with
// `vite build` and examples/webpack-app with webpack 5. Each app is served from loopback under
// the strict policy and tokenizes through the sandbox in Chromium. `scripts/test.sh package`
// installs the package into the apps and builds them first.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

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
  PKG_DIR,
  ROOT,
} from "./fixtures.js";
import { startStaticServer, strictPolicy } from "./static-server.js";

const sandbox = loadPackageSandbox();
// Chromium's console messages about the policy start with "Refused to" or name the policy.
const POLICY_MESSAGE = /Content Security Policy|Refused to/;
const APPS = [
  { name: "Vite app", dist: join(ROOT, "examples", "vite-app", "dist") },
  { name: "webpack app", dist: join(ROOT, "examples", "webpack-app", "dist") },
];

// Lists the files under `dir`, with paths relative to it.
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1));
}

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

for (const app of APPS) {
  describe(app.name, () => {
    let server;

    before(async () => {
      assert.ok(existsSync(join(app.dist, "index.html")), `${app.dist} is missing: build it first`);
      const config = { publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase };
      server = await startStaticServer({
        pages: { "/config.json": () => JSON.stringify(config) },
        mounts: { "/": app.dist },
        policy: strictPolicy(sandbox.apiBase),
      });
    });

    after(async () => {
      await server?.close();
    });

    it("bundles the bundler build", () => {
      const files = listFiles(app.dist);
      const wasm = files.filter((name) => name.endsWith(".wasm"));
      assert.equal(wasm.length, 1, `files: ${files.join(", ")}`);
      const bundled = readFileSync(join(app.dist, wasm[0]));
      const built = readFileSync(join(PKG_DIR, "bundler", "pii_token_bg.wasm"));
      assert.ok(bundled.equals(built), "the app's .wasm differs from pkg/bundler's");
      for (const name of files.filter((file) => file.endsWith(".js"))) {
        // Only the web build has an init function that takes `module_or_path`.
        const text = readFileSync(join(app.dist, name), "utf8");
        assert.equal(text.includes("module_or_path"), false, `${name} bundles the web build`);
      }
    });

    it("tokenizes through the sandbox", async () => {
      await resetRequestLog(sandbox.apiBase);
      const { context, page, consoleTexts, requests } = await openRecordedPage(browser);
      try {
        await page.goto(`${server.origin}/`);
        await page.locator("#submit:enabled").waitFor();
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
        assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 1, "token requests");
        await assertLogClean(sandbox.apiBase, digits);
        const urls = [...requests.map((r) => r.url()), ...server.requests.map((r) => r.url)];
        assertNumberAbsent(urls, digits, "a request URL");
        assertNumberAbsent(consoleTexts, digits, "the page's console");
        const policyErrors = consoleTexts.filter((text) => POLICY_MESSAGE.test(text));
        assert.deepEqual(policyErrors, [], "console messages about the policy");
      } finally {
        await context.close();
      }
    });
  });
}
