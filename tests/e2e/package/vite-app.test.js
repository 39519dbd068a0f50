// The Vite example app, examples/vite-app, built by `vite build` against the packed package and
// served from loopback under the strict policy, tokenizes through the sandbox in Chromium.
// `scripts/test.sh package` installs the package into the app and builds it first.
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
const DIST = join(ROOT, "examples", "vite-app", "dist");

let browser;
let server;

before(async () => {
  assert.ok(existsSync(join(DIST, "index.html")), `${DIST} is missing: run vite build first`);
  browser = await launchBrowser();
  const config = { publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase };
  server = await startStaticServer({
    pages: { "/config.json": () => JSON.stringify(config) },
    mounts: { "/": DIST },
    policy: strictPolicy(sandbox.apiBase),
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe("Vite app", () => {
  it("bundles the package's bundler build", () => {
    const assets = readdirSync(join(DIST, "assets"));
    const wasm = assets.filter((name) => name.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `assets: ${assets.join(", ")}`);
    const bundled = readFileSync(join(DIST, "assets", wasm[0]));
    const built = readFileSync(join(PKG_DIR, "bundler", "pii_token_bg.wasm"));
    assert.ok(bundled.equals(built), "the app's .wasm differs from pkg/bundler's");
    const scripts = assets.filter((name) => name.endsWith(".js"));
    for (const name of scripts) {
      // Only the web build has an init function that takes `module_or_path`.
      const text = readFileSync(join(DIST, "assets", name), "utf8");
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
      const policyErrors = consoleTexts.filter((t) => /Content Security Policy|Refused to/i.test(t));
      assert.deepEqual(policyErrors, [], "console messages about the policy");
    } finally {
      await context.close();
    }
  });
});
