// The classic script, pkg/script/pii-token.js, on a page under the strict policy. The script and
// its .wasm come from a second loopback origin, as from a CDN, with `integrity` and
// `crossorigin`. The tests tokenize through the sandbox, check the global it defines, calls made
// before it is ready, and that a wrong hash for the script or a changed .wasm stops it.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";

import { declaredMembers } from "../../types/declared.mjs";
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
const SCRIPT_DIR = join(PKG_DIR, "script");
const SCRIPT_BYTES = readFileSync(join(SCRIPT_DIR, "pii-token.js"));
const ACCOUNT = "acct_1PackageTest";
const API_VERSION = "2024-06-20";

function sha384(bytes) {
  return `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
}

// The page's HTML: the HTML `before`, the classic script from `src` with `attributes`, and the
// page's own script.
function scriptPage(src, attributes, before = "") {
  const extra = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>pii-token classic script</title>
${before}<script src="${src}"${extra}></script>
<script type="module" src="/script-tag.js"></script>
</head>
<body>
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
let cdn;
let session;
let releaseWasm;
let wasmHeld;

before(async () => {
  browser = await launchBrowser();
  cdn = await startStaticServer({
    mounts: { "/tampered/": SCRIPT_DIR, "/held/": SCRIPT_DIR, "/": SCRIPT_DIR },
    cors: true,
    // The .wasm under /tampered/ has one byte changed.
    rewrite: (path, bytes) => {
      if (path !== "/tampered/pii-token.wasm") {
        return bytes;
      }
      const changed = Buffer.from(bytes);
      changed[changed.length - 1] ^= 0x01;
      return changed;
    },
    // The .wasm under /held/ waits until the test releases it.
    hold: (path) => (path === "/held/pii-token.wasm" ? wasmHeld : undefined),
  });
});

after(async () => {
  await browser?.close();
  await cdn?.close();
});

beforeEach(async () => {
  await resetRequestLog(sandbox.apiBase);
  cdn.requests.length = 0;
  wasmHeld = new Promise((resolve) => {
    releaseWasm = resolve;
  });
  session = await openRecordedPage(browser);
  // Records the window's own properties before any page script runs, and every policy
  // violation. Playwright runs init scripts outside the page's policy.
  await session.context.addInitScript(() => {
    window.initialGlobals = Object.getOwnPropertyNames(window);
    window.policyViolations = [];
    window.addEventListener("securitypolicyviolation", (event) => {
      window.policyViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
});

afterEach(async () => {
  releaseWasm();
  await session.context.close();
  await session.server?.close();
});

// Serves a page with the classic script from the CDN at `src`, after the HTML `before`, and
// opens it.
async function openScriptPage(src, attributes, before = "") {
  const server = await startStaticServer({
    pages: { "/": () => scriptPage(`${cdn.origin}${src}`, attributes, before) },
    mounts: { "/": PAGES_DIR },
    policy: strictPolicy(sandbox.apiBase, [cdn.origin]),
  });
  session.server = server;
  await session.page.goto(`${server.origin}/`);
  return server;
}

function configuredAttributes(integrity = sha384(SCRIPT_BYTES)) {
  return {
    integrity,
    crossorigin: "anonymous",
    "data-publishable-key": sandbox.publishableKey,
    "data-api-base": sandbox.apiBase,
    "data-stripe-account": ACCOUNT,
    "data-api-version": API_VERSION,
    "data-timeout-ms": "10000",
    "data-max-network-retries": "0",
  };
}

async function tokenizeInForm(page, digits) {
  await page.fill("#id-number", digits);
  await page.click("#submit");
  const result = page.locator("#result[data-kind]");
  await result.waitFor();
  return { kind: await result.getAttribute("data-kind"), text: await result.textContent() };
}

describe("classic script", () => {
  it("build prints the hashes the page needs", () => {
    const hashes = JSON.parse(readFileSync(join(SCRIPT_DIR, "integrity.json"), "utf8"));
    assert.equal(hashes["pii-token.js"], sha384(SCRIPT_BYTES), "hash of pii-token.js");
    const wasm = readFileSync(join(SCRIPT_DIR, "pii-token.wasm"));
    assert.equal(hashes["pii-token.wasm"], sha384(wasm), "hash of pii-token.wasm");
    assert.ok(SCRIPT_BYTES.includes(hashes["pii-token.wasm"]), "script pins its .wasm");
  });

  it("tokenizes under the strict policy with integrity", async () => {
    const { page, consoleTexts, requests } = session;
    const server = await openScriptPage("/pii-token.js", configuredAttributes());
    await page.locator("body[data-ready=true]").waitFor();
    const digits = generateSsn();
    const { kind, text } = await tokenizeInForm(page, digits);
    assert.equal(kind, "token", `page shows: ${text}`);
    const token = JSON.parse(text);
    assertFreshToken(token);
    const stored = await retrieveToken(sandbox.apiBase, sandbox.secretKey, token.id);
    assert.equal(stored.id, token.id, "token known to the sandbox");

    const globals = await page.evaluate(() => {
      const recorder = ["initialGlobals", "policyViolations"];
      const before = new Set([...window.initialGlobals, ...recorder]);
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
    });
    assert.deepEqual(globals, ["PiiToken"], "globals the script defines");
    assert.equal(await page.evaluate(() => typeof wasm_bindgen), "undefined", "wasm_bindgen");
    const members = await page.evaluate(() => Object.keys(window.PiiToken).sort());
    const declared = declaredMembers(join(SCRIPT_DIR, "pii-token.d.ts"), "PiiTokenGlobal");
    assert.deepEqual(members, declared, "window.PiiToken against its declaration");

    assert.deepEqual(await page.evaluate(() => window.policyViolations), [], "violations");
    const fetched = cdn.requests.map((r) => r.url).sort();
    assert.deepEqual(fetched, ["/pii-token.js", "/pii-token.wasm"], "files from the CDN");
    const tokenRequests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(tokenRequests.length, 1, "token requests at the API origin");
    assert.equal(tokenRequests[0].stripeAccount, ACCOUNT, "account from data-stripe-account");
    assert.equal(tokenRequests[0].stripeVersion, API_VERSION, "version from data-api-version");
    await assertLogClean(sandbox.apiBase, digits);
    const urls = [...requests.map((r) => r.url()), ...server.requests.map((r) => r.url)];
    assertNumberAbsent(urls, digits, "a request URL");
    assertNumberAbsent(consoleTexts, digits, "the page's console");
  });

  it("calls before ready wait or throw", async () => {
    const { page, consoleTexts } = session;
    await openScriptPage("/held/pii-token.js", configuredAttributes());
    await page.waitForFunction(() => window.PiiToken !== undefined);
    const early = await page.evaluate(() => {
      const codes = [];
      for (const call of [
        () => window.PiiToken.validateIdNumber("000000000", "us_ssn"),
        () => window.PiiToken.idTypes(),
        () => new window.PiiToken.Tokenizer("pk_test_abc"),
      ]) {
        try {
          call();
          codes.push("returned");
        } catch (error) {
          codes.push(`${error.name} ${error.type} ${error.code}`);
        }
      }
      return codes;
    });
    assert.deepEqual(early, Array(3).fill("PiiTokenError integration_error not_ready"));
    const { version } = JSON.parse(readFileSync(join(PKG_DIR, "package.json"), "utf8"));
    assert.equal(await page.evaluate(() => window.PiiToken.version), version, "version");

    const digits = generateSsn();
    await page.evaluate((number) => {
      window.pending = window.PiiToken.createPiiToken(number, { idType: "us_ssn" });
    }, digits);
    assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 0, "requests before ready");
    releaseWasm();
    const token = await page.evaluate(() => window.pending);
    assertFreshToken(token);
    const valid = await page.evaluate(() => {
      const tokenizer = new window.PiiToken.Tokenizer("pk_test_abc");
      return tokenizer instanceof window.PiiToken.Tokenizer;
    });
    assert.equal(valid, true, "a Tokenizer after ready");
    await assertLogClean(sandbox.apiBase, digits);
    assertNumberAbsent(consoleTexts, digits, "the page's console");
  });

  it("invalid data- option until configure", async () => {
    const { page } = session;
    const attributes = { ...configuredAttributes(), "data-timeout-ms": "soon" };
    await openScriptPage("/pii-token.js", attributes);
    await page.locator("body[data-ready=failed]").waitFor();
    const error = await page.evaluate(() =>
      window.PiiToken.ready.catch((e) => ({ name: e.name, code: e.code, param: e.param })),
    );
    const expected = { name: "PiiTokenError", code: "invalid_argument", param: "timeoutMs" };
    assert.deepEqual(error, expected, "ready's rejection");

    const digits = generateSsn();
    const rejection = await page.evaluate(
      (number) =>
        window.PiiToken.createPiiToken(number, { idType: "us_ssn" }).then(
          () => "resolved",
          (e) => `${e.code} ${e.param}`,
        ),
      digits,
    );
    assert.equal(rejection, "invalid_argument timeoutMs", "createPiiToken before configure");
    const valid = await page.evaluate(
      (number) => window.PiiToken.validateIdNumber(number, "us_ssn").valid,
      digits,
    );
    assert.equal(valid, true, "validateIdNumber works after the rejection");
    const requests = await fetchTokenRequests(sandbox.apiBase);
    assert.equal(requests.length, 0, "requests before configure");

    const token = await page.evaluate(
      ([number, options]) => {
        window.PiiToken.configure(options);
        return window.PiiToken.createPiiToken(number, { idType: "us_ssn" });
      },
      [digits, { publishableKey: sandbox.publishableKey, apiBase: sandbox.apiBase }],
    );
    assertFreshToken(token);
    await assertLogClean(sandbox.apiBase, digits);
  });

  it("data- numbers only in decimal notation", async () => {
    const { page } = session;
    for (const [attribute, param] of [
      ["data-timeout-ms", "timeoutMs"],
      ["data-max-network-retries", "maxNetworkRetries"],
    ]) {
      for (const text of ["0x10", "1e3", "0b1"]) {
        const attributes = { ...configuredAttributes(), [attribute]: text };
        // afterEach closes the last page's server.
        await session.server?.close();
        await openScriptPage("/pii-token.js", attributes);
        const outcome = await page.evaluate(() =>
          window.PiiToken.ready.then(
            () => "resolved",
            (e) => `${e.name} ${e.code} ${e.param}`,
          ),
        );
        assert.equal(outcome, `PiiTokenError invalid_argument ${param}`, `${attribute}="${text}"`);
      }
    }
  });

  it("element with id PiiToken does not stop it", async () => {
    const { page } = session;
    await openScriptPage("/pii-token.js", configuredAttributes(), '<meta id="PiiToken">');
    const global = await page.evaluate(() =>
      window.PiiToken instanceof Element ? "an element" : typeof window.PiiToken.ready?.then,
    );
    assert.equal(global, "function", "window.PiiToken is the script's API");
    await page.locator("body[data-ready=true]").waitFor();
    const digits = generateSsn();
    const { kind, text } = await tokenizeInForm(page, digits);
    assert.equal(kind, "token", `page shows: ${text}`);
    assertFreshToken(JSON.parse(text));
    await assertLogClean(sandbox.apiBase, digits);
  });

  it("wrong integrity blocks the script", async () => {
    const { page, consoleTexts } = session;
    await openScriptPage("/pii-token.js", configuredAttributes(sha384(Buffer.from("other"))));
    await page.locator("#result[data-kind=missing]").waitFor();
    assert.equal(await page.evaluate(() => typeof window.PiiToken), "undefined");
    assert.ok(
      consoleTexts.some((text) => /integrity/i.test(text) && text.includes("pii-token.js")),
      `no console message about the integrity check: ${JSON.stringify(consoleTexts)}`,
    );
    assert.deepEqual(cdn.requests.map((r) => r.url), ["/pii-token.js"], "files from the CDN");
    assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 0, "token requests");
  });

  it("changed .wasm fails its integrity check", async () => {
    const { page, consoleTexts } = session;
    await openScriptPage("/tampered/pii-token.js", configuredAttributes());
    await page.locator("body[data-ready=failed]").waitFor();
    const digits = generateSsn();
    const { kind, text } = await tokenizeInForm(page, digits);
    assert.equal(kind, "error", `page shows: ${text}`);
    assert.match(text, /^TypeError/, "createPiiToken's rejection");
    assert.ok(
      consoleTexts.some((t) => /integrity/i.test(t) && t.includes("pii-token.wasm")),
      `no console message about the .wasm's integrity: ${JSON.stringify(consoleTexts)}`,
    );
    assert.equal((await fetchTokenRequests(sandbox.apiBase)).length, 0, "token requests");
    assertNumberAbsent(consoleTexts, digits, "the page's console");
  });
});
